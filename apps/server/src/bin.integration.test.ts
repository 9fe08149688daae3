import { createRegistry } from '@tp/core';
import { createStreamManager } from '@tp/mcp';
import { describe, expect, it } from 'vitest';
import { exampleConfig, isAlive, serverBin, spawnHttpServer } from './__fixtures__/spawn-server.js';

describe('tp-server binary', () => {
  it('prints its URL, serves /health, and shuts down cleanly on SIGTERM (no upstream orphan)', async () => {
    const server = await spawnHttpServer(['--config', exampleConfig]);
    const health = (await (await fetch(server.healthUrl)).json()) as {
      servers: Array<{ pid?: number }>;
    };
    const upstreamPid = health.servers[0]!.pid!;
    expect(isAlive(upstreamPid)).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(isAlive(upstreamPid)).toBe(false);
    expect(server.stderr()).toMatch(
      /stopped in \d+ ms: closed 0 sessions, 1 upstream server \(everything\), \d+ tools unloaded\n/,
    );
  });

  it('serves MCP over stdio with --stdio', async () => {
    const manager = createStreamManager({
      registry: createRegistry(),
      snapshotStore: false,
      servers: {
        tp: { command: process.execPath, args: [serverBin, '--stdio', '--config', exampleConfig] },
      },
    });
    try {
      await manager.start();
      expect(manager.status().tp?.state).toBe('ready');
      expect(
        await manager.callTool('tp', 'default.text_stats', { text: 'two words' }),
      ).toMatchObject({ words: 2 });
    } finally {
      await manager.close();
    }
  });
});
