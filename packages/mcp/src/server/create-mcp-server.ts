import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationError, type Processor, type ProgressUpdate } from '@tp/core';
import { type ToolNaming, toolNameCodec } from '../naming/tool-name-codec.js';
import {
  invalidParamsError,
  NodeStreamableHTTPServerTransport,
  SdkServer,
  StdioServerTransport,
  type Transport,
} from '../sdk/sdk-adapter.js';
import { toCallToolResult } from './call-tool-result.js';
import { listedOutputSchema, toListedTool } from './tool-listing.js';

const SESSION_CLOSE_GRACE_MS = 2_000;

export interface CreateMcpServerOptions {
  /** Every tools/call runs through it, so guards, limits, retries and events apply. */
  readonly processor: Processor;
  readonly name?: string;
  readonly version?: string;
  readonly instructions?: string;
  /** How tools are named for clients: `qualified` (default, `namespace.name`), `tcl-mcp`, or a codec. */
  readonly naming?: ToolNaming;
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
  const httpSessions = new Map<string, NodeStreamableHTTPServerTransport>();
  let closed = false;

  const newSession = (onClose?: () => void) => {
    const server = new SdkServer(
      { name: options.name ?? 'tp', version: options.version ?? '0.1.0' },
      {
        capabilities: { tools: { listChanged: true } },
        ...(options.instructions ? { instructions: options.instructions } : {}),
      },
    );
    server.setRequestHandler('tools/list', async () => ({
      // A tool the naming scheme cannot express is left out rather than failing the whole list.
      tools: registry.list().flatMap((tool) => {
        try {
          return [toListedTool(tool, codec)];
        } catch {
          return [];
        }
      }),
    }));
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
        { signal: ctx.mcpReq.signal, ...(onProgress ? { onProgress } : {}) },
      );
      const outputSchema = listedOutputSchema(resolved.tool);
      const callResult = toCallToolResult(result!, outputSchema !== undefined);
      // Errors stay as they are: their structuredContent is our error payload, not the tool's output.
      return callResult.isError
        ? callResult
        : server.projectCallToolResult(callResult, outputSchema);
    });
    sessions.add(server);
    server.onclose = () => {
      sessions.delete(server);
      onClose?.();
    };
    return server;
  };

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
    if (closed) throw new ConfigurationError('server', 'the MCP server was closed');
    await newSession().connect(transport);
  };

  return {
    connect,
    serveStdio() {
      if (closed)
        return Promise.reject(new ConfigurationError('server', 'the MCP server was closed'));
      return new Promise<void>((resolve, reject) => {
        newSession(resolve).connect(new StdioServerTransport()).catch(reject);
      });
    },
    async handleHttpRequest(request, response, parsedBody) {
      const header = request.headers['mcp-session-id'];
      const sessionId = Array.isArray(header) ? header[0] : header;
      let transport = sessionId ? httpSessions.get(sessionId) : undefined;
      if (!transport) {
        if (sessionId || request.method !== 'POST') {
          // An unknown session (expired, or from before a restart): 404 tells the client to re-initialize.
          response.writeHead(sessionId ? 404 : 400, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              jsonrpc: '2.0',
              error: {
                code: -32000,
                message: sessionId ? 'Session not found' : 'Bad Request: no session',
              },
              id: null,
            }),
          );
          return;
        }
        const created = new NodeStreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            httpSessions.set(id, created);
          },
          onsessionclosed: (id) => {
            httpSessions.delete(id);
          },
        });
        created.onclose = () => {
          if (created.sessionId) httpSessions.delete(created.sessionId);
        };
        await connect(created);
        transport = created;
      }
      await transport.handleRequest(request, response, parsedBody);
    },
    sessionCount: () => sessions.size,
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
