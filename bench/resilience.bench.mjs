// Cost of the resilience stages when nothing trips (issue 3). Targets: the full stack adds
// ≤ 3 µs per call over the bare processor, and is no slower than cockatiel's equivalent
// composition (retry + circuit breaker + bulkhead + timeout). Also: 10,000 calls in flight at
// once through the full stack, with the process's peak RSS.
import {
  bulkhead,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleAll,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { createEventBus } from '../packages/core/dist/events/event-bus.js';
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import { orderMiddleware } from '../packages/core/dist/processor/middleware-stack.js';
import { timeoutMiddleware } from '../packages/core/dist/processor/timeout-middleware.js';
import { buildResilienceStages } from '../packages/core/dist/resilience/build-resilience-stages.js';
import { median } from './lib/measure.mjs';

const CALLS = 2_000;
const REPETITIONS = 15;
const WARMUP = 3;
const IN_FLIGHT = 10_000;

const add = ({ a, b }) => a + b;
const schema = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};
const writeTool = defineTool({
  name: 'add',
  description: 'adds',
  inputSchema: schema,
  sideEffect: 'write',
  execute: add,
});
const readTool = defineTool({
  name: 'lookup',
  description: 'adds',
  inputSchema: schema,
  sideEffect: 'read_only',
  execute: add,
});
const sleepTool = defineTool({
  name: 'sleep',
  description: 'waits 20 ms',
  inputSchema: { type: 'object' },
  sideEffect: 'write',
  execute: () => new Promise((resolve) => setTimeout(resolve, 20, 'done')),
});

/** Every stage on, sized so that nothing trips. */
const fullStack = {
  retry: { maxAttempts: 3, baseDelayMs: 100 },
  cache: { ttlMs: 60_000, maxEntries: 10_000 },
  rateLimit: { global: { limit: 1_000_000_000, windowMs: 1000 } },
  circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 10_000 },
  bulkhead: { global: 100_000, queueSize: 100_000 },
};
/** The policies cockatiel's composition has too. */
const comparableStack = {
  retry: fullStack.retry,
  circuitBreaker: fullStack.circuitBreaker,
  bulkhead: fullStack.bulkhead,
};

function cockatielPolicy() {
  return wrap(
    bulkhead(100_000, 100_000),
    circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
    retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 100 }) }),
    timeout(30_000, TimeoutStrategy.Cooperative),
  );
}

/** tp's stages composed around the bare function, outside any processor (like cockatiel's). */
function tpHandler(options) {
  const registry = createRegistry();
  registry.register(writeTool);
  const { stages } = buildResilienceStages(options, registry, createEventBus());
  const stack = orderMiddleware({ ...stages, timeout: timeoutMiddleware(30_000) });
  let handler = (invocation) =>
    Promise.resolve({ ok: true, value: add(invocation.args), attempts: 1, cached: false });
  for (let i = stack.length - 1; i >= 0; i--) handler = stack[i].wrap(handler, writeTool);
  return handler;
}

/**
 * Times each variant (a function running one call) over CALLS sequential calls, interleaving the
 * variants round by round so a busy machine slows them alike. Returns wall and CPU medians (µs/call).
 */
async function compare(variants) {
  const wall = variants.map(() => []);
  const cpu = variants.map(() => []);
  const block = async (call) => {
    for (let index = 0; index < CALLS; index++) {
      const value = await call(index);
      if (value !== index + 1) throw new Error(`wrong value ${JSON.stringify(value)}`);
    }
  };
  for (let round = 0; round < WARMUP + REPETITIONS; round++) {
    for (const [index, variant] of variants.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await block(variant.call);
      if (round < WARMUP) continue;
      const used = process.cpuUsage(cpuStart);
      wall[index].push(((performance.now() - start) * 1000) / CALLS);
      cpu[index].push((used.user + used.system) / CALLS);
    }
  }
  return variants.map((variant, index) => ({
    name: variant.name,
    wallUs: median(wall[index]),
    cpuUs: median(cpu[index]),
  }));
}

function row(measured, baseline, notes) {
  return {
    name: measured.name,
    medianUs: measured.wallUs,
    opsPerSec: 1e6 / measured.wallUs,
    ...(baseline
      ? {
          baseline: baseline.name,
          baselineMedianUs: baseline.wallUs,
          ratio: measured.wallUs / baseline.wallUs,
        }
      : {}),
    cpuMedianUs: measured.cpuUs,
    notes: `CPU ${measured.cpuUs.toFixed(2)} µs/call${notes ? `; ${notes}` : ''}`,
  };
}

async function stageRows() {
  const policy = cockatielPolicy();
  const timeoutOnly = tpHandler({});
  const comparable = tpHandler(comparableStack);
  const all = tpHandler(fullStack);
  const signal = new AbortController().signal;
  const context = { requestId: 'bench', metadata: {} };
  const through = (handler) => async (index) => {
    const args = { a: index, b: 1 };
    const call = { id: 'c', tool: 'add', arguments: args };
    return (await handler({ call, tool: writeTool, args, context, signal, attempt: 1 })).value;
  };
  const [raw, cockatiel, tpTimeout, tpComparable, tpAll] = await compare([
    { name: 'raw await fn(args)', call: (index) => add({ a: index, b: 1 }) },
    {
      name: 'cockatiel wrap(bulkhead, breaker, retry, timeout)',
      call: (index) => policy.execute(() => add({ a: index, b: 1 })),
    },
    { name: 'tp stages: timeout only', call: through(timeoutOnly) },
    { name: 'tp stages: bulkhead, breaker, retry, timeout', call: through(comparable) },
    { name: 'tp stages: all on (+ rate limit, cache section)', call: through(all) },
  ]);
  const added = (measured) => measured.cpuUs - raw.cpuUs;
  const verdict = (measured) =>
    `adds ${added(measured).toFixed(2)} µs CPU vs cockatiel's ${added(cockatiel).toFixed(2)} µs: ${added(measured) <= added(cockatiel) ? 'no slower (met)' : 'slower (missed)'}; ${(measured.cpuUs - tpTimeout.cpuUs).toFixed(2)} µs of it over the timeout stage alone (target ≤ 3 µs: ${measured.cpuUs - tpTimeout.cpuUs <= 3 ? 'met' : 'missed'})`;
  return [
    row(raw),
    row(cockatiel, raw, `adds ${added(cockatiel).toFixed(2)} µs CPU`),
    row(tpTimeout, raw, `adds ${added(tpTimeout).toFixed(2)} µs CPU (one timer per attempt)`),
    row(tpComparable, raw, verdict(tpComparable)),
    row(tpAll, raw, verdict(tpAll)),
  ];
}

async function processorRows() {
  const registry = createRegistry();
  registry.register(writeTool, readTool);
  const bare = createProcessor({ registry });
  const full = createProcessor({ registry, ...fullStack });
  const single = (processor, tool) => async (index) => {
    const [result] = await processor.execute([{ id: 'c', tool, arguments: { a: index, b: 1 } }]);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };
  const [bareRun, fullRun, missRun] = await compare([
    { name: 'bare processor, one call per execute() (timeout only)', call: single(bare, 'add') },
    { name: 'full stack, nothing trips (write tool: not cached)', call: single(full, 'add') },
    { name: 'full stack, read_only tool, every call a cache miss', call: single(full, 'lookup') },
  ]);
  // Same arguments every time: after the first call every one is a cache hit.
  const [hitRun] = await compare([
    {
      name: 'full stack, read_only tool, every call a cache hit',
      call: async (index) => {
        const [result] = await full.execute([
          { id: 'c', tool: 'lookup', arguments: { a: 1, b: 1 } },
        ]);
        return result.cached ? index + 1 : -1;
      },
    },
  ]);
  await bare.close();
  await full.close();
  const added = (measured) => measured.cpuUs - bareRun.cpuUs;
  return [
    row(bareRun),
    row(
      fullRun,
      bareRun,
      `adds ${added(fullRun).toFixed(2)} µs CPU per call; target ≤ 3 µs: ${added(fullRun) <= 3 ? 'met' : 'missed'}`,
    ),
    row(
      missRun,
      bareRun,
      `adds ${added(missRun).toFixed(2)} µs CPU (SHA-256 of canonical arguments, LRU insert)`,
    ),
    row(hitRun, bareRun, `${added(hitRun).toFixed(2)} µs CPU vs bare`),
  ];
}

async function inFlightRows() {
  const registry = createRegistry();
  registry.register(sleepTool);
  const rows = [];
  for (const [label, options] of [
    ['bare processor', {}],
    ['full stack', fullStack],
  ]) {
    const processor = createProcessor({ registry, maxConcurrency: IN_FLIGHT, ...options });
    const calls = Array.from({ length: IN_FLIGHT }, (_, index) => ({
      id: `c${index}`,
      tool: 'sleep',
      arguments: {},
    }));
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    const start = performance.now();
    const results = await processor.execute(calls);
    const elapsedMs = performance.now() - start;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    await processor.close();
    const ok = results.filter((result) => result.ok).length;
    if (ok !== IN_FLIGHT) throw new Error(`${IN_FLIGHT - ok} of ${IN_FLIGHT} calls failed`);
    rows.push({
      name: `${IN_FLIGHT} calls in flight at once (20 ms tool), ${label}`,
      medianUs: (elapsedMs * 1000) / IN_FLIGHT,
      opsPerSec: (IN_FLIGHT / elapsedMs) * 1000,
      notes: `all done in ${elapsedMs.toFixed(0)} ms; peak RSS ${mb(peak)} MB (+${mb(peak - before)} MB over the ${mb(before)} MB before)`,
    });
  }
  return rows;
}

export async function run() {
  const rows = [...(await stageRows()), ...(await processorRows()), ...(await inFlightRows())];
  return { suite: 'resilience middleware overhead (nothing tripping)', rows };
}

function mb(bytes) {
  return (bytes / 1024 / 1024).toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  console.table(
    result.rows.map(({ name, medianUs, ratio, notes }) => ({
      name,
      medianUs: medianUs?.toFixed(2),
      ratio: ratio?.toFixed(2),
      notes,
    })),
  );
}
