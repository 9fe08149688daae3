// Tcl runtime (issue 6): per-call latency through the processor against a raw round trip to a
// long-running tclsh (same machine, same run), calls/s with the pool saturated, and pool cold
// start. Every call gets a new safe interpreter, made by the worker after its previous reply.
// Target: p50 overhead ≤ 60 µs per call, including the fresh-state safe interpreter.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createProcessor, createRegistry } from '../packages/core/dist/index.js';
import { createTclRuntime, defineTclTool } from '../packages/runtime-tcl/dist/index.js';
import { median, percentile } from './lib/measure.mjs';

const CALLS = 2_000;
const WARMUP = 300;
const SHARED_WARMUP = 2_000;
const THROUGHPUT_CALLS = 4_000;
const COLD_STARTS = 5;
// Linux clock ticks (USER_HZ), the unit of /proc/<pid>/stat times.
const TICKS_PER_SECOND = 100;

const add = defineTclTool({
  name: 'add',
  description: 'adds two integers',
  parameters: [
    { name: 'a', type_name: 'int', required: true },
    { name: 'b', type_name: 'int', required: true },
  ],
  script: 'expr {$a + $b}',
});
/** The baseline: one tclsh evaluating one line per request, answering one line. */
function rawTclsh() {
  const child = spawn('tclsh', [], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.write(
    'fconfigure stdout -buffering line\nwhile {[gets stdin line] >= 0} { puts [eval $line] }\n',
  );
  let pending;
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    const end = buffer.indexOf('\n');
    if (end >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      pending?.(line);
    }
  });
  return {
    call(script) {
      return new Promise((resolve) => {
        pending = resolve;
        child.stdin.write(`${script}\n`);
      });
    },
    pid: child.pid,
    close: () => child.kill('SIGKILL'),
  };
}

/** CPU time (µs) a process has used so far, from /proc (Linux); undefined elsewhere. */
function processCpuUs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Wall-clock latency of each call, and CPU µs per call of this process plus the given tclsh
 * processes: on a busy machine wall time mostly measures the queue for a core, CPU time less so.
 */
async function latencies(count, once, pids = () => []) {
  for (let index = 0; index < WARMUP; index++) await once(index);
  const samples = [];
  const cpuStart = process.cpuUsage();
  const childStart = pids().map(processCpuUs);
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await once(index);
    samples.push((performance.now() - start) * 1000);
  }
  const own = process.cpuUsage(cpuStart);
  const children = pids().map((pid, index) => processCpuUs(pid) - childStart[index]);
  const cpuUs = (own.user + own.system + children.reduce((sum, value) => sum + value, 0)) / count;
  return { samples, cpuUs };
}

const cpuNote = (cpuUs) =>
  Number.isFinite(cpuUs) ? `; CPU ${cpuUs.toFixed(0)} µs/call (node + tclsh)` : '';

function expectValue(actual, expected) {
  if (actual !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
}

export async function run() {
  const raw = rawTclsh();
  const { samples: rawSamples, cpuUs: rawCpuUs } = await latencies(
    CALLS,
    async (index) => expectValue(await raw.call(`expr {${index} + 1}`), String(index + 1)),
    () => [raw.pid],
  );
  raw.close();
  const baselineMedianUs = median(rawSamples);
  const rows = [
    {
      name: 'raw tclsh round trip (line protocol, no sandbox)',
      medianUs: baselineMedianUs,
      p99Us: percentile(rawSamples, 99),
      notes: cpuNote(rawCpuUs).slice(2),
    },
  ];

  const runtime = createTclRuntime({ poolSize: 2 });
  const registry = createRegistry();
  registry.register(add);
  const processor = createProcessor({ registry, runtimes: [runtime] });
  await runtime.warmup();

  const loaded = runtime.load(add);
  const context = { requestId: 'bench', metadata: {} };
  const signal = new AbortController().signal;
  const direct = async (index) => {
    const value = await runtime.execute(
      loaded,
      { a: index, b: 1 },
      { callId: `d${index}`, signal, context, attempt: 1, reportProgress() {} },
    );
    expectValue(value, String(index + 1));
  };
  const viaProcessor = async (index) => {
    const [result] = await processor.execute([
      { id: `c${index}`, tool: 'add', arguments: { a: index, b: 1 } },
    ]);
    expectValue(result.value, String(index + 1));
  };
  // Like with like: both paths share the pool of 2 and the runtime's code, so both are warmed
  // (JIT, workers) before either is measured; otherwise the row measured first pays for it.
  for (let index = 0; index < SHARED_WARMUP; index++) {
    await direct(index);
    await viaProcessor(index);
  }
  const { samples: directSamples, cpuUs: directCpuUs } = await latencies(
    CALLS,
    direct,
    runtime.workerPids,
  );
  rows.push({
    name: 'runtime.execute directly (no processor), 1 call',
    medianUs: median(directSamples),
    p99Us: percentile(directSamples, 99),
    baseline: 'raw tclsh round trip',
    baselineMedianUs,
    ratio: median(directSamples) / baselineMedianUs,
    notes: `pool of 2, sequential calls; framing + a new safe interp per call, without the processor pipeline${cpuNote(directCpuUs)}`,
  });

  const { samples, cpuUs } = await latencies(CALLS, viaProcessor, runtime.workerPids);
  const medianUs = median(samples);
  rows.push({
    name: 'processor → tcl runtime, 1 call (new safe interp per call)',
    medianUs,
    p99Us: percentile(samples, 99),
    baseline: 'raw tclsh round trip',
    baselineMedianUs,
    ratio: medianUs / baselineMedianUs,
    notes: `pool of 2; interp create -safe on the worker after each reply; overhead p50 ${(medianUs - baselineMedianUs).toFixed(1)} µs (target ≤ 60 µs)${cpuNote(cpuUs)}`,
  });

  const calls = Array.from({ length: THROUGHPUT_CALLS }, (_, index) => ({
    id: `t${index}`,
    tool: 'add',
    arguments: { a: index, b: 1 },
  }));
  const start = performance.now();
  const results = await processor.execute(calls);
  const seconds = (performance.now() - start) / 1000;
  if (!results.every((result, index) => result.value === String(index + 1))) {
    throw new Error('a saturated call returned a wrong value');
  }
  rows.push({
    name: `saturated pool: ${THROUGHPUT_CALLS} calls in one batch`,
    opsPerSec: THROUGHPUT_CALLS / seconds,
    notes: 'pool of 2 workers, processor maxConcurrency 32',
  });
  await processor.close();

  const coldSamples = [];
  for (let index = 0; index < COLD_STARTS; index++) {
    const started = performance.now();
    const cold = createTclRuntime({ poolSize: 4 });
    await cold.warmup();
    coldSamples.push((performance.now() - started) * 1000);
    await cold.dispose();
  }
  rows.push({
    name: 'cold start: pool of 4 workers ready',
    medianUs: median(coldSamples),
    notes: `median of ${COLD_STARTS}; spawn tclsh + first safe interp per worker`,
  });
  return { suite: 'tcl', rows };
}
