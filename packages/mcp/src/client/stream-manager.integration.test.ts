import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createProcessor,
  createRegistry,
  type ProgressUpdate,
  type ToolRegistry,
  type TpEvent,
} from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, fixtureServer, isAlive } from '../__fixtures__/peers.js';
import { createFileSnapshotStore } from '../drift/file-snapshot-store.js';
import {
  createStreamManager,
  type StreamManager,
  type StreamManagerEvent,
  type StreamManagerOptions,
} from './stream-manager.js';

const managers: StreamManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()));
});

async function started(
  env: Record<string, string> = {},
  extra: Partial<StreamManagerOptions> = {},
  registry: ToolRegistry = createRegistry(),
) {
  const manager = createStreamManager({
    registry,
    snapshotStore: false,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    killGraceMs: 1000,
    servers: { fx: { command: process.execPath, args: [fixtureServer], env } },
    ...extra,
  });
  managers.push(manager);
  await manager.start();
  expect(manager.status().fx?.state).toBe('ready');
  return {
    manager,
    registry,
    // No `runtimes`: the manager binds its runtime to the tools it registers.
    processor: createProcessor({ registry }),
  };
}

describe('StreamManager against a stdio fixture server', () => {
  it('imports tools namespaced by server with schemas and sideEffect hints', async () => {
    const { registry } = await started();
    const echo = registry.get('fx.echo');
    expect(echo).toMatchObject({ runtime: 'mcp', namespace: 'fx', sideEffect: 'read_only' });
    expect(echo?.inputSchema).toMatchObject({ required: ['text'] });
    expect(registry.get('fx.slow')?.sideEffect).toBe('write');
  });

  it('supports flat names with a configurable separator', async () => {
    const { registry, processor } = await started({}, { separator: '__' });
    expect(registry.get('fx__echo')).toMatchObject({
      namespace: 'default',
      source: { server: 'fx', tool: 'echo' },
    });
    const [result] = await processor.execute([
      { id: '1', tool: 'fx__echo', arguments: { text: 'flat' } },
    ]);
    expect(result).toMatchObject({ ok: true, value: 'flat' });
  });

  it('rejects bad arguments before they reach the server', async () => {
    const { processor, manager } = await started();
    const [result] = await processor.execute([
      { id: '1', tool: 'fx.echo', arguments: { text: 42 } },
    ]);
    expect(result?.error).toMatchObject({ code: 'TOOL_VALIDATION_ERROR', category: 'validation' });
    expect(manager.status().fx?.calls.total).toBe(0);
  });

  it('surfaces every progress notification, the last included', async () => {
    const { processor } = await started();
    const updates: ProgressUpdate[] = [];
    const [result] = await processor.execute(
      [{ id: 'p', tool: 'fx.progress', arguments: { steps: 5, delayMs: 5 } }],
      {
        onProgress: (_id, update) => updates.push(update),
      },
    );
    expect(result).toMatchObject({ ok: true, value: '5 steps' });
    expect(updates.map((update) => update.progress)).toEqual([1, 2, 3, 4, 5]);
    expect(updates.at(-1)).toEqual({ progress: 5, total: 5, message: 'step 5' });
  });

  it('sends notifications/cancelled on abort and on timeout', async () => {
    const { processor, manager } = await started();
    const controller = new AbortController();
    const pending = processor.execute([{ id: 'c', tool: 'fx.slow', arguments: { ms: 60_000 } }], {
      signal: controller.signal,
    });
    await eventually(() => manager.status().fx?.calls.inFlight === 1);
    controller.abort();
    const [cancelled] = await pending;
    expect(cancelled?.error?.code).toBe('TOOL_CANCELLED');
    await eventually(
      async () =>
        ((await manager.callTool('fx', 'cancellations')) as { cancellations: number })
          .cancellations === 1,
    );

    await expect(
      manager.callTool('fx', 'slow', { ms: 60_000 }, { timeoutMs: 100 }),
    ).rejects.toMatchObject({ code: 'TOOL_TIMEOUT' });
    await eventually(
      async () =>
        ((await manager.callTool('fx', 'cancellations')) as { cancellations: number })
          .cancellations === 2,
    );
  });

  it('resets the idle timeout on progress but enforces the hard maximum', async () => {
    const { manager } = await started();
    // 8 steps x 60 ms = ~480 ms in total, far beyond the 200 ms idle timeout, but never idle for long.
    await expect(
      manager.callTool(
        'fx',
        'progress',
        { steps: 8, delayMs: 60 },
        { timeoutMs: 2000, onProgress: () => {} },
      ),
    ).resolves.toBe('8 steps');
    await expect(
      manager.callTool(
        'fx',
        'progress',
        { steps: 1000, delayMs: 20 },
        { timeoutMs: 5000, maxTotalTimeoutMs: 300, onProgress: () => {} },
      ),
    ).rejects.toMatchObject({ code: 'TOOL_TIMEOUT' });
  });

  it('fails pending calls at once with a connection error when the server dies, then reconnects', async () => {
    const { processor, manager } = await started();
    const firstPid = manager.status().fx!.pid!;
    const pending = processor.execute([{ id: 'k', tool: 'fx.slow', arguments: { ms: 120_000 } }]);
    await eventually(() => manager.status().fx?.calls.inFlight === 1);
    process.kill(firstPid, 'SIGKILL');
    const [failed] = await pending;
    expect(failed?.error).toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
      category: 'connection',
      retryable: true,
    });
    await eventually(
      () => manager.status().fx?.state === 'ready' && manager.status().fx?.pid !== firstPid,
    );
    expect(manager.status().fx?.reconnects).toBeGreaterThanOrEqual(1);
    const [after] = await processor.execute([
      { id: 'n', tool: 'fx.echo', arguments: { text: 'back' } },
    ]);
    expect(after).toMatchObject({ ok: true, value: 'back' });
  });

  it('leaves no orphan when the server ignores stdin EOF and SIGTERM, nor its grandchild', async () => {
    const { manager } = await started({ FIXTURE_IGNORE_EOF: 'hard', FIXTURE_GRANDCHILD: '1' });
    const { pid, grandchild } = (await manager.callTool('fx', 'pid')) as {
      pid: number;
      grandchild: number;
    };
    expect(isAlive(pid) && isAlive(grandchild)).toBe(true);
    await manager.close();
    expect(manager.status().fx?.state).toBe('closed');
    await eventually(() => !isAlive(pid) && !isAlive(grandchild), 10_000);
  });

  it('keeps the stderr tail of a server that fails to start, and fails its calls fast', async () => {
    const manager = createStreamManager({
      registry: createRegistry(),
      snapshotStore: false,
      reconnect: { initialDelayMs: 60_000 },
      servers: {
        broken: {
          command: process.execPath,
          args: ['-e', 'console.error("boom: missing API key"); process.exit(3)'],
        },
      },
    });
    managers.push(manager);
    await manager.start();
    const status = manager.status().broken!;
    expect(status.state).toBe('down');
    expect(status.lastError).toBeTruthy();
    expect(status.stderrTail).toContain('boom: missing API key');
    await expect(manager.callTool('broken', 'anything')).rejects.toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
      retryable: true,
    });
  });

  it('refreshes the registry on tools/list_changed and quarantines breaking drift until accepted', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tp-mcp-drift-'));
    const { manager, registry, processor } = await started(
      {},
      { snapshotStore: createFileSnapshotStore(directory), quarantineBreakingChanges: true },
    );
    const drifts: unknown[] = [];
    manager.on((event) => {
      if (event.type === 'drift') drifts.push(event);
    });
    const before = registry.get('fx.echo')!.schemaHash;
    await manager.callTool('fx', 'mutate');
    await eventually(() => registry.get('fx.echo')?.schemaHash !== before);
    expect(registry.get('fx.echo')?.inputSchema).toMatchObject({ required: ['text', 'loud'] });
    expect(drifts).toEqual([
      expect.objectContaining({
        quarantined: ['echo'],
        report: expect.objectContaining({
          breaking: true,
          changed: [expect.objectContaining({ tool: 'echo', breaking: true })],
        }),
      }),
    ]);
    const [blocked] = await processor.execute([
      { id: 'q', tool: 'fx.echo', arguments: { text: 1, loud: true } },
    ]);
    expect(blocked?.error).toMatchObject({ code: 'MCP_TOOL_QUARANTINED' });
    await manager.acceptDrift('fx', 'echo');
    expect(manager.quarantined()).toEqual([]);
    const [allowed] = await processor.execute([
      { id: 'a', tool: 'fx.echo', arguments: { text: 1, loud: true } },
    ]);
    expect(allowed).toMatchObject({ ok: true, value: '1' });
  });

  it('adds and removes servers at run time', async () => {
    const { manager, registry } = await started();
    await manager.addServer('fx2', { command: process.execPath, args: [fixtureServer] });
    expect(registry.get('fx2.echo')).toBeDefined();
    expect(await manager.removeServer('fx2')).toBe(true);
    expect(registry.get('fx2.echo')).toBeUndefined();
    expect(Object.keys(manager.status())).toEqual(['fx']);
  });

  it('does not leak abort listeners over thousands of calls sharing one signal', async () => {
    const { manager } = await started();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shared = new AbortController();
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(
          Array.from({ length: 200 }, (_, index) =>
            manager.callTool(
              'fx',
              'echo',
              { text: `${batch}-${index}` },
              { signal: shared.signal },
            ),
          ),
        );
      }
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
    expect(manager.status().fx?.calls).toMatchObject({ total: 2000, failed: 0, inFlight: 0 });
  });
});

describe('StreamManager: the runtime travels with the tools', () => {
  it('two processors over one registry run its tools; closing one leaves the manager and the other working', async () => {
    const { manager, registry } = await started();
    const first = createProcessor({ registry });
    const second = createProcessor({ registry });
    const call = { id: '1', tool: 'fx.echo', arguments: { text: 'bound' } };
    expect(await first.execute([call])).toMatchObject([{ ok: true, value: 'bound' }]);
    await first.close();
    expect(manager.status().fx?.state).toBe('ready');
    expect(await second.execute([call])).toMatchObject([{ ok: true, value: 'bound' }]);
    expect(registry.runtimeOf(registry.get('fx.echo')!)).toBe(manager.runtime);
    // The manager owns its runtime: closing it ends the calls of every processor.
    await manager.close();
    const [after] = await second.execute([call]);
    expect(after).toMatchObject({ ok: false, error: { code: 'RUNTIME_UNAVAILABLE' } });
    await second.close();
  });

  it('a registry listener that throws leaves no orphaned tools: they are tracked and removed with the server', async () => {
    const reported: unknown[] = [];
    const registry = createRegistry({ onListenerError: (error) => reported.push(error) });
    registry.subscribe(() => {
      throw new Error('observer broke');
    });
    const { manager, processor } = await started({}, {}, registry);
    const errors: unknown[] = [];
    manager.on((event) => {
      if (event.type === 'error') errors.push(event.error);
    });
    await manager.addServer('fx2', { command: process.execPath, args: [fixtureServer] });
    const [result] = await processor.execute([
      { id: '1', tool: 'fx2.echo', arguments: { text: 'still here' } },
    ]);
    expect(result).toMatchObject({ ok: true, value: 'still here' });
    expect(reported.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(await manager.removeServer('fx2')).toBe(true);
    expect(registry.list({ namespace: 'fx2' })).toEqual([]);
    expect(registry.list({ namespace: 'fx' }).length).toBeGreaterThan(0);
  });

  it("emits typed, timestamped mcp:* events in core's event map; the deprecated on() hears the same", async () => {
    const { manager } = await started();
    const typed: TpEvent[] = [];
    const legacy: StreamManagerEvent[] = [];
    manager.events.onAny((event) => typed.push(event));
    const tools: string[][] = [];
    manager.events.on('mcp:tools', (event) => tools.push([event.server, ...event.tools]));
    manager.on((event) => legacy.push(event));
    const before = Date.now();
    await manager.addServer('fx2', { command: process.execPath, args: [fixtureServer] });
    expect(tools).toHaveLength(1);
    expect(tools[0]![0]).toBe('fx2');
    expect(tools[0]).toContain('echo');
    expect(typed.map((event) => event.type)).toEqual(legacy.map((event) => `mcp:${event.type}`));
    expect(typed.find((event) => event.type === 'mcp:status')).toMatchObject({
      server: 'fx2',
      status: { name: 'fx2' },
    });
    for (const event of typed) expect(event.time).toBeGreaterThanOrEqual(before - 1);
    expect(legacy).toContainEqual(
      expect.objectContaining({ type: 'tools', server: 'fx2', tools: tools[0]!.slice(1) }),
    );
  });

  it('a manager listener that throws is reported, and neither the manager nor the other listeners notice', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { manager, registry, processor } = await started();
      const heard: string[] = [];
      manager.on(() => {
        throw new Error('observer broke');
      });
      manager.on((event) => heard.push(event.type));
      await manager.addServer('fx2', { command: process.execPath, args: [fixtureServer] });
      expect(registry.get('fx2.echo')).toBeDefined();
      expect(heard).toContain('tools');
      const [result] = await processor.execute([
        { id: '1', tool: 'fx2.echo', arguments: { text: 'ok' } },
      ]);
      expect(result).toMatchObject({ ok: true, value: 'ok' });
      await eventually(() => warnings.some((warning) => warning.name === 'TpListenerError'));
      expect(warnings.find((warning) => warning.name === 'TpListenerError')?.message).toContain(
        'observer broke',
      );
    } finally {
      process.off('warning', onWarning);
    }
  });

  it("a server's maxConcurrency holds without any bulkhead configured", async () => {
    const registry = createRegistry();
    const manager = createStreamManager({
      registry,
      snapshotStore: false,
      servers: {
        fx: { command: process.execPath, args: [fixtureServer], maxConcurrency: 1 },
      },
    });
    managers.push(manager);
    await manager.start();
    const processor = createProcessor({ registry });
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, manager.status().fx?.calls.inFlight ?? 0);
    }, 2);
    try {
      const results = await processor.execute(
        Array.from({ length: 3 }, (_, index) => ({
          id: `s${index}`,
          tool: 'fx.slow',
          arguments: { ms: 60 },
        })),
      );
      expect(results.every((result) => result.ok)).toBe(true);
    } finally {
      clearInterval(watch);
    }
    expect(peak).toBe(1);
  });
});
