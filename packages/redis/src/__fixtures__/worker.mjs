// A `tp worker`-like process for the queue tests: createQueueWorker over an ordinary processor.
// With HANG=1 its tools report progress, then never finish (so the test can kill it mid-call).
import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { createQueueWorker } from '../../dist/index.js';

const hang = process.env.HANG === '1';
const run = async (args, ctx) => {
  ctx.reportProgress({ progress: 0, message: String(process.pid) });
  if (hang) await new Promise(() => {});
  if (args.ms) await new Promise((resolve) => setTimeout(resolve, args.ms));
  return { pid: process.pid, n: args.n };
};
const registry = createRegistry();
registry.register(
  defineTool({
    name: 'work',
    description: 'idempotent',
    inputSchema: { type: 'object' },
    idempotent: true,
    execute: run,
  }),
  defineTool({
    name: 'charge',
    description: 'not idempotent',
    inputSchema: { type: 'object' },
    sideEffect: 'write',
    execute: run,
  }),
);
const worker = createQueueWorker({
  connection: process.env.REDIS_URL,
  queue: process.env.QUEUE,
  processor: createProcessor({ registry }),
  concurrency: Number(process.env.CONCURRENCY ?? 1),
  lockDurationMs: Number(process.env.LOCK_MS ?? 30_000),
});
process.on('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
process.send?.('ready');
