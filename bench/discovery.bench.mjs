// Discovery (issue 17): a folder of 1,000 Tcl tool files loaded cold (every file read, parsed and
// defined) and warm (the index cache: a rescan stats files and reads none; a warm start registers
// the cached tools), search p50/p99 over 1,000 and 5,000 tools, and the time from saving a tool
// file to its new version answering a call through the processor.
// Goals: cold ≤ 20 ms (seed < 100 ms), warm rescan ≤ 2 ms, search p50 ≤ 1 ms at 5,000 tools,
// reload visible ≤ 100 ms after save. Cold time is bound by core's definition-time ajv compile
// (~3 ms per schema); the rescan is compared with a bare walk + stat of the same files.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import {
  createToolFileCache,
  createToolIndex,
  createToolWatcher,
} from '../packages/discovery/dist/index.js';
import { createTclRuntime } from '../packages/runtime-tcl/dist/index.js';
import { median, percentile } from './lib/measure.mjs';

const FILES = 1_000;
const COLD_RUNS = 3;
const WARM_RUNS = 30;
const QUERIES = 1_500;
const SAVES = 15;

const services = [
  'github',
  'gitlab',
  'slack',
  'jira',
  'notion',
  'postgres',
  'redis',
  's3',
  'docker',
  'gmail',
  'calendar',
  'stripe',
  'sentry',
  'linear',
  'discord',
  'drive',
  'dropbox',
  'figma',
  'zendesk',
  'hubspot',
];
const verbs = [
  'get',
  'list',
  'create',
  'update',
  'delete',
  'search',
  'archive',
  'export',
  'send',
  'move',
];
const objects = [
  'file',
  'issue',
  'message',
  'user',
  'channel',
  'table',
  'record',
  'page',
  'event',
  'image',
  'task',
  'branch',
  'comment',
  'invoice',
  'bucket',
  'report',
  'label',
  'webhook',
  'folder',
  'contact',
  'project',
  'ticket',
  'release',
  'note',
  'deployment',
];
const paraphrase = {
  get: 'fetch',
  list: 'show',
  create: 'make',
  update: 'modify',
  delete: 'remove',
  search: 'find',
  archive: 'archive',
  export: 'download',
  send: 'post',
  move: 'rename',
};

/** `count` distinct synthetic tools: verb × object × service copy. */
function specs(count) {
  const out = [];
  for (let index = 0; out.length < count; index++) {
    const verb = verbs[index % verbs.length];
    const object = objects[Math.floor(index / verbs.length) % objects.length];
    const copy = Math.floor(index / (verbs.length * objects.length));
    const service = `${services[copy % services.length]}${copy >= services.length ? Math.floor(copy / services.length) : ''}`;
    out.push({ verb, object, service, name: `${verb}_${object}` });
  }
  return out;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function tclFile({ verb, object, service }) {
  return `# @description ${verb} a ${object} in ${service}\n# @param id:string:required The ${object} id\n# @param limit:int:optional Most items\n\nreturn "${verb} $id"\n`;
}

function row(name, samplesMs, notes) {
  return {
    name,
    medianUs: median(samplesMs) * 1000,
    p99Us: percentile(samplesMs, 99) * 1000,
    notes,
  };
}

async function folderBench(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-discovery-'));
  mkdirSync(join(dir, 'users'));
  specs(FILES).forEach((spec, index) => {
    const folder = join(dir, 'users', spec.service, `pkg${index % 10}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${spec.name}.tcl`), tclFile(spec));
  });
  const runtime = createTclRuntime({ poolSize: 1 });
  try {
    const cold = [];
    let cache;
    for (let run = 0; run < COLD_RUNS; run++) {
      cache = createToolFileCache();
      const started = performance.now();
      const watcher = await createToolWatcher({
        registry: createRegistry(),
        roots: [{ dir, runtime }],
        watch: false,
        cache,
      });
      cold.push(performance.now() - started);
      await watcher.close();
    }
    rows.push(
      row(
        `cold discovery, ${FILES} Tcl files (read, hash, parse, define, register)`,
        cold,
        `${COLD_RUNS} runs`,
      ),
    );

    const warmStart = [];
    let watcher;
    for (let run = 0; run < WARM_RUNS; run++) {
      await watcher?.close();
      const started = performance.now();
      watcher = await createToolWatcher({
        registry: createRegistry(),
        roots: [{ dir, runtime }],
        watch: false,
        cache,
      });
      warmStart.push(performance.now() - started);
    }
    rows.push(
      row(
        `warm start from the index cache, ${FILES} files (stat only, register)`,
        warmStart,
        'no file read',
      ),
    );

    const rescans = [];
    for (let run = 0; run < WARM_RUNS; run++) {
      const report = await watcher.rescan();
      if (report.read !== 0 || report.files !== FILES)
        throw new Error(`rescan read ${report.read} of ${report.files}`);
      rescans.push(report.durationMs);
    }
    rows.push(row(`warm rescan, ${FILES} unchanged files`, rescans, 'stat per file, nothing read'));
    // The floor of any rescan: walking the folders and statting every file, nothing else.
    const floor = [];
    for (let run = 0; run < WARM_RUNS; run++) {
      const started = performance.now();
      for (const path of walk(dir)) statSync(path);
      floor.push(performance.now() - started);
    }
    rows.push(
      row(
        `baseline: readdir walk + statSync of the same ${FILES} files`,
        floor,
        'floor of a rescan',
      ),
    );
    await watcher.close();
  } finally {
    await runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

function searchBench(rows) {
  const all = specs(5_000);
  const defined = all.map((spec) =>
    defineTool({
      name: spec.name,
      namespace: spec.service,
      description: `${spec.verb} a ${spec.object} in ${spec.service}`,
      inputSchema: {
        type: 'object',
        properties: { id: { type: 'string', description: `The ${spec.object} id` } },
      },
      execute: () => spec.name,
    }),
  );
  for (const size of [1_000, 5_000]) {
    const registry = createRegistry();
    registry.register(...defined.slice(0, size));
    const started = performance.now();
    const index = createToolIndex(registry);
    const buildMs = performance.now() - started;
    const queries = [];
    for (let query = 0; query < QUERIES; query++) {
      const spec = all[(query * 7919) % size];
      const kind = query % 3;
      if (kind === 0) queries.push(`${spec.service}.${spec.name}`);
      else if (kind === 1)
        queries.push(
          `${spec.service} ${spec.object} ${spec.verb.slice(0, 1)}${spec.verb.slice(2, 3)}${spec.verb.slice(1, 2)}${spec.verb.slice(3)}`,
        );
      else queries.push(`${paraphrase[spec.verb]} a ${spec.object} on ${spec.service}`);
    }
    for (const query of queries.slice(0, 300)) index.search(query, { limit: 5 });
    const samples = queries.map((query) => {
      const begin = performance.now();
      index.search(query, { limit: 5 });
      return performance.now() - begin;
    });
    rows.push(
      row(
        `search, ${size} tools (exact / typo / paraphrase mix, limit 5)`,
        samples,
        `index built in ${buildMs.toFixed(0)} ms`,
      ),
    );
    index.close();
  }
}

async function reloadBench(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-reload-'));
  mkdirSync(join(dir, 'bin'));
  const file = join(dir, 'bin', 'probe.tcl');
  const script = (word) => `# @description Probe\n\nreturn ${word}\n`;
  writeFileSync(file, script('v0'));
  const runtime = createTclRuntime({ poolSize: 1 });
  const registry = createRegistry();
  const processor = createProcessor({ registry });
  const watcher = await createToolWatcher({ registry, roots: [{ dir, runtime }] });
  const call = async () =>
    (await processor.execute([{ id: 'p', tool: 'bin.probe', arguments: {} }]))[0]?.value;
  try {
    await call();
    const samples = [];
    for (let save = 1; save <= SAVES; save++) {
      await new Promise((resolve) => setTimeout(resolve, 120));
      const started = performance.now();
      writeFileSync(file, script(`v${save}`));
      while ((await call()) !== `v${save}`) {
        if (performance.now() - started > 5_000) throw new Error('the new version never answered');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      samples.push(performance.now() - started);
    }
    rows.push(
      row(
        'save -> new version answering (Tcl, 20 ms debounce, via processor)',
        samples,
        `${SAVES} saves`,
      ),
    );
  } finally {
    await watcher.close();
    await processor.close();
    await runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const rows = [];
  await folderBench(rows);
  searchBench(rows);
  await reloadBench(rows);
  return { suite: 'discovery', rows };
}
