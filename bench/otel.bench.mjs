// What @tp/otel adds per call (issue 16), side by side with the bare processor in one run:
// instrumented with no tracer provider registered (spans are no-ops; the Prometheus metrics still
// count), with an SDK provider whose exporter drops everything (spans built, nothing kept), and
// with the SDK's in-memory exporter. Goals: ≤ 1 µs added with no provider, ≤ 5 µs with spans.
import { createRequire } from 'node:module';
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import { instrumentProcessor } from '../packages/otel/dist/index.js';
import { median, repeat } from './lib/measure.mjs';

const CALLS = 2_000;
const REPETITIONS = 15;

// The SDK is @tp/otel's dev dependency; load the copy next to its @opentelemetry/api.
const fromOtel = createRequire(new URL('../packages/otel/package.json', import.meta.url));
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import(
  fromOtel.resolve('@opentelemetry/sdk-trace-base')
);

const add = ({ a, b }) => a + b;
const tool = defineTool({
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

const dropAll = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const memory = new InMemorySpanExporter();
const variants = [
  ['bare processor', undefined],
  ['instrumented, no tracer provider (metrics only)', {}],
  [
    'instrumented, SDK provider, exporter drops spans',
    {
      tracerProvider: new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(dropAll)],
      }),
    },
  ],
  [
    'instrumented, SDK provider, in-memory exporter',
    {
      tracerProvider: new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(memory)],
      }),
    },
  ],
];

export async function run() {
  const calls = Array.from({ length: CALLS }, (_, index) => ({
    id: `c${index}`,
    tool: 'add',
    arguments: { a: index, b: 1 },
  }));
  const processors = variants.map(([name, options]) => {
    const registry = createRegistry();
    registry.register(tool);
    const processor = createProcessor({ registry });
    if (options) instrumentProcessor(processor, options);
    return { name, processor };
  });
  const check = (results) => {
    memory.reset();
    if (!results.every((result) => result.ok)) throw new Error('a call failed');
  };
  const rows = [];
  for (const [kind, block] of [
    ['batch of 2,000', async (processor) => check(await processor.process(calls))],
    [
      '2,000 single calls',
      async (processor) => {
        for (const call of calls) {
          const [result] = await processor.process(call);
          if (!result?.ok) check([result]);
        }
        memory.reset();
      },
    ],
  ]) {
    // Interleaved: each repetition runs every variant once, so load drifts hit them alike.
    const samples = processors.map(() => ({ wallUs: [], cpuUs: [] }));
    for (const { processor } of processors) {
      await repeat(() => block(processor), { operations: CALLS, repetitions: 1, warmup: 3 });
    }
    for (let index = 0; index < REPETITIONS; index++) {
      for (const [at, { processor }] of processors.entries()) {
        const { wallUs, cpuUs } = await repeat(() => block(processor), {
          operations: CALLS,
          repetitions: 1,
          warmup: 0,
        });
        samples[at].wallUs.push(...wallUs);
        samples[at].cpuUs.push(...cpuUs);
      }
    }
    const bareCpu = median(samples[0].cpuUs);
    for (const [at, { name }] of processors.entries()) {
      const medianUs = median(samples[at].wallUs);
      const cpuMedianUs = median(samples[at].cpuUs);
      rows.push({
        name: `${kind}: ${name}`,
        medianUs,
        opsPerSec: 1e6 / medianUs,
        cpuMedianUs,
        ...(at === 0
          ? {}
          : {
              baseline: 'bare processor',
              baselineMedianUs: median(samples[0].wallUs),
              notes: `adds ${(cpuMedianUs - bareCpu).toFixed(2)} µs CPU per call`,
            }),
      });
    }
  }
  for (const { processor } of processors) await processor.close();
  return { suite: '@tp/otel overhead per call (JSON Schema tool, default middleware)', rows };
}
