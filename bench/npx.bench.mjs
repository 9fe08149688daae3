// npx runtime (issue 14): side by side in one run, against a raw child round trip (NDJSON over a
// pipe, no sandbox) and a raw piscina call: cold start (spawn → first result; spare child → first
// result), warm p50/p99 through the processor per sandbox level, TypeScript compile cache
// miss/hit. Goals: cold ≤ 60 ms from nothing, ≤ 5 ms on a spare child; warm p50 ≤ 100 µs (process).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessor, createRegistry } from '../packages/core/dist/index.js';
import { createNpxRuntime, defineJsTool } from '../packages/runtime-npx/dist/index.js';
import { compileTypeScript } from '../packages/runtime-npx/dist/typescript/compile-typescript.js';
import { Piscina } from '../packages/runtime-npx/node_modules/piscina/dist/index.js';
import { median, percentile } from './lib/measure.mjs';

const CALLS = 2_000;
const WARMUP = 300;
const COLD_STARTS = 7;
const fixtures = fileURLToPath(
  new URL('../packages/runtime-npx/src/__fixtures__/', import.meta.url),
);
const echo = defineJsTool({
  name: 'echo',
  file: join(fixtures, 'tools', 'conformance.mjs'),
  export: 'echo',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
});

const childSource = `const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (line) => { const m = JSON.parse(line); process.stdout.write(JSON.stringify({ id: m.id, value: m.text }) + '\\n'); });
process.stdout.write('{"ready":true}\\n');`;

/** The baseline child: plain node, one JSON line in, one out. */
function rawChild() {
  const child = spawn(process.execPath, ['-e', childSource], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiters = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      waiters.shift()?.(JSON.parse(line));
    }
  });
  const ready = new Promise((resolve) => waiters.push(resolve));
  return {
    ready,
    call: (id, text) =>
      new Promise((resolve) => {
        waiters.push(resolve);
        child.stdin.write(`${JSON.stringify({ id, text })}\n`);
      }),
    close: () => child.kill('SIGKILL'),
  };
}

async function latencies(once) {
  for (let index = 0; index < WARMUP; index++) await once(index);
  const samples = [];
  for (let index = 0; index < CALLS; index++) {
    const start = performance.now();
    await once(index);
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

function expectValue(actual, expected) {
  if (actual !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
}

const row = (name, samples, baseline, notes) => ({
  name,
  medianUs: median(samples),
  p99Us: percentile(samples, 99),
  ...(baseline
    ? {
        baseline: baseline.name,
        baselineMedianUs: baseline.medianUs,
        ratio: median(samples) / baseline.medianUs,
      }
    : {}),
  notes,
});

async function coldStarts(measure) {
  const samples = [];
  for (let index = 0; index < COLD_STARTS; index++) samples.push(await measure());
  return samples;
}

export async function run() {
  const rows = [];
  const raw = rawChild();
  await raw.ready;
  const rawSamples = await latencies(async (index) => {
    expectValue((await raw.call(index, `t${index}`)).value, `t${index}`);
  });
  raw.close();
  const rawRow = row(
    'raw child round trip (NDJSON pipe, no sandbox)',
    rawSamples,
    undefined,
    'baseline',
  );
  rows.push(rawRow);

  const workerDir = mkdtempSync(join(tmpdir(), 'tp-npx-bench-'));
  const workerFile = join(workerDir, 'worker.mjs');
  writeFileSync(workerFile, 'export default ({ text }) => text;\n');
  const piscina = new Piscina({ filename: workerFile, maxThreads: 2 });
  const piscinaSamples = await latencies(async (index) => {
    expectValue(await piscina.run({ text: `t${index}` }), `t${index}`);
  });
  await piscina.destroy();
  const piscinaRow = row('raw piscina call (no limits)', piscinaSamples, undefined, 'baseline');
  rows.push(piscinaRow);

  for (const sandbox of ['process', 'thread', 'none']) {
    const runtime = createNpxRuntime({ sandbox, poolSize: 2 });
    const registry = createRegistry();
    registry.register([echo], { runtime });
    const processor = createProcessor({ registry });
    const samples = await latencies(async (index) => {
      const [result] = await processor.execute([
        { id: `c${index}`, tool: 'echo', arguments: { text: `t${index}` } },
      ]);
      expectValue(result.value, `t${index}`);
    });
    await processor.close();
    await runtime.dispose();
    rows.push(
      row(
        `processor → npx (${sandbox}), warm, 1 call`,
        samples,
        sandbox === 'thread' ? piscinaRow : rawRow,
        sandbox === 'process'
          ? 'permission model + bwrap/unshare namespaces + env allow-list; goal p50 ≤ 100 µs'
          : sandbox === 'thread'
            ? 'piscina worker with resourceLimits, env {}'
            : 'in-process',
      ),
    );
  }

  const rawCold = await coldStarts(async () => {
    const started = performance.now();
    const child = rawChild();
    await child.ready;
    await child.call(1, 'x');
    child.close();
    return (performance.now() - started) * 1000;
  });
  const rawColdRow = {
    name: 'cold: raw node spawn → first result',
    medianUs: median(rawCold),
    notes: `median of ${COLD_STARTS}`,
  };
  rows.push(rawColdRow);
  const context = { requestId: 'bench', metadata: {} };
  const signal = new AbortController().signal;
  const firstCall = async (runtime) => {
    const loaded = runtime.load(echo);
    const value = await runtime.execute(
      loaded,
      { text: 'x' },
      { callId: 'cold', signal, context, attempt: 1, reportProgress() {} },
    );
    expectValue(value, 'x');
  };
  const npxCold = await coldStarts(async () => {
    const runtime = createNpxRuntime({ poolSize: 1 });
    const started = performance.now();
    await firstCall(runtime);
    const elapsed = (performance.now() - started) * 1000;
    await runtime.dispose();
    return elapsed;
  });
  rows.push({
    name: 'cold: npx process level, nothing started → first result',
    medianUs: median(npxCold),
    baseline: rawColdRow.name,
    baselineMedianUs: rawColdRow.medianUs,
    ratio: median(npxCold) / rawColdRow.medianUs,
    notes: `median of ${COLD_STARTS}; bwrap/unshare + node --permission + import of the tool; goal ≤ 60 ms`,
  });
  const spare = await coldStarts(async () => {
    const runtime = createNpxRuntime({ poolSize: 1 });
    await runtime.warmup([echo]);
    const started = performance.now();
    await firstCall(runtime);
    const elapsed = (performance.now() - started) * 1000;
    await runtime.dispose();
    return elapsed;
  });
  rows.push({
    name: 'cold: npx spare child (warmup) → first result',
    medianUs: median(spare),
    notes: `median of ${COLD_STARTS}; warmup started the child and imported the tool; goal ≤ 5 ms`,
  });

  const tool = join(workerDir, 'ts');
  cpSync(join(fixtures, 'ts-tools'), tool, { recursive: true });
  const cacheDir = join(workerDir, 'cache');
  const misses = [];
  const hits = [];
  for (let index = 0; index < 20; index++) {
    writeFileSync(
      join(tool, 'shout.ts'),
      `export const shout = (t: string): string => t + ${index};\n`,
    );
    let started = performance.now();
    compileTypeScript(join(tool, 'greet.ts'), cacheDir);
    misses.push((performance.now() - started) * 1000);
    started = performance.now();
    compileTypeScript(join(tool, 'greet.ts'), cacheDir);
    hits.push((performance.now() - started) * 1000);
  }
  rows.push({
    name: 'TypeScript: compile cache miss (2 files, esbuild bundle)',
    medianUs: median(misses),
    notes: 'hash of every input + esbuild bundle + write + rename',
  });
  rows.push({
    name: 'TypeScript: compile cache hit',
    medianUs: median(hits),
    notes: 'hash of every input + one stat',
  });
  rmSync(workerDir, { recursive: true, force: true });
  return { suite: 'npx', rows };
}
