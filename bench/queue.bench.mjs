// @tp/redis's queue (issue 15): throughput of trivial calls through BullMQ with 1, 2 and 4 worker
// processes, and the latency a call adds through the queue compared with running it in process.
// Starts its own redis-server on a free loopback port and its own worker processes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import { createQueueExecutor } from '../packages/redis/dist/index.js';
import { median, percentile } from './lib/measure.mjs';
import { startRedisServer } from './lib/redis-server.mjs';

const workerScript = fileURLToPath(
  new URL('../packages/redis/src/__fixtures__/worker.mjs', import.meta.url),
);
const BATCH = 2000;
const LATENCY_CALLS = 300;

async function startWorkers(count, env) {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const child = fork(workerScript, [], {
            env: { ...process.env, ...env },
            stdio: 'inherit',
          });
          child.once('message', () => resolve(child));
          child.once('error', reject);
        }),
    ),
  );
}

async function stopWorkers(children) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}

export async function run() {
  const redis = await startRedisServer();
  const { url } = redis;
  const rows = [];
  try {
    const calls = (count) =>
      Array.from({ length: count }, (_, n) => ({ id: `c${n}`, tool: 'work', arguments: { n } }));
    let single;
    for (const workers of [1, 2, 4]) {
      const queue = `bench-${workers}`;
      const children = await startWorkers(workers, {
        REDIS_URL: url,
        QUEUE: queue,
        CONCURRENCY: '16',
      });
      const executor = createQueueExecutor({ connection: url, queue });
      try {
        for await (const _ of executor.processBatch(calls(200), { maxInFlight: 500 })); // warm-up
        const start = performance.now();
        let count = 0;
        for await (const _ of executor.processBatch(calls(BATCH), { maxInFlight: 500 })) count++;
        const seconds = (performance.now() - start) / 1000;
        const perSecond = count / seconds;
        single ??= perSecond;
        rows.push({
          name: `queue: ${BATCH} trivial calls, ${workers} worker process(es) × concurrency 16`,
          opsPerSec: Math.round(perSecond),
          notes: `${(perSecond / single).toFixed(2)}× one worker`,
        });
        if (workers === 1) {
          const latencies = [];
          for (let index = 0; index < LATENCY_CALLS; index++) {
            const started = performance.now();
            await executor.execute(calls(1));
            latencies.push((performance.now() - started) * 1000);
          }
          rows.push({
            name: 'queue: one call at a time, enqueue → worker → result',
            medianUs: Math.round(median(latencies)),
            p99Us: Math.round(percentile(latencies, 99)),
          });
        }
      } finally {
        await executor.close();
        await stopWorkers(children);
      }
    }
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'work',
        description: 'trivial',
        inputSchema: { type: 'object' },
        idempotent: true,
        execute: ({ n }) => ({ n }),
      }),
    );
    const processor = createProcessor({ registry });
    const latencies = [];
    for (let index = 0; index < LATENCY_CALLS + 100; index++) {
      const started = performance.now();
      await processor.execute(calls(1));
      if (index >= 100) latencies.push((performance.now() - started) * 1000);
    }
    rows.push({
      name: 'in process: one call at a time (the same tool, no queue)',
      medianUs: Math.round(median(latencies)),
      p99Us: Math.round(percentile(latencies, 99)),
    });
    return { suite: 'BullMQ queue: throughput by worker count, added latency per call', rows };
  } finally {
    await redis.stop();
  }
}
