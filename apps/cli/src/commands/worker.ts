import type { Command } from '../command.js';

// @tp/redis (ioredis, BullMQ) is imported when the command runs, so `tp --help` loads none of it.
export const workerCommand: Command = {
  path: ['worker'],
  summary: 'take calls from a BullMQ queue on Redis and run them (createQueueExecutor enqueues)',
  options: {
    redis: {
      type: 'string',
      valueName: '<url>',
      description: 'Redis URL (redis://host:port), shared with the callers',
    },
    tools: {
      type: 'string',
      multiple: true,
      valueName: '<module>',
      description: 'ES module exporting tool definitions (repeatable)',
    },
    concurrency: {
      type: 'string',
      valueName: '<n>',
      description: 'calls this worker runs at once (default 1)',
    },
    queue: { type: 'string', valueName: '<name>', description: 'queue name (default tp-calls)' },
    prefix: {
      type: 'string',
      valueName: '<prefix>',
      description: "key prefix of the shared stores (default 'tp:')",
    },
  },
  details:
    'Calls run through an ordinary processor whose stores (limits, breakers, bulkheads, cache)\n' +
    'are on the same Redis, so they hold across every worker. Ctrl-C or SIGTERM finishes the\n' +
    'calls in progress, then exits.\n\nExample:\n  tp worker --redis redis://127.0.0.1:6379 --tools ./tools.mjs --concurrency 8',
  run: async (input) => (await import('./worker-run.js')).runWorker(input),
};
