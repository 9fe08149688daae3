import { ConfigurationError, type ToolDefinition } from '@tp/core';

/**
 * The TCL MCP server's tool naming (mcp-tcl-udf-server), one `__`-separated name per tool:
 * - `bin__tcl_execute`, `sbin__tcl_tool_add`, `docs__molt_book`: system tools;
 * - `user__alice__utils__reverse_string` (latest) and `user__alice__utils__reverse_string__v1_0`;
 * - `mcp__srv__tool`: a tool of another MCP server (any other namespace).
 * Segments are letters, digits and "-" with single inner underscores, so splitting on `__` is
 * unambiguous and parsing is the exact inverse of formatting; anything else is rejected.
 */
export type TclMcpToolName =
  | { readonly kind: 'bin' | 'sbin' | 'docs'; readonly name: string }
  | {
      readonly kind: 'user';
      readonly user: string;
      readonly package: string;
      readonly name: string;
      /** The server's version (`1.0`); absent for `latest`. */
      readonly version?: string;
    }
  | { readonly kind: 'mcp'; readonly server: string; readonly name: string };

const segment = /^[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*$/;
const versionSegment = /^v(\d+(?:_\d+)*)$/;
const dottedVersion = /^\d+(?:\.\d+)*$/;
const systemKinds = new Set(['bin', 'sbin', 'docs']);

export function formatTclMcpName(name: TclMcpToolName): string {
  const parts =
    name.kind === 'user'
      ? ['user', name.user, name.package, name.name]
      : name.kind === 'mcp'
        ? ['mcp', name.server, name.name]
        : [name.kind, name.name];
  parts.slice(1).forEach((part, index) => {
    if (!segment.test(part)) {
      throw new ConfigurationError(
        `tclMcpName[${index + 1}]`,
        `"${part}" cannot be a name segment (letters, digits, "-" and single inner "_" only)`,
      );
    }
  });
  if (name.kind === 'user' && name.version !== undefined) {
    if (!dottedVersion.test(name.version)) {
      throw new ConfigurationError(
        'tclMcpName.version',
        `"${name.version}" must be digits and dots`,
      );
    }
    parts.push(`v${name.version.replaceAll('.', '_')}`);
  }
  return parts.join('__');
}

/** The parts of a name, or undefined when it is not a well-formed name of the scheme. */
export function parseTclMcpName(text: string): TclMcpToolName | undefined {
  if (typeof text !== 'string') return undefined;
  const [kind, ...rest] = text.split('__');
  if (!rest.every((part) => segment.test(part))) return undefined;
  if (kind !== undefined && systemKinds.has(kind) && rest.length === 1) {
    return { kind: kind as 'bin' | 'sbin' | 'docs', name: rest[0]! };
  }
  if (kind === 'mcp' && rest.length === 2) return { kind, server: rest[0]!, name: rest[1]! };
  if (kind === 'user' && (rest.length === 3 || rest.length === 4)) {
    const [user, pkg, name, version] = rest as [string, string, string, string | undefined];
    if (version === undefined) return { kind, user, package: pkg, name };
    const match = versionSegment.exec(version);
    if (!match) return undefined;
    return { kind, user, package: pkg, name, version: match[1]!.replaceAll('_', '.') };
  }
  return undefined;
}

/**
 * Where a registry tool sits in the scheme: namespaces `bin`/`sbin`/`docs`, `user:<user>:<package>`
 * (the version from `metadata.tclMcp.version` when the tool came from the TCL MCP server, else
 * its own version), and any other namespace as an MCP server.
 */
export function tclMcpNameOf(
  tool: Pick<ToolDefinition, 'name' | 'namespace' | 'version' | 'metadata'>,
): TclMcpToolName {
  if (systemKinds.has(tool.namespace)) {
    return { kind: tool.namespace as 'bin' | 'sbin' | 'docs', name: tool.name };
  }
  const user = /^user:([^:]+):([^:]+)$/.exec(tool.namespace);
  if (user) {
    const original = (tool.metadata?.tclMcp as { version?: unknown } | undefined)?.version;
    const version = typeof original === 'string' ? original : tool.version;
    return {
      kind: 'user',
      user: user[1]!,
      package: user[2]!,
      name: tool.name,
      ...(version === 'latest' ? {} : { version }),
    };
  }
  return { kind: 'mcp', server: tool.namespace, name: tool.name };
}

/** A registry lookup for a parsed name: namespace, name and (for pinned user tools) a version. */
export function tclMcpLookup(name: TclMcpToolName): {
  readonly tool: string;
  readonly namespace: string;
  readonly version?: string;
} {
  if (name.kind === 'user') {
    return {
      tool: name.name,
      namespace: `user:${name.user}:${name.package}`,
      ...(name.version === undefined ? {} : { version: semver(name.version) }),
    };
  }
  return { tool: name.name, namespace: name.kind === 'mcp' ? name.server : name.kind };
}

/**
 * The naming option of the served registry: `encode` names a tool, `decode` finds it again
 * (undefined for a malformed name). Shaped like @tp/mcp's ToolNameCodec.
 */
export function tclMcpNameCodec(): {
  encode(tool: ToolDefinition): string;
  decode(name: string): ReturnType<typeof tclMcpLookup> | undefined;
} {
  return {
    encode: (tool) => formatTclMcpName(tclMcpNameOf(tool)),
    decode: (name) => {
      const parsed = parseTclMcpName(name);
      return parsed ? tclMcpLookup(parsed) : undefined;
    },
  };
}

/** `1` → `1.0.0`, `1.0` → `1.0.0`: the TCL MCP server's short versions as registry versions. */
function semver(version: string): string {
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}
