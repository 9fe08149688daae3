import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TpEvent } from '../events/event-bus.js';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';
import { createMemorySlotStore } from './stores/memory-slot-store.js';

const calls = (tool: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `${tool}-${index}`, tool, arguments: {} }));

describe('bulkhead middleware', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const sleeper = (name: string, ms = 100, metadata = {}) =>
    countingTool(
      name,
      async (n, _args, ctx) => {
        await delay(ms, ctx.signal);
        return n;
      },
      metadata,
    );

  it('caps concurrency and queues the rest, which run as slots free', async () => {
    const { tool, stats } = sleeper('work');
    const { processor } = harness({ bulkhead: { global: 2 } }, tool);
    const pending = processor.execute(calls('work', 5));
    await vi.advanceTimersByTimeAsync(300);
    const results = await pending;
    expect(results.every((result) => result.ok)).toBe(true);
    expect(stats.maxRunning).toBe(2);
    expect(stats.invocations).toBe(5);
  });

  it('5 slow calls in a batch finish in about one call’s time when nothing limits them', async () => {
    const { tool, stats } = sleeper('slow', 1000);
    const { processor } = harness(
      {
        retry: { maxAttempts: 3 },
        bulkhead: { global: 10 },
        circuitBreaker: {},
        rateLimit: { global: { limit: 100, windowMs: 1000 } },
      },
      tool,
    );
    const pending = processor.execute(calls('slow', 5));
    await vi.advanceTimersByTimeAsync(1000);
    const results = await pending;
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true, true]);
    expect(stats.maxRunning).toBe(5);
  });

  it('a full queue refuses at once with BULKHEAD_FULL', async () => {
    const { tool } = sleeper('work');
    const reasons: string[] = [];
    const { processor } = harness(
      {
        bulkhead: { global: 1, queueSize: 1 },
        onEvent: (event: TpEvent) => {
          if (event.type === 'bulkhead:rejected') reasons.push(event.reason);
        },
      },
      tool,
    );
    const pending = processor.execute(calls('work', 3));
    await vi.advanceTimersByTimeAsync(200);
    const results = await pending;
    expect(results.map((result) => result.error?.code)).toEqual([
      undefined,
      undefined,
      'BULKHEAD_FULL',
    ]);
    expect(reasons).toEqual(['queue_full']);
  });

  it('a queued call gives up after acquireTimeoutMs with BULKHEAD_FULL', async () => {
    const { tool } = sleeper('work', 1000);
    const { processor } = harness({ bulkhead: { global: 1, acquireTimeoutMs: 300 } }, tool);
    const pending = processor.execute(calls('work', 2));
    await vi.advanceTimersByTimeAsync(300);
    await vi.advanceTimersByTimeAsync(700);
    const [first, second] = await pending;
    expect(first?.ok).toBe(true);
    expect(second?.error).toMatchObject({ code: 'BULKHEAD_FULL', details: { reason: 'timeout' } });
  });

  it('a queued call whose deadline comes first ends with TOOL_TIMEOUT', async () => {
    const { tool } = sleeper('work', 1000);
    const { processor } = harness({ bulkhead: { global: 1, acquireTimeoutMs: 5000 } }, tool);
    const pending = processor.execute(calls('work', 2), { timeoutMs: 400 });
    await vi.advanceTimersByTimeAsync(400);
    const [, second] = await pending;
    expect(second?.error?.code).toBe('TOOL_TIMEOUT');
  });

  it('cancelling a queued call takes it out of the queue; slots come back after errors and timeouts', async () => {
    const store = createMemorySlotStore();
    const failing = countingTool('failing', () => {
      throw new Error('x');
    });
    const hanging = sleeper('hanging', 60_000);
    const { run } = harness(
      {
        bulkhead: { global: 1, queueSize: 1 },
        stores: { bulkhead: store },
        tools: { hanging: { timeoutMs: 50 } },
      },
      failing.tool,
      hanging.tool,
    );
    expect((await run('failing')).ok).toBe(false);
    expect(store.inUse('global', Date.now())).toBe(0);

    const first = run('hanging');
    const controller = new AbortController();
    const queued = run('failing', {}, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await queued).error?.code).toBe('TOOL_CANCELLED');
    expect(failing.stats.invocations).toBe(1);
    // The queue has room again: another call may wait.
    const next = run('failing');
    await vi.advanceTimersByTimeAsync(40);
    expect((await first).error?.code).toBe('TOOL_TIMEOUT');
    expect((await next).error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(store.inUse('global', Date.now())).toBe(0);
  });

  it('namespace, tool and first-matching pattern limits each apply', async () => {
    const a = sleeper('query', 100, { namespace: 'db' });
    const b = sleeper('write', 100, { namespace: 'db' });
    const c = sleeper('fetch', 100, { namespace: 'web' });
    const { processor } = harness(
      {
        bulkhead: {
          namespaces: { web: 2 },
          tools: { 'db.write': 1 },
          patterns: { 'db.*': 3, 'd*': 1 },
        },
      },
      a.tool,
      b.tool,
      c.tool,
    );
    const pending = processor.execute([
      ...calls('db.query', 6),
      ...calls('db.write', 3),
      ...calls('web.fetch', 4),
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    const results = await pending;
    expect(results.every((result) => result.ok)).toBe(true);
    expect(a.stats.maxRunning).toBe(3);
    expect(b.stats.maxRunning).toBe(1);
    expect(c.stats.maxRunning).toBe(2);
  });

  it('one tool’s full queue does not block another tool', async () => {
    const a = sleeper('a', 1000);
    const b = sleeper('b', 10);
    const { processor } = harness({ bulkhead: { global: 10, tools: { a: 1 } } }, a.tool, b.tool);
    const pending = processor.execute([...calls('a', 3), ...calls('b', 1)]);
    await vi.advanceTimersByTimeAsync(10);
    expect(b.stats.invocations).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect((await pending).every((result) => result.ok)).toBe(true);
  });

  it('a dry run reports a full bulkhead without taking a slot', async () => {
    const { tool } = sleeper('work', 1000);
    const { processor, run } = harness({ bulkhead: { global: 1, queueSize: 0 } }, tool);
    const call = [{ id: 'd', tool: 'work', arguments: {} }];
    expect((await processor.execute(call, { dryRun: true }))[0]?.value).toMatchObject({
      wouldRun: true,
    });
    const running = run('work');
    await vi.advanceTimersByTimeAsync(0);
    const [preview] = await processor.execute(call, { dryRun: true });
    expect(preview?.value).toMatchObject({ wouldRun: false, rejectedBy: 'bulkhead' });
    await vi.advanceTimersByTimeAsync(1000);
    expect((await running).ok).toBe(true);
  });
});
