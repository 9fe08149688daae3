// `npm run bench [filter...]`: runs every bench/*.bench.mjs (or those whose file name contains a
// filter), each in its own Node process so one suite's JIT and heap state cannot skew the next,
// prints a table per suite and writes the results to the git-ignored bench/results/last-run.json.
// `--record` also merges them into the tracked bench/results/latest.json, the run the docs quote.
//
// Contract of a suite: export `async function run()` returning
// `{ suite, rows: [{ name, medianUs?, p99Us?, opsPerSec?, baseline?, baselineMedianUs?, ratio?, notes? }] }`.
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const lastRunFile = join(benchDir, 'results', 'last-run.json');
const recordedFile = join(benchDir, 'results', 'latest.json');

async function main(args) {
  const recordRun = args.includes('--record');
  const filters = args.filter((arg) => arg !== '--record');
  const files = readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.mjs'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
  if (files.length === 0) {
    console.error(`[bench] no bench/*.bench.mjs matches ${JSON.stringify(filters)}`);
    return 2;
  }
  const machine = describeMachine();
  console.log(
    `[bench] node ${machine.node} · ${machine.cpuCount} × ${machine.cpuModel} · ${files.length} suite(s)\n`,
  );
  const suites = [];
  let failed = 0;
  for (const file of files) {
    const started = performance.now();
    try {
      const result = await runSuiteInProcess(file);
      const seconds = (performance.now() - started) / 1000;
      printTable(result, seconds);
      suites.push({ file, date: new Date().toISOString(), ...result, seconds: round(seconds, 1) });
    } catch (error) {
      failed++;
      console.error(`[bench] ${file} failed: ${error instanceof Error ? error.message : error}\n`);
    }
  }
  const written = recordRun ? [lastRunFile, recordedFile] : [lastRunFile];
  for (const file of written) record(file, machine, suites);
  console.log(
    `[bench] results written to ${written.map((file) => join('bench', 'results', basename(file))).join(' and ')}`,
  );
  return failed > 0 ? 1 : 0;
}

/** Runs one suite in a fresh Node process and returns what it reported. */
function runSuiteInProcess(file) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--suite', file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let message;
    child.on('message', (received) => (message = received));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message?.error) reject(new Error(message.error));
      else if (message?.result) resolve(message.result);
      else reject(new Error(`exited (${signal ?? code}) without reporting results`));
    });
  });
}

async function runSuiteInChild(file) {
  try {
    const suite = await import(pathToFileURL(join(benchDir, file)).href);
    if (typeof suite.run !== 'function') throw new Error('does not export async function run()');
    const result = await suite.run();
    checkResult(result);
    process.send({ result });
  } catch (error) {
    process.send({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  process.disconnect();
}

function checkResult(result) {
  if (typeof result?.suite !== 'string' || !Array.isArray(result.rows)) {
    throw new Error('run() must return { suite: string, rows: [...] }');
  }
  for (const row of result.rows) {
    if (typeof row?.name !== 'string') throw new Error('every row needs a string "name"');
  }
}

const columns = [
  ['name', 'benchmark', (value) => value],
  ['medianUs', 'median µs', (value) => formatNumber(value)],
  ['p99Us', 'p99 µs', (value) => formatNumber(value)],
  ['opsPerSec', 'ops/s', (value) => Math.round(value).toLocaleString('en-US')],
  ['baseline', 'baseline', (value) => value],
  ['baselineMedianUs', 'baseline µs', (value) => formatNumber(value)],
  ['ratio', 'ratio', (value) => `${formatNumber(value)}×`],
  ['notes', 'notes', (value) => value],
];

function printTable({ suite, rows }, seconds) {
  const shown = columns.filter(([key]) => rows.some((row) => row[key] !== undefined));
  const cells = [
    shown.map(([, title]) => title),
    ...rows.map((row) =>
      shown.map(([key, , format]) => (row[key] === undefined ? '' : String(format(row[key])))),
    ),
  ];
  const widths = shown.map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  const numeric = shown.map(([key]) => !['name', 'baseline', 'notes'].includes(key));
  const line = (values) =>
    values
      .map((value, column) =>
        numeric[column] ? value.padStart(widths[column]) : value.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  console.log(`${suite}  (${seconds.toFixed(1)} s)`);
  console.log(line(cells[0]));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const values of cells.slice(1)) console.log(line(values));
  console.log('');
}

function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return value.toFixed(magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3);
}

function describeMachine() {
  const [cpu] = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()}`,
    arch: process.arch,
    cpuCount: cpus().length,
    availableParallelism: availableParallelism(),
    cpuModel: cpu?.model?.trim() ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 2 ** 20),
  };
}

/**
 * Suites that ran replace their previous entry; suites filtered out keep theirs, so a filtered
 * run does not erase the record of the others.
 */
function record(resultsFile, machine, suites) {
  const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const ran = new Set(suites.map((suite) => suite.file));
  const kept = (previous.suites ?? []).filter((suite) => !ran.has(suite.file));
  const all = [...kept, ...suites].sort((a, b) => a.file.localeCompare(b.file));
  const temporary = resultsFile.replace(/\.json$/, '.tmp.json');
  writeFileSync(
    temporary,
    `${JSON.stringify({ date: new Date().toISOString(), machine, suites: all }, null, 2)}\n`,
  );
  renameSync(temporary, resultsFile);
}

function round(value, digits) {
  return Number(value.toFixed(digits));
}

// Last, so every module-level constant above is initialised before it runs.
if (process.argv[2] === '--suite') {
  await runSuiteInChild(process.argv[3]);
} else {
  process.exitCode = await main(process.argv.slice(2));
}
