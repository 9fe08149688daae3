import { fileURLToPath } from 'node:url';
import type { ToolDefinition } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { echo, slow } from './__fixtures__/conformance-tools.js';
import { fixtureTool, useNpxRuntimes } from './__fixtures__/npx-test-runtimes.js';
import { defineJsTool } from './define-js-tool.js';

// The process level's pool with real children: spares, recycling, eviction, crashes, cancellation.
const { setup } = useNpxRuntimes();
const context = (signal = new AbortController().signal) => ({
  callId: 'pool',
  signal,
  context: { requestId: 'pool', metadata: {} },
  attempt: 1,
  reportProgress: () => {},
});

describe('process level pool', () => {
  it('starts a spare child per tool on warmup and serves the first call with it', async () => {
    const { runtime, run } = setup([echo]);
    await runtime.warmup([echo]);
    const [spare] = runtime.workerPids();
    expect(spare).toBeDefined();
    expect(await run('echo', { text: 'x' })).toMatchObject({ ok: true, value: 'x' });
    expect(runtime.workerPids()).toEqual([spare]);
  });

  it('replaces a child after maxCallsPerChild calls', async () => {
    const { runtime, run } = setup([echo], { maxCallsPerChild: 2 });
    await run('echo', { text: '1' });
    const [first] = runtime.workerPids();
    await run('echo', { text: '2' });
    await run('echo', { text: '3' });
    expect(runtime.workerPids()).not.toContain(first);
  });

  it('stops a child idle for idleMs', async () => {
    const { runtime, run } = setup([echo], { idleMs: 1000 });
    await run('echo', { text: 'x' });
    expect(runtime.workerPids()).toHaveLength(1);
    await expect.poll(() => runtime.workerPids(), { timeout: 10_000 }).toEqual([]);
    expect(await run('echo', { text: 'y' })).toMatchObject({ ok: true, value: 'y' });
  });

  it('makes room for another tool by stopping an idle child of a full pool', async () => {
    const other = fixtureTool('escapes.mjs', 'echo', undefined, 'other');
    const { runtime, run } = setup([echo, other], { poolSize: 1 });
    await run('echo', { text: 'a' });
    const [first] = runtime.workerPids();
    expect(await run('other', { text: 'b' })).toMatchObject({ ok: true, value: 'b' });
    expect(runtime.workerPids()).toHaveLength(1);
    expect(runtime.workerPids()).not.toContain(first);
  });

  it('serves waiting calls of several tools in a full pool, oldest first', async () => {
    const other = fixtureTool('escapes.mjs', 'echo', undefined, 'other');
    const upper = defineJsTool({
      name: 'upper',
      file: fileURLToPath(new URL('./__fixtures__/load/catalog.mjs', import.meta.url)),
      export: 'upper',
    });
    const { runtime, run } = setup([echo, other, upper], { poolSize: 1 });
    await run('echo', { text: 'warm' });
    // Directly, not through a processor (which never runs more than maxConcurrency at once).
    const call = async (tool: ToolDefinition, text: string) =>
      runtime.execute(await runtime.load(tool), { text }, context());
    const results = await Promise.all([
      call(other, 'b'),
      call(upper, 'c'),
      call(echo, 'd'),
      call(other, 'e'),
    ]);
    expect(results).toEqual(['b', 'C', 'd', 'e']);
    expect(runtime.workerPids().length).toBeLessThanOrEqual(1);
  });

  it('queues calls beyond the pool size (backpressure), each getting its result', async () => {
    const { runtime } = setup([slow], { poolSize: 1 });
    const loaded = await runtime.load(slow);
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, runtime.workerPids().length);
    }, 5);
    const results = await Promise.all(
      [1, 2, 3].map(() => runtime.execute(loaded, { ms: 50 }, context())),
    );
    clearInterval(sampler);
    expect(results).toEqual(['done', 'done', 'done']);
    expect(most).toBe(1);
  });

  it('reports a crashed child as a retryable failure and answers the next call', async () => {
    const exit = fixtureTool('escapes.mjs', 'exit');
    const { run } = setup([exit, echo]);
    const crashed = await run('exit', { code: 3 });
    expect(crashed.error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      retryable: true,
      details: { exit: { code: 3 } },
    });
    expect(await run('echo', { text: 'next' })).toMatchObject({ ok: true, value: 'next' });
  });

  it('kills a child that floods its reply channel between calls', async () => {
    const flood = fixtureTool('escapes.mjs', 'floodReplies');
    const { runtime, run } = setup([flood, echo]);
    expect(await run('floodReplies')).toMatchObject({ ok: true, value: 'flooding' });
    const [flooding] = runtime.workerPids();
    await expect.poll(() => runtime.workerPids().includes(flooding as number)).toBe(false);
    expect(await run('echo', { text: 'after' })).toMatchObject({ ok: true, value: 'after' });
  });

  it('kills a child whose tool ignores cancellation, after killGraceMs', async () => {
    const loop = fixtureTool('escapes.mjs', 'loop');
    const { runtime, run } = setup([loop, echo], { killGraceMs: 50 });
    const loaded = await runtime.load(loop);
    const controller = new AbortController();
    const pending = runtime.execute(loaded, {}, context(controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [looping] = runtime.workerPids();
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect.poll(() => runtime.workerPids().includes(looping as number)).toBe(false);
    expect(await run('echo', { text: 'after' })).toMatchObject({ ok: true, value: 'after' });
  });
});
