import { runStoreConformance } from '@tp/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedisServer } from './__fixtures__/redis-server.js';
import { oneStore } from './__fixtures__/stores-for-tests.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const url = () => ({ url: server.url });

runStoreConformance({
  name: 'redis',
  shared: true,
  cache: oneStore('cache', url),
  rateLimit: oneStore('rateLimit', url),
  circuit: oneStore('circuit', url),
  slots: oneStore('bulkhead', url),
  counters: oneStore('counters', url),
  snapshots: oneStore('snapshots', url),
});

runStoreConformance({
  name: 'redis cache with an in-process L1',
  shared: true,
  cache: oneStore('cache', () => ({ url: server.url, localCache: { maxEntries: 100 } })),
});
