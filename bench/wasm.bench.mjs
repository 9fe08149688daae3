// WebAssembly runtime (issue 13): a typed component export (`add: func(a: s32, b: s32) -> s32`,
// built from WAT here) called through the processor in each mode, against the same component
// transpiled by jco and called raw (sync instantiation, no sandbox, no processor) in this run.
// Cold starts run in child processes (a fresh process has none of the in-memory caches): with an
// empty transpile cache on disk, then with the entry on disk.
// Goals: cold ≤ 10 ms with a warm disk cache, isolated warm p50 ≤ 100 µs, trusted ≤ 10 µs.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProcessor, createRegistry } from '../packages/core/dist/index.js';
import { createWasmRuntime, defineWasmTool } from '../packages/runtime-wasm/dist/index.js';
import { median, percentile } from './lib/measure.mjs';

const CALLS = 5_000;
const WARMUP = 1_000;
const COLD_STARTS = 5;

const wit = 'package bench:add; world adder { export add: func(a: s32, b: s32) -> s32; }';
const wat = `(module (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`;
// jco's packages are the runtime package's dependencies, not the workspace root's.
const fromPackage = createRequire(
  new URL('../packages/runtime-wasm/package.json', import.meta.url),
);
const jco = (path) => import(pathToFileURL(fromPackage.resolve(path)).href);

async function buildComponent() {
  const { parse, componentEmbed, componentNew } = await jco(
    '@bytecodealliance/jco-transpile/wasm-tools',
  );
  const binary = await parse(wat);
  return componentNew(await componentEmbed({ binary, witSource: wit, world: 'adder' }));
}

/** The baseline: jco's own output for the component, instantiated and called directly. */
async function rawJco(bytes) {
  const { transpileBytes } = await jco('@bytecodealliance/jco-transpile');
  const output = await transpileBytes(bytes, { name: 'component', instantiation: 'sync' });
  const dir = mkdtempSync(join(tmpdir(), 'tp-wasm-bench-raw-'));
  for (const [file, content] of Object.entries(output.files)) {
    if (!file.endsWith('.d.ts')) writeFileSync(join(dir, file), content);
  }
  const start = performance.now();
  const { instantiate } = await import(pathToFileURL(join(dir, 'component.js')).href);
  const instance = instantiate((name) => new WebAssembly.Module(readFileSync(join(dir, name))), {});
  instance.add(1, 2);
  const coldUs = (performance.now() - start) * 1000;
  rmSync(dir, { recursive: true, force: true });
  return { add: instance.add, coldUs };
}

function expectValue(actual, expected) {
  if (actual !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
}

async function latencies(once) {
  for (let index = 0; index < WARMUP; index++) await once(index);
  const samples = [];
  const cpuStart = process.cpuUsage();
  for (let index = 0; index < CALLS; index++) {
    const start = performance.now();
    await once(index);
    samples.push((performance.now() - start) * 1000);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { samples, cpuUs: (cpu.user + cpu.system) / CALLS };
}

/** In a child process: define the tool, load it on a new runtime and make its first call. */
async function coldChild(component, cacheDir, mode) {
  const start = performance.now();
  const tool = await defineWasmTool({ name: 'add', component, cacheDir });
  const defined = performance.now();
  const runtime = createWasmRuntime({ mode, poolSize: 1, cacheDir });
  const registry = createRegistry();
  registry.register([tool], { runtime });
  const processor = createProcessor({ registry });
  const [result] = await processor.execute([{ id: '1', tool: 'add', arguments: { a: 1, b: 2 } }]);
  expectValue(result.value, 3);
  const end = performance.now();
  await runtime.dispose();
  process.send({ totalUs: (end - start) * 1000, firstCallUs: (end - defined) * 1000 });
}

/** Runs this file in a child process with `args`; resolves with the message it sends. */
function inChild(...args) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), args);
    child.once('message', resolve);
    child.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`child ${args[0]} exited ${code}`)),
    );
  });
}

const coldStart = (component, cacheDir, mode) => inChild('--cold', component, cacheDir, mode);

async function coldRows(work, component, rows) {
  try {
    for (const mode of ['trusted', 'isolated']) {
      const empty = [];
      const warm = [];
      for (let index = 0; index < COLD_STARTS; index++) {
        const cacheDir = join(work, 'caches', `${mode}-${index}`);
        empty.push(await coldStart(component, cacheDir, mode));
        warm.push(await coldStart(component, cacheDir, mode));
      }
      for (const [label, samples] of [
        ['empty', empty],
        ['warm', warm],
      ]) {
        rows.push({
          name: `cold start (${mode}), ${label} disk cache: define + load + first call`,
          medianUs: median(samples.map((sample) => sample.totalUs)),
          notes: `median of ${COLD_STARTS} fresh processes (after imports); first call alone ${median(samples.map((sample) => sample.firstCallUs)).toFixed(0)} µs${label === 'empty' ? '; includes transpiling' : ''}`,
        });
      }
    }
  } finally {
    rmSync(join(work, 'caches'), { recursive: true, force: true });
  }
}

export async function run() {
  // jco-transpile's own (large) WebAssembly keeps compiling on V8's background threads for a
  // while after it is first used; the cold starts run first, before this process loads it.
  const work = mkdtempSync(join(tmpdir(), 'tp-wasm-bench-'));
  const component = join(work, 'add.wasm');
  await inChild('--build', component);
  const bytes = readFileSync(component);
  const rows = [];
  await coldRows(work, component, rows);
  const raw = await rawJco(bytes);
  const { samples: rawSamples, cpuUs: rawCpuUs } = await latencies((index) =>
    expectValue(raw.add(index, 1), index + 1),
  );
  const baselineMedianUs = median(rawSamples);
  rows.unshift({
    name: 'raw jco call (sync instantiation, no sandbox, no processor)',
    medianUs: baselineMedianUs,
    p99Us: percentile(rawSamples, 99),
    notes: `CPU ${rawCpuUs.toFixed(1)} µs/call; raw cold start (import glue + instantiate + first call) ${(raw.coldUs / 1000).toFixed(1)} ms`,
  });
  const cacheDir = mkdtempSync(join(tmpdir(), 'tp-wasm-bench-cache-'));
  try {
    const tool = await defineWasmTool({ name: 'add', component: bytes, cacheDir });
    for (const mode of ['trusted', 'isolated']) {
      const runtime = createWasmRuntime({ mode, poolSize: 2, cacheDir });
      const registry = createRegistry();
      registry.register([tool], { runtime });
      const processor = createProcessor({ registry });
      const { samples, cpuUs } = await latencies(async (index) => {
        const [result] = await processor.execute([
          { id: `c${index}`, tool: 'add', arguments: { a: index, b: 1 } },
        ]);
        expectValue(result.value, index + 1);
      });
      const medianUs = median(samples);
      rows.push({
        name: `processor → wasm runtime (${mode}), warm, 1 call`,
        medianUs,
        p99Us: percentile(samples, 99),
        baseline: 'raw jco call',
        baselineMedianUs,
        ratio: medianUs / baselineMedianUs,
        notes: `${mode === 'isolated' ? 'pool of 2 worker threads' : 'host thread'}; target p50 ≤ ${mode === 'isolated' ? 100 : 10} µs; CPU ${cpuUs.toFixed(0)} µs/call (this thread)`,
      });
      await processor.close();
      await runtime.dispose();
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
  return { suite: 'wasm', rows };
}

if (process.argv[2] === '--cold') {
  const [, , , component, cacheDir, mode] = process.argv;
  await coldChild(component, cacheDir, mode);
}
if (process.argv[2] === '--build') {
  writeFileSync(process.argv[3], await buildComponent());
  process.send({ built: true });
}
