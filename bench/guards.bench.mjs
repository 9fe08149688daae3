// Latency the strict guard preset adds per call (issue 4): single sequential calls through
// process() with no guards and with presets.strict(), in the same run, with ~1 KB of arguments;
// plus the guard chain alone (pre + post of every strict guard, called directly).
// Target: ≤ 10 µs added per call at p50.
import {
  createExecutionContext,
  createProcessor,
  createRegistry,
  defineTool,
} from '../packages/core/dist/index.js';
import { presets } from '../packages/guards/dist/index.js';
import { median, percentile, repeat } from './lib/measure.mjs';

const CALLS = 2_000;
const REPETITIONS = 15;

const inputSchema = {
  type: 'object',
  properties: {
    query: { type: 'string' },
    url: { type: 'string' },
    limit: { type: 'integer' },
    filters: {
      type: 'object',
      properties: {
        language: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
      },
    },
    notes: { type: 'string' },
  },
  required: ['query', 'url'],
  additionalProperties: false,
};
const search = defineTool({
  name: 'search',
  description: 'searches the web',
  sideEffect: 'read_only',
  inputSchema,
  execute: (args) => ({ hits: args.limit, first: 'https://example.com/a' }),
});

// The strict preset resolves host names: the bench answers from memory (no traffic), so it
// measures the guards and the cached lookup, not a DNS server.
const resolve = async () => ['93.184.215.14'];

// About 1 KB of ordinary arguments: a query, a URL, some tags and a paragraph of prose.
const baseArgs = {
  query: 'open source tool processors for language model agents',
  url: 'https://search.example.com/v1/query?lang=en&safe=1',
  limit: 10,
  filters: { language: 'en', tags: ['agents', 'tools', 'typescript', 'runtime', 'mcp'] },
  notes:
    'Find projects that parse tool calls from model output, validate arguments against JSON ' +
    'Schema, run them with retries and timeouts, and return structured results. Prefer ' +
    'maintained projects with tests, documentation and a permissive licence. Skip forks, ' +
    'mirrors and archived repositories. Summarise each in two sentences with its language, ' +
    'its licence and the date of its latest release, and note whether it supports streaming ' +
    'results and the Model Context Protocol. Order them by how actively they are maintained. ' +
    'Include at most ten results and no duplicates, please.',
};
const argBytes = Buffer.byteLength(JSON.stringify(baseArgs));

async function latencies(processor) {
  const samples = [];
  const timing = await repeat(
    async () => {
      for (let index = 0; index < CALLS; index++) {
        const call = {
          id: `c${index}`,
          tool: 'search',
          arguments: { ...baseArgs, limit: index % 50 },
        };
        const start = performance.now();
        const [result] = await processor.execute([call]);
        samples.push((performance.now() - start) * 1000);
        if (!result?.ok) throw new Error(`call failed: ${JSON.stringify(result)}`);
      }
    },
    { operations: CALLS, repetitions: REPETITIONS },
  );
  return { samples, timing };
}

/** pre and post of every strict guard, called directly: the chain's own cost. */
async function chainOnly() {
  const guards = presets.strict({ resolve });
  const samples = [];
  await repeat(
    async () => {
      for (let index = 0; index < CALLS; index++) {
        const context = createExecutionContext();
        const args = { ...baseArgs, limit: index % 50 };
        const input = {
          call: { id: `c${index}`, tool: 'search', arguments: args },
          tool: search,
          args,
          context,
          dryRun: false,
        };
        const start = performance.now();
        for (const guard of guards) if (guard.pre) await guard.pre(input);
        const post = {
          ...input,
          result: { ok: true, value: { hits: 10, first: 'https://example.com/a' } },
        };
        for (const guard of guards) {
          if (guard.post) await guard.post(post);
          if (guard.settle) guard.settle(post);
        }
        for (const guard of guards) guard.endRequest?.(context);
        samples.push((performance.now() - start) * 1000);
      }
    },
    { operations: CALLS, repetitions: REPETITIONS },
  );
  return samples;
}

export async function run() {
  const registry = createRegistry();
  registry.register(search);
  const bare = createProcessor({ registry });
  const strict = createProcessor({ registry, guards: presets.strict({ resolve }) });

  // Interleave the two so machine noise hits both alike.
  const none = await latencies(bare);
  const guarded = await latencies(strict);
  const noneAgain = await latencies(bare);
  const guardedAgain = await latencies(strict);
  const noneSamples = [...none.samples, ...noneAgain.samples];
  const strictSamples = [...guarded.samples, ...guardedAgain.samples];
  const chain = await chainOnly();
  // Machine calibration: the same arguments through JSON.stringify, the least any check costs.
  const { wallUs: stringifyUs } = await repeat(
    () => {
      for (let index = 0; index < CALLS; index++) JSON.stringify({ ...baseArgs, limit: index });
    },
    { operations: CALLS, repetitions: REPETITIONS },
  );
  await Promise.all([bare.close(), strict.close()]);

  // CPU time per call (this process only): far less inflated than wall time on a busy machine.
  const cpuNone = median([...none.timing.cpuUs, ...noneAgain.timing.cpuUs]);
  const cpuStrict = median([...guarded.timing.cpuUs, ...guardedAgain.timing.cpuUs]);
  const p50None = percentile(noneSamples, 50);
  const p99None = percentile(noneSamples, 99);
  const p50Strict = percentile(strictSamples, 50);
  const p99Strict = percentile(strictSamples, 99);
  const added = p50Strict - p50None;
  const guardCount = presets.strict().length;
  return {
    suite: 'guards (strict preset overhead)',
    rows: [
      {
        name: `process(): single call, no guards (${argBytes} B args)`,
        medianUs: p50None,
        p99Us: p99None,
      },
      {
        name: `process(): single call, presets.strict() (${guardCount} guards)`,
        medianUs: p50Strict,
        p99Us: p99Strict,
        baseline: 'same call, no guards',
        baselineMedianUs: p50None,
        ratio: p50Strict / p50None,
        notes: `added p50 ${added.toFixed(1)} µs, p99 ${(p99Strict - p99None).toFixed(1)} µs; CPU ${cpuNone.toFixed(1)} → ${cpuStrict.toFixed(1)} µs/call (+${(cpuStrict - cpuNone).toFixed(1)}); target ≤ 10 µs p50: ${added <= 10 ? 'met' : 'missed'}`,
      },
      {
        name: `JSON.stringify of the arguments (machine calibration)`,
        medianUs: median(stringifyUs),
        notes: 'the guards read every argument string a few times; scale the rows above by this',
      },
      {
        name: 'strict guards alone: every pre + post + settle, called directly',
        medianUs: median(chain),
        p99Us: percentile(chain, 99),
        notes: "the guards' own work, without the processor's chain bookkeeping",
      },
    ],
  };
}
