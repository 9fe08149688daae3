// Cost of the DAG scheduler and of processBatch against the fast path (a batch with no
// dependencies, refs, pools or priorities), in the same run: 2,000 trivial calls per batch.
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import { median, repeat } from './lib/measure.mjs';

const CALLS = 2_000;
const BATCH_CALLS = 10_000;
const REPETITIONS = 15;

const add = defineTool({
  name: 'add',
  description: 'adds two numbers',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  execute: ({ a, b }) => a + b,
});

const plain = (index) => ({ id: `c${index}`, tool: 'add', arguments: { a: index, b: 1 } });

const variants = {
  'fast path (no scheduling fields)': (index) => plain(index),
  'scheduler: priorities only': (index) => ({ ...plain(index), priority: index % 3 }),
  'scheduler: every call depends on the first': (index) =>
    index === 0 ? plain(0) : { ...plain(index), dependsOn: ['c0'] },
  'scheduler: every call takes a $ref of the first': (index) =>
    index === 0 ? plain(0) : { ...plain(index), arguments: { a: { $ref: 'c0.value' }, b: 1 } },
};

export async function run() {
  const registry = createRegistry();
  registry.register(add);
  const processor = createProcessor({ registry });
  const check = (results, count) => {
    if (results.length !== count || !results.every((result) => result.ok)) {
      throw new Error(`a call failed: ${JSON.stringify(results.find((result) => !result.ok))}`);
    }
  };

  const rows = [];
  let baseline;
  for (const [name, build] of Object.entries(variants)) {
    const calls = Array.from({ length: CALLS }, (_, index) => build(index));
    const { wallUs } = await repeat(async () => check(await processor.execute(calls), CALLS), {
      operations: CALLS,
      repetitions: REPETITIONS,
    });
    const medianUs = median(wallUs);
    baseline ??= { name, medianUs };
    rows.push({
      name: `execute(): ${CALLS} calls, ${name}`,
      medianUs,
      opsPerSec: 1e6 / medianUs,
      baseline: baseline.name,
      baselineMedianUs: baseline.medianUs,
      ratio: medianUs / baseline.medianUs,
    });
  }

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const { wallUs } = await repeat(
    async () => {
      let count = 0;
      function* source() {
        for (let index = 0; index < BATCH_CALLS; index++) yield plain(index);
      }
      for await (const result of processor.processBatch(source(), { maxInFlight: 256 })) {
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        if (++count % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      if (count !== BATCH_CALLS) throw new Error(`expected ${BATCH_CALLS} results, got ${count}`);
    },
    { operations: BATCH_CALLS, repetitions: 5, warmup: 1 },
  );
  const medianUs = median(wallUs);
  rows.push({
    name: `processBatch(): ${BATCH_CALLS} calls from a generator, maxInFlight 256`,
    medianUs,
    opsPerSec: 1e6 / medianUs,
    baseline: baseline.name,
    baselineMedianUs: baseline.medianUs,
    ratio: medianUs / baseline.medianUs,
    notes: `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (+${((peakRss - rssBefore) / 2 ** 20).toFixed(1)} MiB during the batches)`,
  });
  await processor.close();
  return { suite: 'scheduling and batch (validation on)', rows };
}
