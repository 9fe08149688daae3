import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ConfigurationError,
  isValidTraceparent,
  isValidTracestate,
  type Processor,
  type ProgressUpdate,
} from '@tp/core';
import { MCP_RESULT_FORMAT } from '../client/call-result.js';
import { type ToolNaming, toolNameCodec } from '../naming/tool-name-codec.js';
import {
  invalidParamsError,
  SdkServer,
  StdioServerTransport,
  type Transport,
} from '../sdk/sdk-adapter.js';
import { toCallToolResult } from './call-tool-result.js';
import { sendJsonRpcError } from './http-error-response.js';
import { createHttpSessions, type SessionLimits, type SessionStats } from './http-sessions.js';
import { createOriginCheck } from './origin-check.js';
import { listedOutputSchema, toListedTool } from './tool-listing.js';
import { serveUpstreamCatalog, type UpstreamCatalog } from './upstream-catalog.js';
import { upstreamCallToolResult } from './upstream-result.js';

const SESSION_CLOSE_GRACE_MS = 2_000;

export interface CreateMcpServerOptions {
  /** Every tools/call runs through it, so guards, limits, retries and events apply. */
  readonly processor: Processor;
  readonly name?: string;
  readonly version?: string;
  readonly instructions?: string;
  /** How tools are named for clients: `qualified` (default, `namespace.name`), `bare`, `tcl-mcp`, or a codec. */
  readonly naming?: ToolNaming;
  /** Streamable HTTP session limits: `idleTimeoutMs` (default 10 min, 0 = never), `max` (default 1000). */
  readonly sessions?: SessionLimits;
  /**
   * Browser origins allowed to call the HTTP endpoint (`scheme://host[:port]`); a request with
   * another `Origin` gets 403 MCP_ORIGIN_FORBIDDEN, one without `Origin` is served. Default: the
   * loopback origins (localhost, 127.0.0.1, [::1]) of the port the request arrived on.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Also serve the resources and prompts of these upstream servers (a StreamManager): resources
   * keep their URIs, names are prefixed with the server, prompts are `<server>.<prompt>`.
   */
  readonly upstreams?: UpstreamCatalog;
}

export interface McpServerHandle {
  /** Serves one client over this process's stdin/stdout; resolves when the client goes away. */
  serveStdio(): Promise<void>;
  /** Node HTTP handler for Streamable HTTP (stateful sessions, `Mcp-Session-Id`). */
  handleHttpRequest(
    request: IncomingMessage,
    response: ServerResponse,
    parsedBody?: unknown,
  ): Promise<void>;
  /** Connects any SDK transport (one session). */
  connect(transport: Transport): Promise<void>;
  /** Open sessions (stdio + HTTP). */
  sessionCount(): number;
  /** Open sessions, limits and counters (expired, rejected) for health and metrics. */
  sessionStats(): SessionStats;
  close(): Promise<void>;
}

/**
 * The registry as an MCP server: tools/list shows every registered tool (any runtime) with its
 * JSON Schema and hints; tools/call goes through `processor.execute`; progress and cancellation
 * are forwarded; clients get tools/list_changed when the registry changes.
 */
export function createMcpServer(options: CreateMcpServerOptions): McpServerHandle {
  const { processor } = options;
  if (!processor || typeof processor.execute !== 'function') {
    throw new ConfigurationError(
      'processor',
      'createMcpServer needs a processor (createProcessor())',
    );
  }
  const registry = processor.registry;
  const codec = toolNameCodec(options.naming, registry);
  const sessions = new Set<InstanceType<typeof SdkServer>>();
  const originAllowed = createOriginCheck(options.allowedOrigins);
  let closed = false;

  const newServer = (onClose?: () => void) => {
    if (closed) throw new ConfigurationError('server', 'the MCP server was closed');
    const server = new SdkServer(
      { name: options.name ?? 'tp', version: options.version ?? '0.1.0' },
      {
        capabilities: {
          tools: { listChanged: true },
          ...(options.upstreams ? { resources: {}, prompts: {}, completions: {} } : {}),
        },
        ...(options.instructions ? { instructions: options.instructions } : {}),
      },
    );
    server.setRequestHandler('tools/list', async () => {
      const tools = registry.list();
      codec.prepare?.(tools);
      // A tool the naming scheme cannot express is left out rather than failing the whole list.
      return {
        tools: tools.flatMap((tool) => {
          try {
            return [toListedTool(tool, codec)];
          } catch {
            return [];
          }
        }),
      };
    });
    if (options.upstreams) serveUpstreamCatalog(server, options.upstreams);
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const { name, arguments: args } = request.params;
      const decoded = codec.decode(name);
      const resolved =
        decoded &&
        registry.resolve(decoded.tool, {
          ...(decoded.namespace ? { namespace: decoded.namespace } : {}),
          ...(decoded.version ? { version: decoded.version } : {}),
        });
      if (!decoded || !resolved?.ok) {
        throw invalidParamsError(
          `Unknown tool: ${name}${resolved && !resolved.ok ? ` (${resolved.error.message})` : ''}`,
        );
      }
      const progressToken = request.params._meta?.progressToken;
      const onProgress =
        progressToken === undefined
          ? undefined
          : (_callId: string, update: ProgressUpdate) => {
              void ctx.mcpReq
                .notify({ method: 'notifications/progress', params: { progressToken, ...update } })
                .catch(() => {});
            };
      const [result] = await processor.execute(
        [
          {
            id: String(ctx.mcpReq.id),
            tool: resolved.tool.name,
            namespace: resolved.tool.namespace,
            version: resolved.tool.version,
            arguments: (args ?? {}) as Record<string, unknown>,
          },
        ],
        {
          signal: ctx.mcpReq.signal,
          // Upstream MCP tools answer with their whole CallToolResult, passed on unchanged.
          context: {
            ...traceContextOf(request.params._meta),
            metadata: { [MCP_RESULT_FORMAT]: 'mcp' },
          },
          ...(onProgress ? { onProgress } : {}),
        },
      );
      const upstream = upstreamCallToolResult(result!);
      if (upstream) return upstream;
      const outputSchema = listedOutputSchema(resolved.tool);
      const callResult = toCallToolResult(result!, outputSchema !== undefined);
      // Errors stay as they are: their structuredContent is our error payload, not the tool's output.
      return callResult.isError
        ? callResult
        : server.projectCallToolResult(callResult, outputSchema);
    });
    server.onclose = () => {
      sessions.delete(server);
      onClose?.();
    };
    return server;
  };
  const newSession = (onClose?: () => void) => {
    const server = newServer(onClose);
    sessions.add(server);
    return server;
  };
  const httpSessions = createHttpSessions(options.sessions, newServer, (server) =>
    sessions.add(server),
  );

  // Many registrations in a row (a server importing 50 tools) become one notification.
  let changeQueued = false;
  const unsubscribe = registry.subscribe(() => {
    if (changeQueued || closed) return;
    changeQueued = true;
    setImmediate(() => {
      changeQueued = false;
      for (const server of sessions) void server.sendToolListChanged().catch(() => {});
    });
  });

  const connect = async (transport: Transport) => {
    await newSession().connect(transport);
  };

  return {
    connect,
    serveStdio() {
      return new Promise<void>((resolve, reject) => {
        newSession(resolve).connect(new StdioServerTransport()).catch(reject);
      });
    },
    async handleHttpRequest(request, response, parsedBody) {
      if (!originAllowed(request)) {
        sendJsonRpcError(
          response,
          403,
          `Forbidden: Origin ${JSON.stringify(request.headers.origin)} is not allowed (allowedOrigins)`,
          { code: 'MCP_ORIGIN_FORBIDDEN' },
        );
        return;
      }
      await httpSessions.handle(request, response, parsedBody);
    },
    sessionCount: () => sessions.size,
    sessionStats: () => ({ open: sessions.size, ...httpSessions.stats() }),
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      // A session whose client vanished mid-stream may never finish closing; shutdown must not hang on it.
      await Promise.allSettled(
        [...sessions].map((server) =>
          Promise.race([
            server.close(),
            new Promise((resolve) => setTimeout(resolve, SESSION_CLOSE_GRACE_MS).unref()),
          ]),
        ),
      );
      sessions.clear();
      httpSessions.clear();
    },
  };
}

/**
 * The caller's W3C trace context from the request `_meta` (where MCP clients and tp's own runtime
 * put it). Untrusted: a malformed traceparent is dropped with its tracestate, as W3C asks.
 */
function traceContextOf(meta: Record<string, unknown> | undefined) {
  const traceparent = meta?.traceparent;
  if (typeof traceparent !== 'string' || !isValidTraceparent(traceparent)) return {};
  const tracestate = meta?.tracestate;
  return {
    traceparent,
    ...(typeof tracestate === 'string' && isValidTracestate(tracestate) ? { tracestate } : {}),
  };
}
