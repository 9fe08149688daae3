import { createRegistry } from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  everythingEntry,
  loopbackPreload,
  type RunningPeer,
  startEverything,
} from '../__fixtures__/peers.js';
import { createStreamManager, type StreamManager } from './stream-manager.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function managed(config: Record<string, unknown>): StreamManager {
  const registry = createRegistry();
  const manager = createStreamManager({
    registry,
    snapshotStore: false,
    reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
    pingTimeoutMs: 2000,
    // Far beyond the test timeout: only the fast failure path can make these tests pass.
    timeoutMs: 600_000,
    servers: { everything: config },
  });
  cleanups.push(() => manager.close());
  return manager;
}

const longCall = { duration: 60, steps: 600 };

async function peerOn(mode: 'sse' | 'streamableHttp', port?: number): Promise<RunningPeer> {
  const peer = await startEverything(mode, port);
  cleanups.push(() => peer.stop());
  return peer;
}

describe('chaos: the server dies mid-call', () => {
  it('stdio: the pending call fails fast with a connection error; the next call succeeds after reconnect', async () => {
    const manager = managed({
      command: process.execPath,
      args: ['--require', loopbackPreload, everythingEntry, 'stdio'],
    });
    await manager.start();
    const pid = manager.status().everything!.pid!;
    let progressed!: () => void;
    const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
    const pending = manager
      .callTool('everything', 'trigger-long-running-operation', longCall, {
        onProgress: () => progressed(),
      })
      .catch((error: unknown) => error);
    await firstProgress;
    process.kill(pid, 'SIGKILL');
    expect(await pending).toMatchObject({ code: 'RUNTIME_UNAVAILABLE', category: 'connection' });
    await eventually(() => manager.status().everything!.state === 'ready');
    expect(String(await manager.callTool('everything', 'echo', { message: 'again' }))).toContain(
      'again',
    );
  });

  it.each(['sse', 'streamableHttp'] as const)(
    '%s: the pending call fails fast; after a restart the next call succeeds',
    async (mode) => {
      const peer = await peerOn(mode);
      const manager = managed({ type: mode === 'sse' ? 'sse' : 'http', url: peer.url });
      await manager.start();
      let progressed!: () => void;
      const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
      const pending = manager
        .callTool('everything', 'trigger-long-running-operation', longCall, {
          onProgress: () => progressed(),
        })
        .catch((error: unknown) => error);
      await firstProgress;
      await peer.stop();
      expect(await pending).toMatchObject({ code: 'RUNTIME_UNAVAILABLE', category: 'connection' });
      await eventually(() => manager.status().everything!.state === 'down');
      await peerOn(mode, peer.port);
      await eventually(() => manager.status().everything!.state === 'ready');
      expect(String(await manager.callTool('everything', 'echo', { message: 'back' }))).toContain(
        'back',
      );
      expect(manager.status().everything!.reconnects).toBeGreaterThanOrEqual(1);
    },
  );

  it('streamableHttp: a restarted server (session unknown) gets a fresh session, and the call succeeds', async () => {
    const peer = await peerOn('streamableHttp');
    // No health pings: the restart is noticed by the call itself (404 for the old session).
    const registry = createRegistry();
    const manager = createStreamManager({
      registry,
      snapshotStore: false,
      pingIntervalMs: 0,
      reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
      servers: { everything: { type: 'http', url: peer.url } },
    });
    cleanups.push(() => manager.close());
    await manager.start();
    expect(String(await manager.callTool('everything', 'echo', { message: 'one' }))).toContain(
      'one',
    );
    await peer.stop();
    await peerOn('streamableHttp', peer.port);
    await eventually(async () => {
      const value = await manager
        .callTool('everything', 'echo', { message: 'two' })
        .catch(() => undefined);
      return typeof value === 'string' && value.includes('two');
    });
    expect(manager.status().everything!.state).toBe('ready');
  });
});
