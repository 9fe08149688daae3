import { createRegistry } from '@tp/core';
import { createStreamManager, type StreamManager } from '@tp/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleConfig, isAlive } from './__fixtures__/spawn-server.js';
import { type RunningServer, startServer } from './start-server.js';

describe('startServer over Streamable HTTP (example config, privileged)', () => {
  let server: RunningServer;
  let client: StreamManager;
  const clientRegistry = createRegistry();

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      configPath: exampleConfig,
      privileged: true,
      log: () => {},
    });
    client = createStreamManager({
      registry: clientRegistry,
      snapshotStore: false,
      servers: { tp: { url: server.url! } },
    });
    await client.start();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('binds 127.0.0.1 on a free port by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(server.healthUrl!);
      request(
        {
          host: url.hostname,
          port: url.port,
          path: '/health',
          headers: { host: 'evil.example:80' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('reports liveness and per-server status on /health', async () => {
    const response = await fetch(server.healthUrl!);
    const body = (await response.json()) as {
      status: string;
      tools: number;
      servers: Array<{ name: string; state: string }>;
      runtimes: Array<{ kind: string; status: string; details?: unknown }>;
    };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.servers).toEqual([expect.objectContaining({ name: 'everything', state: 'ready' })]);
    // runtime.health() of every runtime the processor uses, the bound mcp one included.
    expect(body.runtimes).toEqual([
      { kind: 'mcp', status: 'ready', details: { everything: 'ready' } },
      { kind: 'in-process', status: 'ready' },
    ]);
    expect(body.tools).toBeGreaterThan(5);
  });

  it('serves the example tools and proxies the upstream server under its namespace', async () => {
    expect(
      await client.callTool('tp', 'default.convert_temperature', {
        value: 100,
        from: 'C',
        to: 'F',
      }),
    ).toEqual({ value: 212, unit: 'F' });
    expect(
      String(await client.callTool('tp', 'everything.echo', { message: 'proxied' })),
    ).toContain('proxied');
  });

  it('manages upstream servers at run time with the admin tools', async () => {
    const echo = server.manager.status().everything!;
    const added = (await client.callTool('tp', 'admin.add_server', {
      name: 'second',
      config: { command: process.execPath, args: ['-e', 'process.exit(1)'] },
    })) as { state: string };
    expect(added.state).toBe('down');
    const listed = (await client.callTool('tp', 'admin.list_servers', {})) as {
      servers: Array<{ name: string }>;
    };
    expect(listed.servers.map((entry) => entry.name)).toEqual(['everything', 'second']);
    expect(await client.callTool('tp', 'admin.remove_server', { name: 'second' })).toEqual({
      name: 'second',
      removed: true,
    });
    expect(isAlive(echo.pid!)).toBe(true);
  });
});

describe('startServer without --privileged', () => {
  it('has no admin tools', async () => {
    const server = await startServer({ port: 0, configPath: exampleConfig, log: () => {} });
    try {
      expect(server.processor.registry.list({ namespace: 'admin' })).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
