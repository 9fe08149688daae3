// One tp instance (a processor on the shared Redis stores) in its own process, driven over IPC by
// the multi-process tests: { id, op: 'execute' | 'invalidate', ... } → { id, results | removed }.
import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { createRedisStores } from '../../dist/index.js';

const stores = createRedisStores({
  url: process.env.REDIS_URL,
  prefix: process.env.TP_PREFIX,
  localCache: { maxEntries: 100, ttlMs: 60_000 },
});
let lookups = 0;
const registry = createRegistry();
registry.register(
  defineTool({
    name: 'tick',
    description: 'Rate limited to 10/s across instances',
    inputSchema: { type: 'object' },
    execute: () => 'tock',
  }),
  defineTool({
    name: 'flaky',
    description: 'Fails when asked to',
    inputSchema: { type: 'object', properties: { fail: { type: 'boolean' } } },
    execute: ({ fail }) => {
      if (fail) throw new Error('down');
      return 'up';
    },
  }),
  defineTool({
    name: 'lookup',
    description: 'Cached; says which process computed it',
    inputSchema: { type: 'object', properties: { q: { type: 'number' } } },
    idempotent: true,
    execute: ({ q }) => ({ q, pid: process.pid, computed: ++lookups }),
  }),
  defineTool({
    name: 'slow',
    description: 'At most 3 at once across instances',
    inputSchema: { type: 'object', properties: { ms: { type: 'number' } } },
    execute: async ({ ms }) => {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { start, end: Date.now() };
    },
  }),
);
const processor = createProcessor({
  registry,
  rateLimit: { tools: { tick: { limit: 10, windowMs: 1000 } } },
  circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 60_000 },
  cache: { ttlMs: 60_000 },
  bulkhead: { tools: { slow: 3 }, acquireTimeoutMs: 20_000 },
  tools: { tick: { circuitBreaker: false }, slow: { circuitBreaker: false } },
  stores,
});

process.on('message', async (request) => {
  if (request.op === 'execute') {
    const results = await processor.execute(request.calls);
    process.send({ id: request.id, results });
  } else if (request.op === 'invalidate') {
    process.send({ id: request.id, removed: await processor.invalidate(request.tool) });
  } else if (request.op === 'exit') {
    await processor.close();
    await stores.dispose();
    process.exit(0);
  }
});
process.send({ ready: true });
