import {
  httpStatusOf,
  SdkClient,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Transport,
} from '../sdk/sdk-adapter.js';
import { ProgressTapTransport } from './progress-tap.js';
import { createRequestSignalRouter, type RequestSignalRouter } from './request-signal-router.js';
import type { McpServerConfig, RemoteServerConfig, TransportKind } from './server-config.js';
import { transportKindOf } from './server-config.js';
import { StdioClientTransport } from './stdio-client-transport.js';
import { tokenRefreshProvider } from './token-refresh-auth.js';

export interface OpenedClient {
  readonly client: SdkClient;
  readonly transport: Transport;
  /** Wraps `transport`; delivers progress in wire order (see ProgressTapTransport). */
  readonly tap: ProgressTapTransport;
  readonly kind: TransportKind;
  /** The stdio transport (pid, stderr tail) when the server is a local process. */
  readonly stdio?: StdioClientTransport;
}

export interface OpenClientOptions {
  readonly clientName: string;
  readonly clientVersion: string;
  readonly connectTimeoutMs: number;
  readonly stderrLines: number;
  readonly killGraceMs: number;
  /** Registered before connect, so no early notification is lost. */
  readonly prepare: (client: SdkClient) => void;
  /** Sees each stdio transport before connecting, so a failed start's stderr is still readable. */
  readonly onStdio?: (transport: StdioClientTransport) => void;
}

function remoteInit(config: RemoteServerConfig): RequestInit {
  const headers: Record<string, string> = { ...config.headers };
  if (config.bearerToken) headers.Authorization = `Bearer ${config.bearerToken}`;
  return { headers };
}

function transportFor(
  config: McpServerConfig,
  kind: TransportKind,
  options: OpenClientOptions,
  router: RequestSignalRouter,
) {
  if ('command' in config) {
    return new StdioClientTransport({
      command: config.command,
      ...(config.args ? { args: config.args } : {}),
      ...(config.env ? { env: config.env } : {}),
      ...(config.cwd ? { cwd: config.cwd } : {}),
      stderrLines: options.stderrLines,
      killGraceMs: options.killGraceMs,
    });
  }
  const url = new URL(config.url);
  const shared = {
    requestInit: remoteInit(config),
    fetch: router.fetch,
    ...(config.authProvider ? { authProvider: config.authProvider } : {}),
    ...(config.auth ? { authProvider: tokenRefreshProvider(config.auth) } : {}),
  };
  return kind === 'sse'
    ? new SSEClientTransport(url, shared)
    : new StreamableHTTPClientTransport(url, {
        ...shared,
        // StreamManager supervises and reconnects itself; the SDK's own GET-stream retries would
        // only delay noticing a dead server.
        reconnectionOptions: {
          maxRetries: 0,
          initialReconnectionDelay: 1000,
          maxReconnectionDelay: 1000,
          reconnectionDelayGrowFactor: 1,
        },
      });
}

async function connectWith(
  config: McpServerConfig,
  kind: TransportKind,
  options: OpenClientOptions,
): Promise<OpenedClient> {
  const router = createRequestSignalRouter();
  const transport = transportFor(config, kind, options, router);
  if (transport instanceof StdioClientTransport) options.onStdio?.(transport);
  const tap = new ProgressTapTransport(
    transport,
    transport instanceof StdioClientTransport ? undefined : router,
  );
  const client = new SdkClient(
    { name: options.clientName, version: options.clientVersion },
    { capabilities: {} },
  );
  options.prepare(client);
  try {
    await client.connect(tap, { timeout: options.connectTimeoutMs });
  } catch (error) {
    await client.close().catch(() => {});
    await transport.close().catch(() => {});
    throw error;
  }
  return {
    client,
    transport,
    tap,
    kind,
    ...(transport instanceof StdioClientTransport ? { stdio: transport } : {}),
  };
}

/** Whether a failed Streamable HTTP attempt means "this is an SSE-only server". */
export function shouldFallBackToSse(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
}

/**
 * Connects to one server. A URL without an explicit type tries Streamable HTTP first and falls
 * back to SSE only when the server answers 4xx other than 401/403 (auth failures must surface,
 * not silently downgrade the transport).
 */
export async function openClient(
  config: McpServerConfig,
  options: OpenClientOptions,
): Promise<OpenedClient> {
  const kind = transportKindOf(config);
  if (kind !== 'auto') return connectWith(config, kind, options);
  try {
    return await connectWith(config, 'streamable-http', options);
  } catch (error) {
    if (!shouldFallBackToSse(error)) throw error;
    return connectWith(config, 'sse', options);
  }
}
