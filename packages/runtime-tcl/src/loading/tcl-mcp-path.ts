import { ConfigurationError, DEFAULT_VERSION } from '@tp/core';

/**
 * Where a tool lives in the TCL MCP server's namespace: `/bin/<name>`, `/sbin/<name>`,
 * `/docs/<name>` (system tools) or `/<user>/<package>/<name>[:<version>]` (user tools).
 */
export type TclMcpPath =
  | { readonly kind: 'bin' | 'sbin' | 'docs'; readonly name: string }
  | {
      readonly kind: 'user';
      readonly user: string;
      readonly package: string;
      readonly name: string;
      /** The server's version string (`1.0`, `latest`). */
      readonly version: string;
    };

/** What tp records in a definition's `metadata.tclMcp`. */
export interface TclMcpMetadata {
  readonly path: string;
  readonly system: boolean;
  readonly version: string;
}

const segment = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function checkSegment(value: unknown, field: string): string {
  if (typeof value !== 'string' || !segment.test(value)) {
    throw new ConfigurationError(
      field,
      `"${String(value)}" must be letters, digits, "_" or "-", starting with a letter or digit`,
    );
  }
  return value;
}

export function formatTclMcpPath(path: TclMcpPath): string {
  if (path.kind !== 'user') return `/${path.kind}/${path.name}`;
  const base = `/${path.user}/${path.package}/${path.name}`;
  return path.version === 'latest' ? base : `${base}:${path.version}`;
}

/** Parses `/bin/x`, `/alice/utils/x:1.0`; undefined when the text is not such a path. */
export function parseTclMcpPath(text: string): TclMcpPath | undefined {
  const parts = text.startsWith('/') ? text.slice(1).split('/') : [];
  const valid = (value: string) => segment.test(value);
  if (parts.length === 2) {
    const [kind, name] = parts as [string, string];
    if ((kind === 'bin' || kind === 'sbin' || kind === 'docs') && valid(name))
      return { kind, name };
    return undefined;
  }
  if (parts.length !== 3) return undefined;
  const [user, pkg, nameVersion] = parts as [string, string, string];
  const [name, version = 'latest', ...more] = nameVersion.split(':');
  if (
    more.length > 0 ||
    !valid(user) ||
    !valid(pkg) ||
    !valid(name!) ||
    !/^[\w.-]+$/.test(version)
  ) {
    return undefined;
  }
  return { kind: 'user', user, package: pkg, name: name!, version };
}

/** tp's namespace of a TCL MCP server tool: `bin`, `sbin`, `docs` or `user:<user>:<package>`. */
export function namespaceOf(path: TclMcpPath): string {
  return path.kind === 'user' ? `user:${path.user}:${path.package}` : path.kind;
}

/** A server version (`1`, `1.0`, `1.2.3`, `latest`) as a semantic version. */
export function semverOf(version: string): string {
  if (version === 'latest' || version === '') return DEFAULT_VERSION;
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version);
  if (match) return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`;
  return version;
}

export function tclMcpMetadata(path: TclMcpPath): TclMcpMetadata {
  return {
    path: formatTclMcpPath(path),
    system: path.kind !== 'user',
    version: path.kind === 'user' ? path.version : 'latest',
  };
}
