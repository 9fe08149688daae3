import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { ConfigurationError, type ToolDefinition, TpError } from '@tp/core';
import { defineTclTool, type TclToolSource } from '../define-tcl-tool.js';
import { listFiles, listFolders } from './list-dir.js';
import { parseTclHeader } from './parse-tcl-header.js';
import { namespaceOf, semverOf, tclMcpMetadata } from './tcl-mcp-path.js';

const systemFolders = ['bin', 'sbin', 'docs'] as const;
type SystemFolder = (typeof systemFolders)[number];

/** Where a file sits in the layout: the root itself, a system folder, or a user package. */
type Place =
  | { readonly kind: 'root' }
  | { readonly kind: SystemFolder }
  | { readonly kind: 'user'; readonly user: string; readonly package: string };

/**
 * Loads `.tcl` tools laid out like the TCL MCP server's `tools/` folder: `bin/`, `sbin/`, `docs/`
 * (system tools) and `users/<user>/<package>/` (user tools; `# @version` sets the version).
 * `.tcl` files directly in `dir` become tools of the `default` namespace.
 */
export async function loadTclTools(dir: string): Promise<ToolDefinition<TclToolSource>[]> {
  const files = [
    ...(await listFiles(dir, '.tcl')),
    ...(await Promise.all(systemFolders.map((kind) => listFiles(join(dir, kind), '.tcl')))).flat(),
  ];
  for (const user of await listFolders(join(dir, 'users'))) {
    for (const pkg of await listFolders(join(dir, 'users', user))) {
      files.push(...(await listFiles(join(dir, 'users', user, pkg), '.tcl')));
    }
  }
  return (await Promise.all(files.map((file) => loadTclFile(file, dir)))).flat();
}

/**
 * The tool of one `.tcl` file under `root` (the layout of loadTclTools), or none when the file
 * is not where that layout puts tools. `text` spares reading the file again.
 */
export async function loadTclFile(
  file: string,
  root: string,
  text?: string,
): Promise<ToolDefinition<TclToolSource>[]> {
  const place = placeOf(root, file);
  if (!place) return [];
  return [toolFrom(file, place, text ?? (await readFile(file, 'utf8')))];
}

function placeOf(root: string, file: string): Place | undefined {
  if (!file.endsWith('.tcl')) return undefined;
  const parts = relative(root, file).split(sep);
  if (parts.length === 1 && parts[0] !== '..') return { kind: 'root' };
  const [folder = '', user = '', pkg = ''] = parts;
  if (parts.length === 2 && (systemFolders as readonly string[]).includes(folder)) {
    return { kind: folder as SystemFolder };
  }
  if (parts.length === 4 && folder === 'users') return { kind: 'user', user, package: pkg };
  return undefined;
}

function toolFrom(file: string, place: Place, script: string): ToolDefinition<TclToolSource> {
  const header = parseTclHeader(script);
  const name = basename(file, '.tcl');
  const path =
    place.kind === 'root'
      ? undefined
      : place.kind === 'user'
        ? { ...place, name, version: header.version ?? 'latest' }
        : { kind: place.kind, name };
  try {
    return defineTclTool({
      name,
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
