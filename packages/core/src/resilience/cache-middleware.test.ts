import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TpEvent } from '../events/event-bus.js';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';

describe('cache middleware', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const lookup = () =>
    countingTool('lookup', (n, args) => ({ n, q: args.q }), { sideEffect: 'read_only' });

  it('serves a repeated read_only call from the cache with cached: true and attempts 0', async () => {
    const { tool, stats } = lookup();
    const events: string[] = [];
    const { run } = harness(
      { cache: { ttlMs: 1000 }, onEvent: (event: TpEvent) => events.push(event.type) },
      tool,
    );
    const first = await run('lookup', { q: 'a' });
    const second = await run('lookup', { q: 'a' });
    expect(first).toMatchObject({ ok: true, cached: false, attempts: 1, value: { n: 1 } });
    expect(second).toMatchObject({ ok: true, cached: true, attempts: 0, value: { n: 1 } });
    expect(stats.invocations).toBe(1);
    expect(events.filter((type) => type.startsWith('cache:'))).toEqual(['cache:miss', 'cache:hit']);
  });

  it('keys on canonical arguments: key order does not matter, values do', async () => {
    const { tool, stats } = lookup();
    const { run } = harness({ cache: {} }, tool);
    await run('lookup', { q: 'a', page: 1 });
    expect((await run('lookup', { page: 1, q: 'a' })).cached).toBe(true);
    expect((await run('lookup', { page: 2, q: 'a' })).cached).toBe(false);
    expect(stats.invocations).toBe(2);
  });

  it('expires entries after ttlMs (per tool ttl wins)', async () => {
    const { tool, stats } = lookup();
    const { run } = harness(
      { cache: { ttlMs: 10_000 }, tools: { lookup: { cache: { ttlMs: 1000 } } } },
      tool,
    );
    await run('lookup', { q: 'a' });
    vi.advanceTimersByTime(999);
    expect((await run('lookup', { q: 'a' })).cached).toBe(true);
    vi.advanceTimersByTime(1);
    expect((await run('lookup', { q: 'a' })).cached).toBe(false);
    expect(stats.invocations).toBe(2);
  });

  it('caches only successes', async () => {
    const { tool, stats } = countingTool(
      'flaky',
      (n) => {
        if (n === 1) throw new Error('down');
        return n;
      },
      { idempotent: true },
    );
    const { run } = harness({ cache: {} }, tool);
    expect((await run('flaky')).ok).toBe(false);
    expect(await run('flaky')).toMatchObject({ ok: true, value: 2, cached: false });
    expect(await run('flaky')).toMatchObject({ ok: true, value: 2, cached: true });
    expect(stats.invocations).toBe(2);
  });

  it('leaves write tools alone unless a tool opts in, and lets a read_only tool opt out', async () => {
    const writer = countingTool('writer', (n) => n, { sideEffect: 'write' });
    const optedIn = countingTool('opted_in', (n) => n, { sideEffect: 'write' });
    const optedOut = countingTool('opted_out', (n) => n, { sideEffect: 'read_only' });
    const { run } = harness(
      { cache: {}, tools: { opted_in: { cache: true }, opted_out: { cache: false } } },
      writer.tool,
      optedIn.tool,
      optedOut.tool,
    );
    for (const name of ['writer', 'opted_in', 'opted_out']) {
      await run(name);
      await run(name);
    }
    expect(writer.stats.invocations).toBe(2);
    expect(optedIn.stats.invocations).toBe(1);
    expect(optedOut.stats.invocations).toBe(2);
  });

  it('cacheKey(args) strips volatile fields', async () => {
    const { tool, stats } = lookup();
    const { run } = harness(
      {
        cache: {},
        tools: { lookup: { cache: { cacheKey: ({ requestId: _ignored, ...rest }) => rest } } },
      },
      tool,
    );
    await run('lookup', { q: 'a', requestId: 'r1' });
    expect((await run('lookup', { q: 'a', requestId: 'r2' })).cached).toBe(true);
    expect(stats.invocations).toBe(1);
  });

  it('runs uncached when cacheKey throws', async () => {
    const { tool, stats } = lookup();
    const { run } = harness(
      {
        cache: {},
        tools: {
          lookup: {
            cache: {
              cacheKey: () => {
                throw new Error('bad key');
              },
            },
          },
        },
      },
      tool,
    );
    expect((await run('lookup')).ok).toBe(true);
    expect((await run('lookup')).cached).toBe(false);
    expect(stats.invocations).toBe(2);
  });

  it('coalesces concurrent identical calls into one execution (single-flight)', async () => {
    const { tool, stats } = countingTool(
      'slow_lookup',
      async (n, _args, ctx) => {
        await delay(100, ctx.signal);
        return n;
      },
      { idempotent: true },
    );
    const { processor } = harness({ cache: {} }, tool);
    const calls = Array.from({ length: 5 }, (_, index) => ({
      id: `c${index}`,
      tool: 'slow_lookup',
      arguments: { q: 'same' },
    }));
    const pending = processor.execute(calls);
    await vi.advanceTimersByTimeAsync(100);
    const results = await pending;
    expect(stats.invocations).toBe(1);
    expect(results.map((result) => result.value)).toEqual([1, 1, 1, 1, 1]);
    expect(results.filter((result) => result.cached)).toHaveLength(4);
  });

  it('a follower cancelled while waiting gets TOOL_CANCELLED; the leader still finishes', async () => {
    const { tool, stats } = countingTool(
      'slow_lookup',
      async (n, _args, ctx) => {
        await delay(100, ctx.signal);
        return n;
      },
      { idempotent: true },
    );
    const { run } = harness({ cache: {} }, tool);
    const leader = run('slow_lookup');
    const controller = new AbortController();
    const follower = run('slow_lookup', {}, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await follower).error?.code).toBe('TOOL_CANCELLED');
    await vi.advanceTimersByTimeAsync(90);
    expect(await leader).toMatchObject({ ok: true, value: 1 });
    expect(stats.invocations).toBe(1);
  });

  it('a follower whose leader was cancelled runs the call itself', async () => {
    const { tool, stats } = countingTool(
      'slow_lookup',
      async (n, _args, ctx) => {
        await delay(100, ctx.signal);
        return n;
      },
      { idempotent: true },
    );
    const { run } = harness({ cache: {} }, tool);
    const controller = new AbortController();
    const leader = run('slow_lookup', {}, { signal: controller.signal });
    const follower = run('slow_lookup');
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await leader).error?.code).toBe('TOOL_CANCELLED');
    await vi.advanceTimersByTimeAsync(100);
    expect(await follower).toMatchObject({ ok: true, value: 2, cached: false });
    expect(stats.invocations).toBe(2);
  });

  it('invalidate(tool, args) removes one entry; invalidate(tool) removes them all', async () => {
    const { tool, stats } = lookup();
    const { run, processor } = harness({ cache: {} }, tool);
    await run('lookup', { q: 'a' });
    await run('lookup', { q: 'b' });
    expect(await processor.invalidate('lookup', { q: 'a' })).toBe(1);
    expect((await run('lookup', { q: 'a' })).cached).toBe(false);
    expect((await run('lookup', { q: 'b' })).cached).toBe(true);
    expect(await processor.invalidate('lookup')).toBe(2);
    expect((await run('lookup', { q: 'b' })).cached).toBe(false);
    expect(stats.invocations).toBe(4);
    expect(await processor.invalidate('no_such_tool')).toBe(0);
  });

  it('a result that was running when its tool was invalidated is not stored', async () => {
    const { tool } = countingTool(
      'slow_lookup',
      async (n, _args, ctx) => {
        await delay(100, ctx.signal);
        return n;
      },
      { idempotent: true },
    );
    const { run, processor } = harness({ cache: {} }, tool);
    const first = run('slow_lookup');
    await vi.advanceTimersByTimeAsync(10);
    await processor.invalidate('slow_lookup');
    await vi.advanceTimersByTimeAsync(90);
    await first;
    const again = run('slow_lookup');
    await vi.advanceTimersByTimeAsync(100);
    expect(await again).toMatchObject({ cached: false, value: 2 });
  });

  it('invalidate resolves 0 when no cache is configured', async () => {
    const { tool } = lookup();
    const { processor } = harness({}, tool);
    expect(await processor.invalidate('lookup')).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { tool, stats } = lookup();
    const { run } = harness({ cache: { maxEntries: 2 } }, tool);
    await run('lookup', { q: 'a' });
    await run('lookup', { q: 'b' });
    await run('lookup', { q: 'a' });
    await run('lookup', { q: 'c' });
    expect((await run('lookup', { q: 'a' })).cached).toBe(true);
    expect((await run('lookup', { q: 'b' })).cached).toBe(false);
    expect(stats.invocations).toBe(4);
  });

  it('followers of a leader whose inner stages rejected run on their own', async () => {
    const { tool, stats } = countingTool('lookup', (n) => n, { idempotent: true });
    let rejectFirst = true;
    const { processor } = harness(
      {
        cache: {},
        middleware: [
          {
            name: 'broken-once',
            wrap: (next) => (invocation) => {
              if (!rejectFirst) return next(invocation);
              rejectFirst = false;
              return new Promise((_resolve, reject) => setTimeout(reject, 10, new Error('broke')));
            },
          },
        ],
      },
      tool,
    );
    const both = processor.execute([
      { id: 'leader', tool: 'lookup', arguments: {} },
      { id: 'follower', tool: 'lookup', arguments: {} },
    ]);
    await vi.advanceTimersByTimeAsync(10);
    const [leader, follower] = await both;
    expect(leader?.ok).toBe(false);
    expect(follower).toMatchObject({ ok: true, value: 1 });
    expect(stats.invocations).toBe(1);
  });
});
