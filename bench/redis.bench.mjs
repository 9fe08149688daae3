// @tp/redis store operations against a raw ioredis round trip, side by side in one run (issue 15):
// PING on the same client is the floor; the goal is a rate-limit check ≤ 1.3× a PING, in one round
// trip. Operations run one at a time (latency, not throughput), interleaved round by round so
// every variant sees the same machine load. Starts its own redis-server on a free loopback port.
import { createRedisStores } from '../packages/redis/dist/index.js';
import { median, percentile } from './lib/measure.mjs';
import { startRedisServer } from './lib/redis-server.mjs';

const ROUNDS = 3000;
const WARMUP = 300;

export async function run() {
  const redis = await startRedisServer();
  const plain = createRedisStores({ url: redis.url, prefix: 'bench:' });
  const withL1 = createRedisStores({ url: redis.url, prefix: 'bench:', localCache: {} });
  try {
    await plain.client.ping();
    await withL1.client.ping();
    const policy = {
      failureThreshold: 5,
      minimumCalls: 10,
      windowMs: 60_000,
      resetTimeoutMs: 30_000,
      halfOpenMaxCalls: 1,
      successThreshold: 1,
    };
    const rules = [{ key: 'global', limit: 1e9, windowMs: 1000 }];
    const slots = [{ key: 'global', limit: 1e9 }];
    const value = { text: 'x'.repeat(1000) };
    await plain.cache.set('hit', value, 600_000, 'tag');
    await withL1.cache.get('hit'); // fills the L1 (after its subscription is up)
    let lease = 0;
    const variants = {
      'raw ioredis PING': () => plain.client.ping(),
      'raw ioredis GET (1 KB)': () => plain.client.get('bench:raw'),
      'rate limit: acquire (sliding-window Lua, server TIME)': () =>
        plain.rateLimit.acquire(rules, Date.now()),
      'circuit: admit (closed)': () => plain.circuit.admit('tool', policy, Date.now()),
      'circuit: settle (success, closed)': () =>
        plain.circuit.settle(
          'tool',
          policy,
          { state: 'closed', generation: 0 },
          'success',
          Date.now(),
        ),
      'bulkhead: tryAcquire + release (2 round trips)': async () => {
        const id = `lease-${++lease}`;
        await plain.bulkhead.tryAcquire(slots, id, 60_000, Date.now());
        await plain.bulkhead.release(slots, id);
      },
      'cache: get hit (1 KB), no L1': () => plain.cache.get('hit'),
      'cache: get hit (1 KB), L1': () => withL1.cache.get('hit'),
      'cache: set (1 KB, tag, publish)': () => plain.cache.set('set', value, 600_000, 'tag'),
      'counter: add with limit': () => plain.counters.add('budget', 1, 1e12),
    };
    await plain.client.set('bench:raw', JSON.stringify(value));
    const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const [name, operation] of Object.entries(variants)) {
        const start = performance.now();
        await operation();
        if (round >= WARMUP) samples[name].push((performance.now() - start) * 1000);
      }
    }
    const ping = median(samples['raw ioredis PING']);
    const rows = Object.entries(samples).map(([name, us]) => ({
      name,
      medianUs: round(median(us)),
      p99Us: round(percentile(us, 99)),
      ...(name.startsWith('raw ioredis PING')
        ? {}
        : {
            baseline: 'raw ioredis PING',
            baselineMedianUs: round(ping),
            ratio: round(median(us) / ping),
          }),
    }));
    return { suite: 'redis stores vs a raw ioredis round trip (latency, one at a time)', rows };
  } finally {
    await plain.dispose();
    await withL1.dispose();
    await redis.stop();
  }
}

function round(value) {
  return Math.round(value * 100) / 100;
}
