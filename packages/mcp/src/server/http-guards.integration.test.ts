import { request as httpRequest } from 'node:http';
import { createProcessor, createRegistry } from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  INITIALIZE,
  MCP_POST_HEADERS,
  type PingServer,
  startPingServer,
} from '../__fixtures__/http-mcp.js';
import { eventually } from '../__fixtures__/peers.js';
import { SdkClient, StreamableHTTPClientTransport } from '../sdk/sdk-adapter.js';
import { type CreateMcpServerOptions, createMcpServer } from './create-mcp-server.js';
import { normalizeHost } from './origin-check.js';

interface Reply {
  status: number;
  sessionId?: string;
  body: string;
}

let open: PingServer[] = [];

async function serve(options: Omit<CreateMcpServerOptions, 'processor'> = {}) {
  const server = await startPingServer(options);
  open.push(server);
  const { mcp, port } = server;
  const send = (method: string, headers: Record<string, string>, body?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path: '/mcp', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const id = res.headers['mcp-session-id'];
          resolve({
            status: res.statusCode!,
            body: text,
            ...(id ? { sessionId: String(id) } : {}),
          });
        });
      });
      req.once('error', reject);
      req.end(body);
    });
  const initialize = (headers: Record<string, string> = {}) =>
    send('POST', { ...MCP_POST_HEADERS, ...headers }, INITIALIZE);
  const client = async () => {
    const sdk = new SdkClient({ name: 'guard-test', version: '1' });
    await sdk.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
    return sdk;
  };
  return { mcp, port, send, initialize, client };
}

afterEach(async () => {
  for (const server of open) await server.close();
  open = [];
});

describe('session limits', () => {
  it('refuses an initialize beyond sessions.max with 503 MCP_SESSIONS_FULL until one closes', async () => {
    const server = await serve({ sessions: { max: 2 } });
    const first = await server.client();
    const second = await server.client();
    expect(server.mcp.sessionStats()).toMatchObject({ open: 2, http: 2, max: 2, rejected: 0 });

    const refused = await server.initialize();
    expect(refused.status).toBe(503);
    expect(refused.sessionId).toBeUndefined();
    expect(JSON.parse(refused.body).error).toMatchObject({
      message: expect.stringContaining('sessions.max'),
      data: { code: 'MCP_SESSIONS_FULL', max: 2 },
    });
    await expect(server.client()).rejects.toThrow(/503|busy/i);
    expect(server.mcp.sessionStats()).toMatchObject({ http: 2, rejected: 2 });

    // A DELETE ends a session and frees its place.
    const deleted = await server.send('DELETE', {
      'mcp-session-id': String((second.transport as StreamableHTTPClientTransport).sessionId),
      'mcp-protocol-version': '2025-06-18',
    });
    expect(deleted.status).toBe(200);
    await eventually(() => server.mcp.sessionCount() === 1);
    const third = await server.client();
    expect(await third.callTool({ name: 'default.ping', arguments: {} })).toMatchObject({
      content: [{ type: 'text', text: 'pong' }],
    });
    await Promise.all([first.close(), second.close(), third.close()]);
  });

  it('closes a session idle for sessions.idleTimeoutMs; its id is then unknown (404)', async () => {
    const server = await serve({ sessions: { idleTimeoutMs: 150 } });
    const { status, sessionId } = await server.initialize();
    expect(status).toBe(200);
    expect(server.mcp.sessionCount()).toBe(1);
    await eventually(() => server.mcp.sessionCount() === 0);
    expect(server.mcp.sessionStats()).toMatchObject({ expired: 1, idleTimeoutMs: 150 });
    const late = await server.send(
      'POST',
      { ...MCP_POST_HEADERS, 'mcp-session-id': sessionId!, 'mcp-protocol-version': '2025-06-18' },
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(late.status).toBe(404);
  });

  it('counts a session ended by DELETE as closed, not expired', async () => {
    const server = await serve({ sessions: { idleTimeoutMs: 1_000 } });
    const { sessionId } = await server.initialize();
    const deleted = await server.send('DELETE', {
      'mcp-session-id': sessionId!,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(deleted.status).toBe(200);
    expect(server.mcp.sessionCount()).toBe(0);
    // Past the idle timeout: the DELETE's own response did not arm a timer for the closed session.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.mcp.sessionStats()).toMatchObject({ http: 0, expired: 0 });
  });

  it('keeps a session in use past the idle timeout', async () => {
    const server = await serve({ sessions: { idleTimeoutMs: 100 } });
    const sdk = await server.client();
    // Activity keeps it alive: a call every 50 ms for 400 ms.
    for (let index = 0; index < 8; index++) {
      await sdk.callTool({ name: 'default.ping', arguments: {} });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(server.mcp.sessionStats()).toMatchObject({ http: 1, expired: 0 });
    await sdk.close();
  });

  it('creates no session for requests that are not a valid initialize', async () => {
    const server = await serve();
    const replies = await Promise.all([
      server.send('POST', MCP_POST_HEADERS, '{ not json'),
      server.send(
        'POST',
        MCP_POST_HEADERS,
        JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      ),
      server.send('POST', { ...MCP_POST_HEADERS, accept: 'application/json' }, INITIALIZE),
      server.send('POST', { ...MCP_POST_HEADERS, 'content-type': 'text/plain' }, INITIALIZE),
      server.send('GET', { accept: 'text/event-stream' }),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([400, 400, 406, 415, 400]);
    expect(replies.every((reply) => reply.sessionId === undefined)).toBe(true);
    expect(server.mcp.sessionStats()).toMatchObject({ open: 0, http: 0 });
  });

  it('names the field of an invalid limit', () => {
    const processor = createProcessor({ registry: createRegistry() });
    expect(() => createMcpServer({ processor, sessions: { max: 0 } })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR', field: 'sessions.max' }),
    );
    expect(() => createMcpServer({ processor, sessions: { idleTimeoutMs: -1 } })).toThrow(
      expect.objectContaining({ field: 'sessions.idleTimeoutMs' }),
    );
    expect(() =>
      createMcpServer({ processor, allowedOrigins: ['http://ok.example', 'nope'] }),
    ).toThrow(expect.objectContaining({ field: 'allowedOrigins[1]' }));
  });
});

describe('Origin check', () => {
  const forbidden = (reply: Reply) => {
    expect(reply.status).toBe(403);
    expect(reply.sessionId).toBeUndefined();
    expect(JSON.parse(reply.body).error.data).toEqual({ code: 'MCP_ORIGIN_FORBIDDEN' });
  };

  it('serves requests without Origin and from loopback origins of its own port by default', async () => {
    const server = await serve();
    const port = server.port;
    for (const origin of [
      undefined,
      `http://localhost:${port}`,
      `http://127.0.0.1:${port}`,
      `http://[::1]:${port}`,
      `https://localhost:${port}`,
      `http://LOCALHOST:${port}`,
      `http://localhost.:${port}`,
    ]) {
      const reply = await server.initialize(origin ? { origin } : {});
      expect({ origin, status: reply.status }).toEqual({ origin, status: 200 });
    }
    expect(server.mcp.sessionCount()).toBe(7);
  });

  it('refuses foreign origins with 403 MCP_ORIGIN_FORBIDDEN and creates no session', async () => {
    const server = await serve();
    const port = server.port;
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      `http://localhost:${port + 1}`,
      `http://localhost..:${port}`,
      `http://localhost.evil.example:${port}`,
      'null',
      'not a url',
    ]) {
      forbidden(await server.initialize({ origin, host: `localhost:${port}` }));
    }
    expect(server.mcp.sessionStats()).toMatchObject({ open: 0, http: 0 });
  });

  it('checks every request of a session, not only initialize', async () => {
    const server = await serve();
    const { sessionId } = await server.initialize();
    forbidden(
      await server.send(
        'POST',
        {
          ...MCP_POST_HEADERS,
          origin: 'http://evil.example',
          'mcp-session-id': sessionId!,
          'mcp-protocol-version': '2025-06-18',
        },
        JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'default.ping' },
        }),
      ),
    );
  });

  it('serves exactly the configured allowedOrigins', async () => {
    const server = await serve({
      allowedOrigins: ['https://App.Example.com', 'http://localhost:8080'],
    });
    expect((await server.initialize({ origin: 'https://app.example.com' })).status).toBe(200);
    expect((await server.initialize({ origin: 'https://app.example.com:443' })).status).toBe(200);
    expect((await server.initialize({ origin: 'http://localhost:8080' })).status).toBe(200);
    forbidden(await server.initialize({ origin: 'http://app.example.com' }));
    forbidden(await server.initialize({ origin: `http://localhost:${server.port}` }));
  });
});

describe('normalizeHost', () => {
  it('compares hosts as the URL parser does, case-insensitively, one trailing dot allowed', () => {
    expect(normalizeHost('LOCALHOST:3333')).toBe('localhost');
    expect(normalizeHost('localhost.')).toBe('localhost');
    expect(normalizeHost('127.0.0.1.:80')).toBe('127.0.0.1');
    expect(normalizeHost('[0:0:0:0:0:0:0:1]:3333')).toBe('[::1]');
    expect(normalizeHost('localhost..')).toBe('localhost..');
    expect(normalizeHost('localhost.evil.example')).toBe('localhost.evil.example');
    expect(normalizeHost('evil.example/@localhost')).toBeUndefined();
    expect(normalizeHost('')).toBeUndefined();
    expect(normalizeHost(undefined)).toBeUndefined();
  });
});
