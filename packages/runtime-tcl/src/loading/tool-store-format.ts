import { ConfigurationError, type ToolDefinition } from '@tp/core';
import { defineTclTool, type TclToolSource } from '../define-tcl-tool.js';
import type { TclParameter } from '../tcl-parameters.js';
import { namespaceOf, semverOf, type TclMcpPath, tclMcpMetadata } from './tcl-mcp-path.js';

/**
 * The TCL MCP server's persisted tool (serde's encoding of its Rust types): the path's namespace
 * is `"Bin"`, `"Sbin"`, `"Docs"` or `{ "User": "<user>" }`.
 */
export interface StoredTclTool {
  readonly metadata: {
    readonly id: string;
    readonly created_at: string;
    readonly updated_at: string;
    readonly checksum: string;
    readonly file_version: number;
  };
  readonly tool: {
    readonly path: StoredToolPath;
    readonly description: string;
    readonly script: string;
    readonly parameters: readonly TclParameter[];
  };
}

export interface StoredToolPath {
  readonly namespace: 'Bin' | 'Sbin' | 'Docs' | { readonly User: string };
  readonly package: string | null;
  readonly name: string;
  readonly version: string;
}

/** `index.json`: tool path text → where its file is. */
export interface StoredToolIndex {
  tools: Record<
    string,
    { path: StoredToolPath; file_path: string; checksum: string; updated_at: string }
  >;
  last_updated: string;
}

export function fromStoredPath(path: StoredToolPath, field: string): TclMcpPath {
  const namespace = path?.namespace;
  if (namespace === 'Bin' || namespace === 'Sbin' || namespace === 'Docs') {
    return { kind: namespace.toLowerCase() as 'bin' | 'sbin' | 'docs', name: path.name };
  }
  if (typeof namespace === 'object' && namespace !== null && typeof namespace.User === 'string') {
    if (typeof path.package !== 'string') {
      throw new ConfigurationError(`${field}.package`, 'user tools need a package');
    }
    return {
      kind: 'user',
      user: namespace.User,
      package: path.package,
      name: path.name,
      version: path.version || 'latest',
    };
  }
  throw new ConfigurationError(
    `${field}.namespace`,
    `unknown namespace ${JSON.stringify(namespace)}`,
  );
}

export function toStoredPath(path: TclMcpPath): StoredToolPath {
  if (path.kind === 'user') {
    return {
      namespace: { User: path.user },
      package: path.package,
      name: path.name,
      version: path.version,
    };
  }
  const kind = path.kind;
  return {
    namespace: (kind[0]!.toUpperCase() + kind.slice(1)) as 'Bin' | 'Sbin' | 'Docs',
    package: null,
    name: path.name,
    version: 'latest',
  };
}

/** A stored tool as a tp definition, keeping its script and parameters exactly as stored. */
export function definitionOfStored(
  stored: StoredTclTool,
  origin: string,
): ToolDefinition<TclToolSource> {
  const tool = stored?.tool;
  if (typeof tool !== 'object' || tool === null) {
    throw new ConfigurationError(`${origin}.tool`, 'missing');
  }
  const path = fromStoredPath(tool.path, `${origin}.tool.path`);
  return defineTclTool({
    name: path.name,
    namespace: namespaceOf(path),
    version: semverOf(path.kind === 'user' ? path.version : 'latest'),
    description: tool.description ?? '',
    script: tool.script,
    parameters: tool.parameters ?? [],
    origin,
    metadata: { tclMcp: tclMcpMetadata(path) },
  });
}
