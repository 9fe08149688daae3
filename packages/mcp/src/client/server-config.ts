import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '@tp/core';
import { z } from 'zod';
import type { AuthProvider, OAuthClientProvider } from '../sdk/sdk-adapter.js';
import type { TokenRefreshAuth } from './token-refresh-auth.js';

const timeouts = {
  /** Idle timeout of one call, reset by each progress notification. */
  timeoutMs: z.number().int().positive().optional(),
  /** Hard maximum of one call, whatever progress it reports. */
  maxTotalTimeoutMs: z.number().int().positive().optional(),
  /** Tool names (remote) to import; all when absent. */
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  disabled: z.boolean().optional(),
  /**
   * Calls of this server's tools running at once: the limit of the server's resilience group,
   * applied by the processor's bulkhead when it is on (`bulkhead.groups[server]` wins).
   */
  maxConcurrency: z.number().int().positive().optional(),
};

const stdioSchema = z
  .object({
    type: z.literal('stdio').optional(),
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
    ...timeouts,
  })
  .strict();

const urlSchema = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an http(s) URL',
  });

const remoteSchema = z
  .object({
    type: z.enum(['sse', 'http', 'streamable-http', 'streamableHttp']).optional(),
    url: urlSchema,
    headers: z.record(z.string(), z.string()).optional(),
    /** Static bearer token, sent as `Authorization: Bearer …`. */
    bearerToken: z.string().optional(),
    ...timeouts,
  })
  .strict();

const serverSchema = z.union([stdioSchema, remoteSchema]);

/** Server names become registry namespaces, so they use the namespace alphabet. */
const serverNameSchema = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/, {
  message: 'server names are 1-64 letters, digits, "_" or "-"',
});

export type StdioServerConfig = z.infer<typeof stdioSchema>;
export type RemoteServerConfig = z.infer<typeof remoteSchema> & {
  /** OAuth / token provider of the SDK, passed through to the HTTP transports. */
  readonly authProvider?: AuthProvider | OAuthClientProvider;
  /** A bearer token from the application, fetched again after a 401 (see TokenRefreshAuth). */
  readonly auth?: TokenRefreshAuth;
};
export type McpServerConfig = StdioServerConfig | RemoteServerConfig;

export type TransportKind = 'stdio' | 'sse' | 'streamable-http';

export function transportKindOf(config: McpServerConfig): TransportKind | 'auto' {
  if ('command' in config) return 'stdio';
  if (config.type === 'sse') return 'sse';
  if (config.type === undefined) return 'auto';
  return 'streamable-http';
}

function fail(where: string, error: z.ZodError): never {
  const issue = error.issues[0]!;
  const path = [where, ...issue.path.map(String)].join('.');
  throw new ConfigurationError(path, issue.message);
}

/** Validates one server's config; throws ConfigurationError naming the field. */
export function parseServerConfig(name: string, config: unknown): McpServerConfig {
  const nameCheck = serverNameSchema.safeParse(name);
  if (!nameCheck.success) fail(`servers.${name}`, nameCheck.error);
  // authProvider and auth are objects with functions: kept aside, not validated by zod.
  const { authProvider, auth, ...plain } = (config ?? {}) as Record<string, unknown>;
  const parsed = serverSchema.safeParse(plain);
  if (!parsed.success) {
    const isRemote = typeof plain === 'object' && plain !== null && 'url' in plain;
    const branch = (isRemote ? remoteSchema : stdioSchema).safeParse(plain);
    fail(`servers.${name}`, branch.success ? parsed.error : branch.error);
  }
  for (const [field, value] of [
    ['authProvider', authProvider],
    ['auth', auth],
  ] as const) {
    if (value !== undefined && 'command' in parsed.data) {
      throw new ConfigurationError(`servers.${name}.${field}`, 'only applies to URL servers');
    }
  }
  if (auth !== undefined) {
    checkTokenAuth(name, auth, authProvider !== undefined, 'bearerToken' in parsed.data);
    return { ...parsed.data, auth: auth as TokenRefreshAuth };
  }
  if (authProvider !== undefined) {
    return { ...parsed.data, authProvider: authProvider as AuthProvider };
  }
  return parsed.data;
}

function checkTokenAuth(name: string, auth: unknown, withProvider: boolean, withBearer: boolean) {
  if (typeof (auth as Partial<TokenRefreshAuth> | null)?.getToken !== 'function') {
    throw new ConfigurationError(`servers.${name}.auth.getToken`, 'must be a function');
  }
  // Each of these sets the Authorization header; two sources would silently fight.
  if (withProvider || withBearer) {
    throw new ConfigurationError(
      `servers.${name}.auth`,
      `cannot be combined with ${withProvider ? 'authProvider' : 'bearerToken'}`,
    );
  }
}

export function parseServerConfigs(servers: unknown): Record<string, McpServerConfig> {
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new ConfigurationError('servers', 'must be an object keyed by server name');
  }
  const parsed: Record<string, McpServerConfig> = {};
  for (const [name, config] of Object.entries(servers)) {
    parsed[name] = parseServerConfig(name, config);
  }
  return parsed;
}

/**
 * Reads a JSON file in the `mcpServers` format desktop MCP clients use
 * (`{ "mcpServers": { "name": { "command": …, "args": […] } | { "url": … } } }`).
 * A relative `cwd` is resolved against the file's folder.
 */
export async function loadMcpConfig(path: string): Promise<Record<string, McpServerConfig>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(
      path,
      `cannot read MCP config: ${(error as Error).message}`,
      error,
    );
  }
  const servers = (json as { mcpServers?: unknown })?.mcpServers;
  if (servers === undefined) throw new ConfigurationError(`${path}: mcpServers`, 'is missing');
  const parsed = parseServerConfigs(servers);
  for (const config of Object.values(parsed)) {
    if ('command' in config && config.cwd) config.cwd = resolve(dirname(path), config.cwd);
  }
  return parsed;
}
