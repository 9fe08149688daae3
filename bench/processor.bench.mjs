// Per-call overhead of process() with argument validation on, against a raw `await fn(args)`:
// one batch of 2,000 trivial calls, and 2,000 sequential single-call process() calls.
// Targets (issue 2): ≤ 5 µs per call in the batch, ≤ 15 µs for a single call.
import { createRequire } from 'node:module';
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import { median, percentile, repeat } from './lib/measure.mjs';

const CALLS = 2_000;
const REPETITIONS = 20;

// zod is core's peer dependency; resolve the copy core itself uses.
const { z } = await import(
  createRequire(new URL('../packages/core/package.json', import.meta.url)).resolve('zod')
);

const add = ({ a, b }) => a + b;
const jsonSchemaTool = defineTool({
  name: 'add',
  description: 'adds two numbers',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
  execute: add,
});
const zodTool = defineTool({
  name: 'add_zod',
  description: 'adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: add,
});

export async function run() {
  const registry = createRegistry();
  registry.register(jsonSchemaTool, zodTool);
  const processor = createProcessor({ registry });

  const { wallUs: baselineSamples } = await repeat(
    async () => {
      for (let index = 0; index < CALLS; index++) await add({ a: index, b: 1 });
    },
    { operations: CALLS, repetitions: REPETITIONS },
  );
  const baseline = median(baselineSamples);
  const rows = [{ name: 'raw await fn(args)', medianUs: baseline }];

  for (const [label, tool] of [
    ['JSON Schema', 'add'],
    ['zod', 'add_zod'],
  ]) {
    const calls = Array.from({ length: CALLS }, (_, index) => ({
      id: `c${index}`,
      tool,
      arguments: { a: index, b: 1 },
    }));
    const checkAll = (results) => {
      if (results.length !== CALLS || !results.every((result) => result.ok)) {
        throw new Error(`a ${tool} call failed: ${JSON.stringify(results.find((r) => !r.ok))}`);
      }
    };

    const batch = await repeat(async () => checkAll(await processor.process(calls)), {
      operations: CALLS,
      repetitions: REPETITIONS,
    });
    rows.push(row(`process(): batch of ${CALLS} calls, ${label}`, batch, baseline, 5));

    const latencies = [];
    const single = await repeat(
      async () => {
        for (const call of calls) {
          const start = performance.now();
          const [result] = await processor.process(call);
          latencies.push((performance.now() - start) * 1000);
          if (!result?.ok) checkAll([result]);
        }
      },
      { operations: CALLS, repetitions: REPETITIONS },
    );
    rows.push({
      ...row(`process(): ${CALLS} sequential single calls, ${label}`, single, baseline, 15),
      p99Us: percentile(latencies, 99),
    });
  }
  await processor.close();
  return { suite: 'processor overhead (validation on, default middleware)', rows };
}

function row(name, { wallUs, cpuUs }, baselineUs, targetUs) {
  const medianUs = median(wallUs);
  const cpuMedianUs = median(cpuUs);
  return {
    name,
    medianUs,
    opsPerSec: 1e6 / medianUs,
    baseline: 'raw await fn(args)',
    baselineMedianUs: baselineUs,
    ratio: medianUs / baselineUs,
    cpuMedianUs,
    notes: `target ≤ ${targetUs} µs: ${medianUs <= targetUs ? 'met' : 'missed'}; CPU ${cpuMedianUs.toFixed(1)} µs/call`,
  };
}
