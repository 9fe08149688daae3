import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';
import type { ResilienceStores } from './resilience-options.js';
import { createMemoryCacheStore } from './stores/memory-cache-store.js';
import { createMemoryCircuitStateStore } from './stores/memory-circuit-state-store.js';
import { createMemoryRateLimitStore } from './stores/memory-rate-limit-store.js';
import { createMemorySlotStore } from './stores/memory-slot-store.js';

/** Every operation answers through a promise, as a remote (Redis) store does. */
function remote<Store extends object>(store: Store): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      // Subscribing answers synchronously with the unsubscribe function, remote or not.
      return typeof value === 'function' && property !== 'onRelease'
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
    'a store that %s: cache, limiter and breaker fail open by default, and say so in store:error',
    async (how) => {
      const unreachable = failing(how);
      const { tool, stats } = countingTool('lookup', (n) => n, { idempotent: true });
      const { run, processor } = harness(
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
      const errors: unknown[] = [];
      processor.events.on('store:error', (event) => errors.push(event));
      expect(await run('lookup')).toMatchObject({ ok: true, value: 1 });
      expect(await run('lookup')).toMatchObject({ ok: true, value: 2 });
      expect(stats.invocations).toBe(2);
      await vi.advanceTimersByTimeAsync(0);
      const seen = (errors as { store: string; operation: string }[]).map(
        ({ store, operation }) => `${store}.${operation}`,
      );
      expect(new Set(seen)).toEqual(
        new Set(['cache.get', 'cache.set', 'rateLimit.acquire', 'circuit.admit']),
      );
      expect(errors[0]).toMatchObject({
        type: 'store:error',
        message: 'connection refused',
        failMode: 'open',
        tool: 'lookup',
        callId: 'call-1',
      });
    },
  );

  it.each([
    ['cache', { cache: {} }],
    ['rateLimit', { rateLimit: { global: { limit: 1, windowMs: 1000 } } }],
    ['circuit', { circuitBreaker: {} }],
    ['bulkhead', { bulkhead: { global: 1 } }],
  ] as const)(
    'a %s store failing closed fails the call with RUNTIME_UNAVAILABLE',
    async (stage, section) => {
      const unreachable = failing('rejects');
      const { tool, stats } = countingTool('lookup', (n) => n, { idempotent: true });
      const { run, processor } = harness(
        {
          ...section,
          stores: {
            rateLimit: unreachable(createMemoryRateLimitStore()),
            cache: unreachable(createMemoryCacheStore()),
            circuit: unreachable(createMemoryCircuitStateStore()),
            bulkhead: unreachable(createMemorySlotStore()),
            failMode: { [stage]: 'closed' },
          },
        },
        tool,
      );
      const errors: { store: string; failMode: string }[] = [];
      processor.events.on('store:error', (event) => errors.push(event));
      const result = await run('lookup');
      expect(result.error).toMatchObject({
        code: 'RUNTIME_UNAVAILABLE',
        details: { store: stage },
      });
      expect(result.error?.message).toContain(`the ${stage} store is unavailable`);
      expect(stats.invocations).toBe(0);
      expect(errors).toMatchObject([{ store: stage, failMode: 'closed' }]);
      // A dry run reports the same refusal (the cache never refuses in a dry run).
      const [dry] = await processor.execute([{ id: 'dry', tool: 'lookup', arguments: {} }], {
        dryRun: true,
      });
      expect(dry?.error?.code === 'RUNTIME_UNAVAILABLE').toBe(stage !== 'cache');
    },
  );

  it.each(['rejects', 'throws'] as const)(
    'a slot store that %s fails closed by default (RUNTIME_UNAVAILABLE at once); open runs unguarded',
    async (how) => {
      const unreachable = failing(how);
      const { tool, stats } = countingTool('work', () => 'done');
      const closed = harness(
        {
          bulkhead: { global: 1, acquireTimeoutMs: 100 },
          stores: { bulkhead: unreachable(createMemorySlotStore()) },
        },
        tool,
      );
      const closedErrors: { failMode: string }[] = [];
      closed.processor.events.on('store:error', (event) => closedErrors.push(event));
      expect((await closed.run('work')).error?.code).toBe('RUNTIME_UNAVAILABLE');
      expect(closedErrors).toMatchObject([{ failMode: 'closed' }]);
      expect(stats.invocations).toBe(0);
      const open = harness(
        {
          bulkhead: { global: 1 },
          stores: { bulkhead: unreachable(createMemorySlotStore()), failMode: 'open' },
        },
        tool,
      );
      const errors: { operation: string }[] = [];
      open.processor.events.on('store:error', (event) => errors.push(event));
      expect(await open.run('work')).toMatchObject({ ok: true, value: 'done' });
      expect(errors.map((error) => error.operation)).toEqual(['tryAcquire']);
    },
  );

  it('with nobody listening, a store failure is a TpStoreError warning (once a minute per stage)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { tool } = countingTool('lookup', (n) => n);
      const { run } = harness(
        {
          rateLimit: { global: { limit: 5, windowMs: 1000 } },
          stores: { rateLimit: failing('rejects')(createMemoryRateLimitStore()) },
        },
        tool,
      );
      await run('lookup');
      await run('lookup');
      vi.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      const ours = warnings.filter((warning) => warning.message.includes('rateLimit store'));
      expect(ours).toHaveLength(1);
      expect(ours[0]?.name).toBe('TpStoreError');
      expect(ours[0]?.message).toContain('the rateLimit store failed (acquire');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
