import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationError } from '@tp/core';
import { NodeStreamableHTTPServerTransport, type SdkServer } from '../sdk/sdk-adapter.js';
import { sendJsonRpcError } from './http-error-response.js';

export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_SESSIONS = 1_000;
const MAX_TIMER_MS = 2_147_483_647;

export interface SessionLimits {
  /** A session without a request for this long is closed (default 10 minutes; 0 = never). */
  readonly idleTimeoutMs?: number;
  /** Open Streamable HTTP sessions at most; an `initialize` beyond gets 503 MCP_SESSIONS_FULL (default 1000). */
  readonly max?: number;
}

export interface SessionStats {
  /** Open sessions (stdio and HTTP). */
  readonly open: number;
  readonly http: number;
  readonly max: number;
  readonly idleTimeoutMs: number;
  /** HTTP sessions closed for being idle, since start. */
  readonly expired: number;
  /** `initialize` requests refused because the cap was reached, since start. */
  readonly rejected: number;
}

type Server = InstanceType<typeof SdkServer>;

interface Session {
  readonly server: Server;
  readonly transport: NodeStreamableHTTPServerTransport;
  /** HTTP requests of this session still being answered (an open SSE stream counts). */
  active: number;
  idle?: NodeJS.Timeout;
  closed?: boolean;
}

function resolveLimits(limits: SessionLimits | undefined) {
  const idleTimeoutMs = limits?.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
  const max = limits?.max ?? DEFAULT_MAX_SESSIONS;
  if (
    typeof idleTimeoutMs !== 'number' ||
    !Number.isInteger(idleTimeoutMs) ||
    idleTimeoutMs < 0 ||
    idleTimeoutMs > MAX_TIMER_MS
  ) {
    throw new ConfigurationError(
      'sessions.idleTimeoutMs',
      `must be an integer from 0 (never) to ${MAX_TIMER_MS} milliseconds, got ${String(idleTimeoutMs)}`,
    );
  }
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    throw new ConfigurationError('sessions.max', `must be a positive integer, got ${String(max)}`);
  }
  return { idleTimeoutMs, max };
}

/**
 * The Streamable HTTP sessions of one MCP server. A session exists only once the SDK accepted an
 * `initialize`: every other request without a session id is answered by a throw-away transport
 * that is closed as soon as the request ends (answered, rejected or aborted). Sessions are closed
 * after `idleTimeoutMs` without a request, and at most `max` are open.
 */
export function createHttpSessions(
  limits: SessionLimits | undefined,
  /** A new, unconnected SDK server; `onClose` runs when it closes. */
  newServer: (onClose: () => void) => Server,
  /** Called once a server became a session (e.g. to send it tools/list_changed). */
  onSession: (server: Server) => void,
) {
  const { idleTimeoutMs, max } = resolveLimits(limits);
  const sessions = new Map<string, Session>();
  let starting = 0;
  let expired = 0;
  let rejected = 0;

  const begin = (session: Session) => {
    session.active++;
    clearTimeout(session.idle);
    session.idle = undefined;
  };
  const end = (session: Session) => {
    session.active--;
    // A DELETE's own response ends after the session closed: nothing left to expire.
    if (session.active > 0 || session.closed || idleTimeoutMs === 0) return;
    session.idle = setTimeout(() => {
      expired++;
      void session.server.close().catch(() => {});
    }, idleTimeoutMs).unref();
  };

  const serveSession = async (
    session: Session,
    request: IncomingMessage,
    response: ServerResponse,
    parsedBody: unknown,
  ) => {
    begin(session);
    response.once('close', () => end(session));
    await session.transport.handleRequest(request, response, parsedBody);
  };

  const startSession = async (
    request: IncomingMessage,
    response: ServerResponse,
    parsedBody: unknown,
  ) => {
    if (sessions.size + starting >= max) {
      rejected++;
      sendJsonRpcError(
        response,
        503,
        `Server busy: ${max} MCP sessions are open, the configured maximum (sessions.max); retry later`,
        { code: 'MCP_SESSIONS_FULL', max },
        { 'retry-after': '5' },
      );
      return;
    }
    let session: Session | undefined;
    let discarded = false;
    const server = newServer(() => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      if (session) {
        session.closed = true;
        clearTimeout(session.idle);
      }
    });
    starting++;
    const discard = () => {
      if (discarded || session) return;
      discarded = true;
      void server.close().catch(() => {});
    };
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        if (discarded) return;
        session = { server, transport, active: 0 };
        sessions.set(id, session);
        begin(session);
        onSession(server);
      },
    });
    // The request's end releases the session (idle timer) or, without a session, the transport.
    response.once('close', () => (session ? end(session) : discard()));
    try {
      await server.connect(transport);
      await transport.handleRequest(request, response, parsedBody);
    } finally {
      starting--;
      discard();
    }
  };

  return {
    async handle(request: IncomingMessage, response: ServerResponse, parsedBody?: unknown) {
      const header = request.headers['mcp-session-id'];
      const sessionId = Array.isArray(header) ? header[0] : header;
      if (sessionId) {
        const session = sessions.get(sessionId);
        // An unknown session (expired, closed, or from before a restart): 404 tells the client to re-initialize.
        if (!session) return sendJsonRpcError(response, 404, 'Session not found');
        return serveSession(session, request, response, parsedBody);
      }
      if (request.method !== 'POST') {
        return sendJsonRpcError(response, 400, 'Bad Request: no session (send initialize first)');
      }
      return startSession(request, response, parsedBody);
    },
    stats: () => ({ http: sessions.size, max, idleTimeoutMs, expired, rejected }),
    /** Stops the idle timers (the servers themselves are closed by their owner). */
    clear() {
      for (const session of sessions.values()) clearTimeout(session.idle);
      sessions.clear();
    },
  };
}
