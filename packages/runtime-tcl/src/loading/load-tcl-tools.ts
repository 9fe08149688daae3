import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigurationError, type ToolDefinition, TpError } from '@tp/core';
import { defineTclTool, type TclToolSource } from '../define-tcl-tool.js';
import { listFiles, listFolders } from './list-dir.js';
import { parseTclHeader } from './parse-tcl-header.js';
import { namespaceOf, semverOf, type TclMcpPath, tclMcpMetadata } from './tcl-mcp-path.js';

const systemFolders = ['bin', 'sbin', 'docs'] as const;

/**
 * Loads `.tcl` tools laid out like the TCL MCP server's `tools/` folder: `bin/`, `sbin/`, `docs/`
 * (system tools) and `users/<user>/<package>/` (user tools; `# @version` sets the version).
 * `.tcl` files directly in `dir` become tools of the `default` namespace.
 */
export async function loadTclTools(dir: string): Promise<ToolDefinition<TclToolSource>[]> {
  const tools: ToolDefinition<TclToolSource>[] = [];
  for (const file of await listFiles(dir, '.tcl')) tools.push(await loadFile(file, undefined));
  for (const kind of systemFolders) {
    for (const file of await listFiles(join(dir, kind), '.tcl')) {
      tools.push(await loadFile(file, { kind, name: basename(file, '.tcl') }));
    }
  }
  for (const user of await listFolders(join(dir, 'users'))) {
    for (const pkg of await listFolders(join(dir, 'users', user))) {
      for (const file of await listFiles(join(dir, 'users', user, pkg), '.tcl')) {
        const text = await readFile(file, 'utf8');
        const version = parseTclHeader(text).version ?? 'latest';
        tools.push(
          await loadFile(
            file,
            { kind: 'user', user, package: pkg, name: basename(file, '.tcl'), version },
            text,
          ),
        );
      }
    }
  }
  return tools;
}

async function loadFile(
  file: string,
  path: TclMcpPath | undefined,
  text?: string,
): Promise<ToolDefinition<TclToolSource>> {
  const script = text ?? (await readFile(file, 'utf8'));
  const header = parseTclHeader(script);
  try {
    return defineTclTool({
      name: basename(file, '.tcl'),
      ...(path ? { namespace: namespaceOf(path) } : {}),
      ...(header.version ? { version: semverOf(header.version) } : {}),
      description: header.description ?? `Tool from ${file}`,
      script,
      parameters: header.parameters,
      ...(header.result ? { result: header.result } : {}),
      origin: file,
      ...(path ? { metadata: { tclMcp: tclMcpMetadata(path) } } : {}),
    });
  } catch (error) {
    if (TpError.isInstance(error) && error.code === 'CONFIGURATION_ERROR') {
      throw new ConfigurationError(file, error.message, error);
    }
    throw error;
  }
}
