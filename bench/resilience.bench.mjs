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
 * Times each variant's `block` (CALLS operations), interleaving the variants round by round so a
 * busy machine slows them alike. Returns wall and CPU medians per operation (µs).
 */
async function compare(variants) {
  const wall = variants.map(() => []);
  const cpu = variants.map(() => []);
  for (let round = 0; round < WARMUP + REPETITIONS; round++) {
    for (const [index, variant] of variants.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await variant.block();
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

/** CALLS calls of `call(index)` one after another, checking each answer. */
const oneByOne = (call) => async () => {
  for (let index = 0; index < CALLS; index++) {
    const value = await call(index);
    if (value !== index + 1) throw new Error(`wrong value ${JSON.stringify(value)}`);
  }
};

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
    { name: 'raw await fn(args)', block: oneByOne((index) => add({ a: index, b: 1 })) },
    {
      name: 'cockatiel wrap(bulkhead, breaker, retry, timeout)',
      block: oneByOne((index) => policy.execute(() => add({ a: index, b: 1 }))),
    },
    { name: 'tp stages: timeout only', block: oneByOne(through(timeoutOnly)) },
    { name: 'tp stages: bulkhead, breaker, retry, timeout', block: oneByOne(through(comparable)) },
    { name: 'tp stages: all on (+ rate limit, cache section)', block: oneByOne(through(all)) },
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
  let fresh = 0;
  /** One execute() of CALLS calls; `args(index)` picks each call's arguments. */
  const batch = (processor, tool, args, check) => async () => {
    const calls = Array.from({ length: CALLS }, (_, index) => ({
      id: `c${index}`,
      tool,
      arguments: args(index),
    }));
    const results = await processor.execute(calls);
    const wrong = results.find((result) => !result.ok || !check(result));
    if (wrong) throw new Error(`unexpected result ${JSON.stringify(wrong)}`);
  };
  const any = () => true;
  const [bareRun, fullRun, missRun, hitRun] = await compare([
    {
      name: `bare processor (timeout only), batch of ${CALLS}`,
      block: batch(bare, 'add', (index) => ({ a: index, b: 1 }), any),
    },
    {
      name: `full stack, nothing trips (write tool: not cached), batch of ${CALLS}`,
      block: batch(full, 'add', (index) => ({ a: index, b: 1 }), any),
    },
    {
      name: `full stack, read_only tool, every call a cache miss, batch of ${CALLS}`,
      block: batch(
        full,
        'lookup',
        () => ({ a: ++fresh, b: 1 }),
        (result) => !result.cached,
      ),
    },
    {
      name: `full stack, read_only tool, every call a cache hit, batch of ${CALLS}`,
      block: batch(full, 'lookup', (index) => ({ a: -(index % 100), b: 1 }), any),
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
      `adds ${added(missRun).toFixed(2)} µs CPU (SHA-256 of canonical arguments, LRU insert and eviction)`,
    ),
    row(
      hitRun,
      bareRun,
      `${added(hitRun).toFixed(2)} µs CPU vs running the tool (no runtime, no timer)`,
    ),
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
