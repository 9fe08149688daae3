import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start-server.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '1' },
  },
});
const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const target = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      },
    )
      .on('error', reject)
      .end(options.body);
  });
}

describe('tp serve: Host and Origin checks, session limits, health and metrics', () => {
  let dir: string;
  let server: RunningServer;
  let port: string;
  const initialize = (headers: Record<string, string> = {}) =>
    send(server.url!, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...headers },
      body: INITIALIZE,
    });
  const health = async () => JSON.parse((await send(server.healthUrl!)).body);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tp-server-hardening-'));
    const configPath = join(dir, 'tp.config.json');
    await writeFile(
      configPath,
      JSON.stringify({
        sessions: { max: 2, idleTimeoutMs: 1500 },
        allowedOrigins: ['https://app.example.com'],
      }),
    );
    server = await startServer({ port: 0, configPath, log: () => {} });
    port = new URL(server.url!).port;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts loopback Host headers in any case and with one trailing dot', async () => {
    for (const host of [
      `LOCALHOST:${port}`,
      `localhost.:${port}`,
      `127.0.0.1.:${port}`,
      `[::1]:${port}`,
    ]) {
      const { status } = await send(server.healthUrl!, { headers: { host } });
      expect({ host, status }).toEqual({ host, status: 200 });
    }
    for (const host of [`localhost..:${port}`, `localhost.evil.example:${port}`, 'evil.example']) {
      const { status } = await send(server.healthUrl!, { headers: { host } });
      expect({ host, status }).toEqual({ host, status: 403 });
    }
  });

  it('serves only the configured origins on /mcp (and clients without Origin)', async () => {
    const refused = await initialize({ origin: 'http://evil.example' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.data).toEqual({ code: 'MCP_ORIGIN_FORBIDDEN' });
    // allowedOrigins replaces the loopback default.
    expect((await initialize({ origin: `http://localhost:${port}` })).status).toBe(403);
    expect((await health()).sessions).toBe(0);
    expect((await initialize({ origin: 'https://APP.example.com' })).status).toBe(200);
    expect((await initialize()).status).toBe(200);
  });

  it('reports sessions on /health and /metrics, refuses past the cap, and expires idle ones', async () => {
    expect(await health()).toMatchObject({
      sessions: 2,
      sessionStats: { open: 2, http: 2, max: 2, idleTimeoutMs: 1500 },
      memory: { rssBytes: expect.any(Number), heapUsedBytes: expect.any(Number) },
    });
    const full = await initialize();
    expect(full.status).toBe(503);
    expect(JSON.parse(full.body).error.data).toMatchObject({ code: 'MCP_SESSIONS_FULL', max: 2 });
    const metrics = await send(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^tp_mcp_http_sessions 2$/m);
    expect(metrics.body).toMatch(/^tp_mcp_http_sessions_rejected_total 1$/m);
    expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+$/m);

    const until = Date.now() + 10_000;
    while ((await health()).sessions !== 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await health()).toMatchObject({ sessions: 0, sessionStats: { expired: 2 } });
    expect((await initialize()).status).toBe(200);
  });
});

describe('tp serve config errors', () => {
  it('names the field of an invalid session limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tp-server-config-'));
    const configPath = join(dir, 'tp.config.json');
    try {
      await writeFile(configPath, JSON.stringify({ sessions: { max: 0 } }));
      await expect(startServer({ port: 0, configPath, log: () => {} })).rejects.toMatchObject({
        code: 'CONFIGURATION_ERROR',
        field: `${configPath}: sessions: max`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
