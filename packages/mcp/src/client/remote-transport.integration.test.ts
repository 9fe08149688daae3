import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverything } from '../__fixtures__/peers.js';
import { createMcpServer, type McpServerHandle } from '../server/create-mcp-server.js';
import { createStreamManager, type StreamManager } from './stream-manager.js';

const managers: StreamManager[] = [];
afterAll(async () => {
  await Promise.all(managers.map((manager) => manager.close()));
});

async function connect(config: Record<string, unknown>, reconnectDelayMs = 60_000) {
  const manager = createStreamManager({
    registry: createRegistry(),
    snapshotStore: false,
    reconnect: { initialDelayMs: reconnectDelayMs },
    servers: { remote: config },
  });
  managers.push(manager);
  await manager.start();
  return manager;
}

describe('a URL server that requires a bearer token', () => {
  const requests: Array<{ method: string; authorization: string | undefined }> = [];
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'whoami',
      namespace: 'auth',
      description: 'ok',
      inputSchema: { type: 'object' },
      execute: () => 'authorized',
    }),
  );
  const processor = createProcessor({ registry });
  let mcp: McpServerHandle;
  let http: Server;
  let url: string;

  beforeAll(async () => {
    mcp = createMcpServer({ processor });
    http = createServer((request, response) => {
      requests.push({ method: request.method ?? '', authorization: request.headers.authorization });
      if (request.headers.authorization !== 'Bearer secret') {
        response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      void mcp.handleHttpRequest(request, response);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    await mcp.close();
    await new Promise((resolve) => http.close(resolve));
    await processor.close();
  });

  it('connects with a static bearer token', async () => {
    const manager = await connect({ url, bearerToken: 'secret' });
    expect(manager.status().remote).toMatchObject({ state: 'ready', transport: 'streamable-http' });
    expect(await manager.callTool('remote', 'auth.whoami')).toBe('authorized');
  });

  it('passes an auth provider through to the transport', async () => {
    let asked = 0;
    const manager = await connect({
      url,
      authProvider: {
        token: async () => {
          asked++;
          return 'secret';
        },
      },
    });
    expect(manager.status().remote?.state).toBe('ready');
    expect(asked).toBeGreaterThan(0);
  });

  it('reports 401 as down and does not fall back to SSE', async () => {
    requests.length = 0;
    const manager = await connect({ url });
    expect(manager.status().remote?.state).toBe('down');
    expect(manager.status().remote?.lastError).toMatch(/401|unauthori/i);
    // An SSE attempt would open a GET stream.
    expect(requests.filter((request) => request.method === 'GET')).toEqual([]);
  });
});

describe('a URL server whose tokens expire', () => {
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'whoami',
      namespace: 'auth',
      description: 'ok',
      inputSchema: { type: 'object' },
      execute: () => 'authorized',
    }),
  );
  const processor = createProcessor({ registry });
  let accepted = 'Bearer fresh-1';
  let rejected = 0;
  let mcp: McpServerHandle;
  let http: Server;
  let url: string;

  beforeAll(async () => {
    mcp = createMcpServer({ processor });
    http = createServer((request, response) => {
      if (request.headers.authorization !== accepted) {
        rejected++;
        response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
        return;
      }
      void mcp.handleHttpRequest(request, response);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    await mcp.close();
    await new Promise((resolve) => http.close(resolve));
    await processor.close();
  });

  it('refreshes the token after a 401 and retries the request once', async () => {
    const asked: string[] = [];
    const tokens = ['stale', 'fresh-1', 'fresh-2'];
    const manager = await connect({
      url,
      auth: {
        getToken: async ({ reason }: { reason: string }) => {
          asked.push(reason);
          return tokens[asked.length - 1] ?? 'none';
        },
      },
    });
    // The stale token was rejected at initialize; the refreshed one connected.
    expect(manager.status().remote).toMatchObject({ state: 'ready', transport: 'streamable-http' });
    expect(asked).toEqual(['initial', 'unauthorized']);
    expect(await manager.callTool('remote', 'auth.whoami')).toBe('authorized');
    expect(asked).toHaveLength(2);

    // The server rotates its key: the next call gets a 401, refreshes, and succeeds on the retry.
    accepted = 'Bearer fresh-2';
    const rejectedBefore = rejected;
    expect(await manager.callTool('remote', 'auth.whoami')).toBe('authorized');
    expect(asked).toEqual(['initial', 'unauthorized', 'unauthorized']);
    expect(rejected).toBeGreaterThan(rejectedBefore);
  });

  it('fails with the 401 when the refreshed token is rejected too', async () => {
    const asked: string[] = [];
    const manager = await connect({
      url,
      auth: {
        getToken: ({ reason }: { reason: string }) => {
          asked.push(reason);
          return 'never-valid';
        },
      },
    });
    expect(manager.status().remote?.state).toBe('down');
    expect(manager.status().remote?.lastError).toMatch(/401|unauthori/i);
    expect(asked).toEqual(['initial', 'unauthorized']);
  });
});

describe('transport choice for a URL without a type', () => {
  it('falls back to SSE when Streamable HTTP is answered with a 4xx', async () => {
    const peer = await startEverything('sse');
    try {
      const manager = await connect({ url: peer.url });
      expect(manager.status().remote).toMatchObject({ state: 'ready', transport: 'sse' });
      expect(String(await manager.callTool('remote', 'echo', { message: 'via sse' }))).toContain(
        'via sse',
      );
      await manager.close();
    } finally {
      await peer.stop();
    }
  });

  it('uses Streamable HTTP when the server speaks it', async () => {
    const peer = await startEverything('streamableHttp');
    try {
      const manager = await connect({ url: peer.url });
      expect(manager.status().remote).toMatchObject({
        state: 'ready',
        transport: 'streamable-http',
      });
      await manager.close();
    } finally {
      await peer.stop();
    }
  });
});
