import { createProcessor, createRegistry, type ProgressUpdate } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  everythingEntry,
  loopbackPreload,
  type RunningPeer,
  startEverything,
} from '../__fixtures__/peers.js';
import type { McpServerConfig } from './server-config.js';
import { createStreamManager, type StreamManager } from './stream-manager.js';

type Mode = 'stdio' | 'sse' | 'streamableHttp';

async function peerConfig(mode: Mode): Promise<{ config: McpServerConfig; peer?: RunningPeer }> {
  if (mode === 'stdio') {
    return {
      config: {
        command: process.execPath,
        args: ['--require', loopbackPreload, everythingEntry, 'stdio'],
      },
    };
  }
  const peer = await startEverything(mode);
  return { peer, config: { type: mode === 'sse' ? 'sse' : 'http', url: peer.url } };
}

describe.each<Mode>(['stdio', 'sse', 'streamableHttp'])('server-everything over %s', (mode) => {
  let manager: StreamManager;
  let peer: RunningPeer | undefined;
  const registry = createRegistry();
  const processor = () => createProcessor({ registry, runtimes: [manager.runtime] });

  beforeAll(async () => {
    const setup = await peerConfig(mode);
    peer = setup.peer;
    manager = createStreamManager({
      registry,
      snapshotStore: false,
      servers: { everything: setup.config },
    });
    await manager.start();
    expect(manager.status().everything).toMatchObject({
      state: 'ready',
      transport: mode === 'stdio' ? 'stdio' : mode === 'sse' ? 'sse' : 'streamable-http',
    });
  });
  afterAll(async () => {
    await manager?.close();
    await peer?.stop();
  });

  it('lists its tools into the registry', () => {
    const names = registry.list({ namespace: 'everything' }).map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation']),
    );
    expect(registry.get('everything.get-sum')).toMatchObject({
      runtime: 'mcp',
      sideEffect: 'read_only',
      idempotent: true,
    });
  });

  it('calls echo and get-sum', async () => {
    const [echo, sum] = await processor().execute([
      { id: 'e', tool: 'everything.echo', arguments: { message: 'hello 🚀' } },
      { id: 's', tool: 'everything.get-sum', arguments: { a: 2, b: 40 } },
    ]);
    expect(echo).toMatchObject({ ok: true, runtime: 'mcp' });
    expect(String(echo?.value)).toContain('hello 🚀');
    expect(String(sum?.value)).toContain('42');
  });

  it('turns argument errors into validation-category results', async () => {
    const [result] = await processor().execute([
      { id: 'bad', tool: 'everything.get-sum', arguments: { a: 'two' } },
    ]);
    expect(result?.error).toMatchObject({ code: 'TOOL_VALIDATION_ERROR', category: 'validation' });
    // Past our own validation, the server's rejection is mapped too.
    const error = await manager
      .callTool('everything', 'get-sum', { a: 'two' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ category: 'validation' });
  });

  it('reports every progress event of a long-running operation', async () => {
    const updates: ProgressUpdate[] = [];
    const [result] = await processor().execute(
      [
        {
          id: 'long',
          tool: 'everything.trigger-long-running-operation',
          arguments: { duration: 0.5, steps: 5 },
        },
      ],
      { onProgress: (_id, update) => updates.push(update) },
    );
    expect(result).toMatchObject({ ok: true });
    expect(updates.map((update) => update.progress)).toEqual([1, 2, 3, 4, 5]);
    expect(updates.at(-1)).toMatchObject({ progress: 5, total: 5 });
  });

  it('cancels a call mid-operation and keeps working', async () => {
    const controller = new AbortController();
    const pending = processor().execute(
      [
        {
          id: 'cancel',
          tool: 'everything.trigger-long-running-operation',
          arguments: { duration: 60, steps: 600 },
        },
      ],
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    const [cancelled] = await pending;
    expect(cancelled?.error?.code).toBe('TOOL_CANCELLED');
    const [after] = await processor().execute([
      { id: 'after', tool: 'everything.echo', arguments: { message: 'still here' } },
    ]);
    expect(String(after?.value)).toContain('still here');
  });

  it('lists resources and prompts through the manager', async () => {
    const resources = await manager.listResources();
    expect(resources.everything?.length).toBeGreaterThan(0);
    const first = resources.everything![0]!;
    const read = await manager.readResource('everything', first.uri);
    expect(read.contents.length).toBeGreaterThan(0);
    const prompts = await manager.listPrompts('everything');
    const prompt = prompts.everything!.find(
      (candidate) => !candidate.arguments?.some((argument) => argument.required),
    );
    expect(prompt).toBeDefined();
    const got = await manager.getPrompt('everything', prompt!.name);
    expect(got.messages.length).toBeGreaterThan(0);
  });

  it('reports health per server', async () => {
    await eventually(() => manager.status().everything!.calls.total > 0);
    const status = manager.status().everything!;
    expect(status.state).toMatch(/ready|degraded/);
    expect(status.latencyMs).toBeGreaterThan(0);
    expect(await manager.runtime.health!()).toMatchObject({
      status: expect.stringMatching(/ready|degraded/),
    });
  });
});
