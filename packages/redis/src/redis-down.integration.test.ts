import { randomUUID } from 'node:crypto';
import {
  createProcessor,
  createRegistry,
  defineTool,
  type StoreFailMode,
  type ToolResult,
} from '@tp/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './__fixtures__/redis-server.js';
import { createRedisStores, type RedisStores } from './create-redis-stores.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A processor on Redis stores: `tick` is limited to 5/s, behind a breaker and a bulkhead of 4. */
function instance(url: string, failMode: StoreFailMode) {
  const stores = createRedisStores({
    url,
    prefix: `down-${randomUUID()}:`,
    failMode,
    commandTimeoutMs: 300,
  });
  let executions = 0;
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'tick',
      description: 'counts its executions',
      inputSchema: { type: 'object' },
      execute: () => ++executions,
    }),
  );
  const processor = createProcessor({
    registry,
    rateLimit: { tools: { tick: { limit: 5, windowMs: 1000 } } },
    circuitBreaker: { failureThreshold: 3 },
    bulkhead: { tools: { tick: 4 } },
    stores,
  });
  const storeErrors: { store: string; failMode: string }[] = [];
  processor.events.on('store:error', (event) => storeErrors.push(event));
  return { stores, processor, storeErrors, executions: () => executions };
}

/** Calls `tick` every 10 ms until `stop()`; every call's result and how long it took. */
function load(processor: ReturnType<typeof instance>['processor']) {
  const finished: { result: ToolResult; ms: number }[] = [];
  const running: Promise<void>[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      running.push(
        processor.execute([{ id: randomUUID(), tool: 'tick', arguments: {} }]).then(([result]) => {
          finished.push({ result: result!, ms: Date.now() - started });
        }),
      );
      await pause(10);
    }
  })();
  return {
    finished,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(running);
      return running.length;
    },
  };
}

/** A burst of 10 calls at once: how many passed the 5/s limit. */
async function burst(processor: ReturnType<typeof instance>['processor']) {
  const results = await processor.execute(
    Array.from({ length: 10 }, () => ({ id: randomUUID(), tool: 'tick', arguments: {} })),
  );
  return results.filter((result) => result.ok).length;
}

describe('redis-server killed and restarted under load', () => {
  let server: RedisServer;
  let stores: RedisStores | undefined;
  beforeEach(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await stores?.dispose();
    await server.stop();
  });

  it.each(['open', 'closed'] as const)(
    'fail %s: every call gets one result within bounded time, none runs twice, limits return with redis',
    async (failMode) => {
      const tp = instance(server.url, failMode);
      stores = tp.stores;
      expect(await burst(tp.processor)).toBe(5);
      await pause(1000);

      const traffic = load(tp.processor);
      await pause(200);
      await server.kill();
      await pause(1500);
      const duringOutage = traffic.finished.length;
      await server.restart();
      // Reconnection (retry every ≤ 1 s), then the scripts are loaded again (NOSCRIPT → EVAL).
      await pause(1500);
      const sent = await traffic.stop();

      // Exactly one result per call, and no call waited long: commands do not pile up.
      expect(traffic.finished).toHaveLength(sent);
      expect(Math.max(...traffic.finished.map(({ ms }) => ms))).toBeLessThan(2000);
      const outcomes = new Set(traffic.finished.map(({ result }) => result.error?.code ?? 'ok'));
      if (failMode === 'open') {
        // Limits let calls through while redis is down: far more than 5/s got through.
        expect(traffic.finished.filter(({ result }) => result.ok).length).toBeGreaterThan(20);
        expect(outcomes.has('RUNTIME_UNAVAILABLE')).toBe(false);
      } else {
        expect(outcomes.has('RUNTIME_UNAVAILABLE')).toBe(true);
        const refusal = traffic.finished.find(
          ({ result }) => result.error?.code === 'RUNTIME_UNAVAILABLE',
        )!.result.error!;
        expect(refusal.message).toMatch(/store is unavailable .* fails closed/);
      }
      expect(duringOutage).toBeGreaterThan(0);
      expect(tp.storeErrors.length).toBeGreaterThan(0);
      expect(tp.storeErrors.every((error) => error.failMode === failMode)).toBe(true);
      // Never executed twice: each execution produced exactly one ok result.
      const okResults = traffic.finished.filter(({ result }) => result.ok).length;
      expect(tp.executions()).toBe(okResults + 5);

      // Redis is back (empty): the limit holds again.
      await pause(1000);
      expect(await burst(tp.processor)).toBe(5);
    },
  );

  it('the L1 is emptied when the subscription drops, so nothing stale outlives an outage', async () => {
    stores = createRedisStores({
      url: server.url,
      prefix: `l1-${randomUUID()}:`,
      localCache: { ttlMs: 60_000 },
      commandTimeoutMs: 300,
    });
    const { cache } = stores;
    await pause(100);
    await cache.set('k', 'before', 60_000, 't');
    expect((await cache.get('k'))?.value).toBe('before');
    await server.kill();
    await pause(100); // the client sees its sockets close
    // Served from L1 it would still say 'before'; the L1 is gone with the subscription.
    await expect(Promise.resolve(cache.get('k'))).rejects.toThrow();
    await server.restart();
    await pause(1500);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 'after', 60_000, 't');
    expect((await cache.get('k'))?.value).toBe('after');
  });
});
