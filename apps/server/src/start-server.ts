import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, createProcessor, createRegistry, type Processor } from '@tp/core';
import {
  createFileSnapshotStore,
  createMcpServer,
  createStreamManager,
  type McpServerConfig,
  normalizeHost,
  type SessionLimits,
  type StreamManager,
} from '@tp/mcp';
import { instrumentProcessor } from '@tp/otel';
import { adminTools, summarize } from './admin-tools.js';
import { createDynamicFront } from './dynamic-front.js';
import { loadToolModules } from './load-tool-modules.js';
import { followMcpConfigFiles } from './mcp-config-files.js';
import { prometheusMetrics } from './metrics.js';
import { loadServerConfig } from './server-config.js';
import { tracingFromEnv } from './telemetry.js';
import { type ToolFolder, watchToolFolders } from './tool-folders.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3333;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a host (a bind address or a Host header) is loopback, as the URL parser reads it. */
function isLoopback(host: string | undefined): boolean {
  const normalized = normalizeHost(host === '::1' ? '[::1]' : host);
  return normalized !== undefined && LOOPBACK.has(normalized);
}

export interface StartServerOptions {
  /** Serve one client over stdin/stdout instead of HTTP. */
  readonly stdio?: boolean;
  readonly host?: string;
  /** 0 picks a free port. Default: config file, then TP_PORT, then 3333. */
  readonly port?: number;
  /** JSON config: { mcpServers, tools, host, port, schemaSnapshotDir }. */
  readonly configPath?: string;
  /** Extra tool modules (ES modules exporting definitions). */
  readonly tools?: readonly string[];
  /** Upstream servers in addition to the config file's. */
  readonly servers?: Readonly<Record<string, McpServerConfig>>;
  /** Tool naming for clients (default: the config file's, else `qualified`). */
  readonly naming?: 'qualified' | 'bare' | 'tcl-mcp';
  /** Streamable HTTP session limits (default: the config file's, else 10 min idle, 1000 open). */
  readonly sessions?: SessionLimits;
  /** Browser origins allowed on /mcp (default: the config file's, else loopback origins of the port). */
  readonly allowedOrigins?: readonly string[];
  /** Registers the admin tools (add/remove/list upstream servers). */
  readonly privileged?: boolean;
  /**
   * Serve clients only search_tools, get_tool_schema and call_tool (plus `pinned` tools): a model
   * with a small context reaches every tool through them (default: the config file's, else off).
   */
  readonly dynamic?: boolean;
  /** Tools listed directly in dynamic mode, by qualified name (added to the config file's). */
  readonly pinned?: readonly string[];
  /** MCP config files (`mcpServers` JSON) to connect and follow, besides the config file's. */
  readonly mcpConfigFiles?: readonly string[];
  /** Folders of tool files to load and watch, in addition to the config file's `toolFolders`. */
  readonly toolFolders?: readonly ToolFolder[];
  /** Diagnostics (never stdout: in stdio mode that is the protocol channel). */
  readonly log?: (line: string) => void;
  /**
   * How long close() waits for sessions, runtimes and upstream servers before it reports what is
   * left and resolves anyway (default 2000 ms).
   */
  readonly shutdownTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  /** The MCP endpoint (HTTP mode). */
  readonly url?: string;
  readonly healthUrl?: string;
  readonly processor: Processor;
  readonly manager: StreamManager;
  /** Resolves when the server stopped (close(), or the stdio client went away). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

function portFrom(options: StartServerOptions, configPort: number | undefined): number {
  if (options.port !== undefined) return options.port;
  if (configPort !== undefined) return configPort;
  const fromEnv = (options.env ?? process.env).TP_PORT;
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_PORT;
  const port = Number(fromEnv);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigurationError('TP_PORT', `"${fromEnv}" is not a port number`);
  }
  return port;
}

/**
 * Starts the reference server: the registry (example tools, tool modules, upstream MCP servers
 * proxied under their names) served over Streamable HTTP (`/mcp`, `/health`) or stdio.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const file = options.configPath ? await loadServerConfig(options.configPath) : undefined;
  const registry = createRegistry();
  registry.register(...(await loadToolModules([...(file?.tools ?? []), ...(options.tools ?? [])])));
  const folders = await watchToolFolders(
    registry,
    [...(file?.toolFolders ?? []), ...(options.toolFolders ?? [])],
    log,
  );
  const manager = createStreamManager({
    registry,
    servers: { ...file?.servers, ...options.servers },
    snapshotStore: file?.schemaSnapshotDir
      ? createFileSnapshotStore(file.schemaSnapshotDir)
      : false,
    ...(file?.quarantineBreakingChanges ? { quarantineBreakingChanges: true } : {}),
  });
  manager.events.on('mcp:status', ({ status }) => {
    if (status.state === 'down') {
      log(`[tp:server] upstream "${status.name}" is down: ${status.lastError ?? 'unknown error'}`);
    }
  });
  if (options.privileged) registry.register(...adminTools(manager));
  // The manager bound its runtime to the tools it registers; it owns it (manager.close()).
  const processor = createProcessor({ registry });
  // Spans (OTLP export when the OTEL_* variables ask for it) and the tp_* metrics on /metrics.
  const tracing = tracingFromEnv(options.env ?? process.env);
  const telemetry = instrumentProcessor(processor, {
    ...(tracing ? { tracerProvider: tracing.tracerProvider } : {}),
    streamManagers: [manager],
  });
  await manager.start();
  const mcpConfigs = await followMcpConfigFiles(
    [...(file?.mcpConfigFiles ?? []), ...(options.mcpConfigFiles ?? [])],
    manager,
    log,
  );
  const dynamic =
    (options.dynamic ?? file?.dynamic)
      ? createDynamicFront(processor, [...(file?.pinned ?? []), ...(options.pinned ?? [])])
      : undefined;
  // Dynamic clients see the meta-tools by their own names (search_tools, not default.search_tools).
  const naming = options.naming ?? file?.naming ?? (dynamic ? 'bare' : undefined);
  const sessions = options.sessions ?? file?.sessions;
  const allowedOrigins = options.allowedOrigins ?? file?.allowedOrigins;
  const mcp = createMcpServer({
    processor: dynamic?.processor ?? processor,
    name: 'tp-server',
    version: '0.1.0',
    ...(naming ? { naming } : {}),
    ...(sessions ? { sessions } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    upstreams: manager,
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let http: Server | undefined;
  let closing: Promise<void> | undefined;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 2_000;
  const close = () =>
    (closing ??= (async () => {
      const started = performance.now();
      const sessionCount = mcp.sessionCount();
      const upstreams = Object.keys(manager.status());
      const tools = registry.list().length;
      let step = 'the HTTP listener';
      const steps = (async () => {
        if (http) {
          const stopped = new Promise((resolve) => http!.close(resolve));
          http.closeAllConnections();
          await stopped;
        }
        step = 'the MCP sessions';
        await mcp.close();
        step = 'the dynamic tools';
        await dynamic?.close();
        step = 'the processor';
        await processor.close();
        step = 'the upstream servers';
        await mcpConfigs?.close();
        await manager.close(); // closes the mcp runtime and the upstream servers
        step = 'the trace export';
        telemetry.uninstall();
        await tracing?.shutdown();
        step = 'the tool folders';
        await folders?.close();
        step = '';
      })();
      const finished = await settledWithin(steps, shutdownTimeoutMs);
      const upstreamList = upstreams.length > 0 ? ` (${upstreams.join(', ')})` : '';
      log(
        `[tp:server] stopped in ${Math.round(performance.now() - started)} ms: closed ` +
          `${plural(sessionCount, 'session')}, ${plural(upstreams.length, 'upstream server')}` +
          `${upstreamList}, ${plural(tools, 'tool')} unloaded` +
          (finished ? '' : `; gave up waiting for ${step} after ${shutdownTimeoutMs} ms`),
      );
      resolveClosed();
    })());

  if (options.stdio) {
    void mcp.serveStdio().then(close, (error) => {
      log(`[tp:server] stdio session failed: ${(error as Error).message}`);
      return close();
    });
    log(
      `[tp:server] serving ${registry.list().length} tools over stdio` +
        (dynamic ? ' (dynamic: search_tools, get_tool_schema, call_tool)' : ''),
    );
    return { processor, manager, closed, close };
  }

  const host = options.host ?? file?.host ?? DEFAULT_HOST;
  const port = portFrom(options, file?.port);
  const startedAt = Date.now();
  const health = async (response: ServerResponse) => {
    const servers = summarize(manager);
    const runtimes = await processor.health();
    const degraded =
      runtimes.status !== 'ready' || servers.some((server) => server.state === 'down');
    const { rss, heapUsed } = process.memoryUsage();
    const body = {
      status: degraded ? 'degraded' : 'ok',
      uptimeMs: Date.now() - startedAt,
      tools: registry.list().length,
      sessions: mcp.sessionCount(),
      sessionStats: mcp.sessionStats(),
      memory: { rssBytes: rss, heapUsedBytes: heapUsed },
      servers,
      runtimes: runtimes.runtimes,
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const metrics = async (response: ServerResponse) => {
    const own = prometheusMetrics(mcp.sessionStats(), registry.list().length);
    const body = `${own}${await telemetry.registry.metrics()}`;
    response.writeHead(200, { 'content-type': telemetry.registry.contentType });
    response.end(body);
  };
  // Bound to loopback, only loopback Host headers are served: a web page that rebinds its DNS name
  // to 127.0.0.1 must not reach the tools (DNS rebinding).
  // Host names compare as the URL parser reads them: case-insensitive, one trailing dot allowed.
  const loopbackOnly = isLoopback(host);
  http = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (loopbackOnly && !isLoopback(request.headers.host)) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/mcp') {
      mcp.handleHttpRequest(request, response).catch((error: unknown) => {
        log(`[tp:server] request failed: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    } else if (path === '/health' && request.method === 'GET') {
      health(response).catch((error: unknown) => {
        log(`[tp:server] health check failed: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    } else if (path === '/metrics' && request.method === 'GET') {
      metrics(response).catch((error: unknown) => {
        log(`[tp:server] metrics failed: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    } else {
      response
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('not found: try /mcp, /health or /metrics\n');
    }
  });
  // Clients keep idle connections for ~4-5 s (undici: 4 s); with Node's 5 s default, a busy
  // machine lets the server close a socket just as a client reuses it ("other side closed").
  // Idle sockets are cheap and close() ends them all.
  http.keepAliveTimeout = IDLE_CONNECTION_MS;
  await new Promise<void>((resolve, reject) => {
    http!.once('error', reject);
    http!.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return { url: `${origin}/mcp`, healthUrl: `${origin}/health`, processor, manager, closed, close };
}

const IDLE_CONNECTION_MS = 65_000;

/** Whether `work` settled within `ms` (its failure counts as settled: shutdown goes on). */
function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
