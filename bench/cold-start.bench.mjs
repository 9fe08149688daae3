// Cold start (issue 19 §1): what a CLI, a serverless function or a per-request agent pays before
// the first call. Every row is a fresh Node process; medians over several runs, against
// `node -e 0` measured in the same run. Targets: import('@tp/core') ≤ 60 ms, `tp --help`
// ≤ 150 ms, `tp tools list` with the example tools ≤ 300 ms, `tp serve` ready ≤ 400 ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './lib/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'apps/cli/dist/bin.js');
const exampleTools = join(root, 'examples/tools/index.js');
const RUNS = 15;
const WARMUP = 2;

/** Milliseconds from spawn until the process exits, or until `readyWhen` matches its stdout. */
function timeProcess(args, readyWhen) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let readyAt;
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (readyWhen && readyAt === undefined && readyWhen.test(stdout)) {
        readyAt = performance.now() - start;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (readyWhen && readyAt !== undefined) resolve(readyAt);
      else if (!readyWhen && code === 0) resolve(performance.now() - start);
      else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
    });
  });
}

async function sample(args, readyWhen) {
  for (let index = 0; index < WARMUP; index++) await timeProcess(args, readyWhen);
  const ms = [];
  for (let index = 0; index < RUNS; index++) ms.push(await timeProcess(args, readyWhen));
  return ms;
}

const importOf = (specifier) => [
  '--input-type=module',
  '-e',
  `await import(${JSON.stringify(specifier)})`,
];

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'tp-cold-start-'));
  const serveConfig = join(work, 'serve.json');
  // The example config without its upstream server: the figure is tp's own start-up.
  writeFileSync(serveConfig, JSON.stringify({ tools: [exampleTools] }));
  const coreEntry = join(root, 'packages/core/dist/index.js');
  const coreModules = join(root, 'packages/core/node_modules');
  const cases = [
    { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
    { name: "import('@tp/core')", args: importOf(coreEntry), target: 60 },
    { name: "import('zod') alone", args: importOf(join(coreModules, 'zod/index.js')) },
    {
      name: "import('ajv/dist/2020') alone",
      args: importOf(join(coreModules, 'ajv/dist/2020.js')),
    },
    { name: 'tp --help', args: [cli, '--help'], target: 150 },
    {
      name: 'tp tools list --tools examples/tools',
      args: [cli, 'tools', 'list', '--tools', exampleTools],
      target: 300,
    },
    {
      name: 'tp serve ready (example tools, no upstream)',
      args: [cli, 'serve', '--config', serveConfig, '--port', '0'],
      readyWhen: /listening on/,
      target: 400,
    },
  ];
  try {
    const rows = [];
    let baselineMs;
    for (const entry of cases) {
      const ms = await sample(entry.args, entry.readyWhen);
      const medianMs = median(ms);
      baselineMs ??= medianMs;
      rows.push({
        name: entry.name,
        medianUs: medianMs * 1000,
        p99Us: percentile(ms, 90) * 1000,
        baseline: 'node -e 0',
        baselineMedianUs: baselineMs * 1000,
        ratio: medianMs / baselineMs,
        notes: `${RUNS} fresh processes, p99 column is p90${entry.target ? `; target ≤ ${entry.target} ms` : ''}`,
      });
    }
    return { suite: 'cold start (fresh processes)', rows };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
