import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';
import type { ResilienceStores } from './resilience-options.js';
import { createMemoryCacheStore } from './stores/memory-cache-store.js';
import { createMemoryCircuitStateStore } from './stores/memory-circuit-state-store.js';
import { createMemoryRateLimitStore } from './stores/memory-rate-limit-store.js';
import { createMemorySlotStore } from './stores/memory-slot-store.js';

/** Every method answers through a promise, as a remote (Redis) store does. */
function remote<Store extends object>(store: Store): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (...args: unknown[]) => Promise.resolve().then(() => value.apply(target, args))
        : value;
    },
  });
}

/** Every method fails: by rejecting (an unreachable remote store) or by throwing (a broken one). */
function failing(how: 'rejects' | 'throws') {
  return <Store extends object>(store: Store): Store =>
    new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return () => {
          const error = new Error('connection refused');
          if (how === 'throws') throw error;
          return Promise.reject(error);
        };
      },
    });
}

const remoteStores = (): ResilienceStores => ({
  cache: remote(createMemoryCacheStore()),
  rateLimit: remote(createMemoryRateLimitStore()),
  circuit: remote(createMemoryCircuitStateStore()),
  bulkhead: remote(createMemorySlotStore()),
});

describe('resilience stages over asynchronous stores', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('cache: miss, hit and single-flight work the same', async () => {
    const { tool, stats } = countingTool(
      'lookup',
      async (n, _args, ctx) => {
        await delay(50, ctx.signal);
        return n;
      },
      { idempotent: true },
    );
    const { run, processor } = harness({ cache: {}, stores: remoteStores() }, tool);
    const both = Promise.all([run('lookup'), run('lookup')]);
    await vi.advanceTimersByTimeAsync(50);
    expect((await both).map((result) => result.value)).toEqual([1, 1]);
    expect(await run('lookup')).toMatchObject({ cached: true, value: 1 });
    expect(await processor.invalidate('lookup', {})).toBe(1);
    expect(stats.invocations).toBe(1);
  });

  it('rate limit, breaker and bulkhead refuse and release the same', async () => {
    const { tool, stats } = countingTool('work', async (n, _args, ctx) => {
      await delay(100, ctx.signal);
      if (n <= 2) throw new Error('down');
      return n;
    });
    const stores = remoteStores();
    const { run, processor } = harness(
      {
        rateLimit: { global: { limit: 100, windowMs: 1000 }, mode: 'wait' },
        circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 1000 },
        bulkhead: { global: 1 },
        stores,
      },
      tool,
    );
    const batch = processor.execute([
      { id: 'a', tool: 'work', arguments: {} },
      { id: 'b', tool: 'work', arguments: {} },
    ]);
    await vi.advanceTimersByTimeAsync(200);
    expect((await batch).map((result) => result.error?.code)).toEqual([
      'TOOL_EXECUTION_FAILED',
      'TOOL_EXECUTION_FAILED',
    ]);
    expect((await run('work')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
    expect(await stores.bulkhead!.inUse('global', Date.now())).toBe(0);
    vi.advanceTimersByTime(1000);
    const probe = run('work');
    await vi.advanceTimersByTimeAsync(100);
    expect(await probe).toMatchObject({ ok: true, value: 3 });
    expect(stats.invocations).toBe(3);
  });

  it.each(['rejects', 'throws'] as const)(
    'a store that %s never fails a call: cache, limiter and breaker fail open',
    async (how) => {
      const unreachable = failing(how);
      const { tool, stats } = countingTool('lookup', (n) => n, { idempotent: true });
      const { run } = harness(
        {
          cache: {},
          circuitBreaker: {},
          rateLimit: { global: { limit: 1, windowMs: 1000 } },
          stores: {
            rateLimit: unreachable(createMemoryRateLimitStore()),
            cache: unreachable(createMemoryCacheStore()),
            circuit: unreachable(createMemoryCircuitStateStore()),
          },
        },
        tool,
      );
      expect(await run('lookup')).toMatchObject({ ok: true, value: 1 });
      expect(await run('lookup')).toMatchObject({ ok: true, value: 2 });
      expect(stats.invocations).toBe(2);
    },
  );

  it.each(['rejects', 'throws'] as const)(
    'a slot store that %s refuses with BULKHEAD_FULL once the wait is over',
    async (how) => {
      const unreachable = failing(how);
      const { tool, stats } = countingTool('work', () => 'done');
      const { run } = harness(
        {
          bulkhead: { global: 1, acquireTimeoutMs: 100 },
          stores: { bulkhead: unreachable(createMemorySlotStore()) },
        },
        tool,
      );
      const pending = run('work');
      await vi.advanceTimersByTimeAsync(100);
      expect((await pending).error?.code).toBe('BULKHEAD_FULL');
      expect(stats.invocations).toBe(0);
    },
  );
});
