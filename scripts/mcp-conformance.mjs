// Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios)
// against three targets on 127.0.0.1 and writes docs/mcp-conformance.md:
//   direct      the suite's reference server (everything-server.ts of the conformance repo) alone
//   through tp  `tp serve` with that reference server as its only (HTTP) upstream
//   tp example  `tp serve --config apps/server/example.config.json`
// The npm package does not ship the reference server, so it is passed in:
//   git clone --branch v0.1.16 https://github.com/modelcontextprotocol/conformance
//   (cd conformance/examples/servers/typescript && npm ci)
//   node scripts/mcp-conformance.mjs --reference conformance/examples/servers/typescript/everything-server.ts
// Without --reference only the `tp example` column is measured. The suite needs Node >= 22; it
// runs under node@22 from the npm registry (npx), whatever node runs this script.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SUITE = '@modelcontextprotocol/conformance@0.1.16';
const NODE = 'node@22';
const root = fileURLToPath(new URL('..', import.meta.url));
const serverBin = join(root, 'apps/server/dist/bin.js');
const exampleConfig = join(root, 'apps/server/example.config.json');

/** Starts a child and resolves once its output matches `ready`; rejects if it exits first. */
function start(command, args, { ready, env, cwd }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) resolvePromise({ child, match });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${output}`)));
  });
}

/** Ends a child started by `start` and everything it spawned (npx → node). */
function stop({ child }) {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGTERM');
  return exited;
}

function freePort() {
  return new Promise((resolvePromise) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

function startTp(config) {
  return start(process.execPath, [serverBin, '--port', '0', '--config', config], {
    ready: /listening on (\S+) \(health/,
  });
}

/** The reference server binds every interface; a preloaded hook keeps it on 127.0.0.1. */
async function startReference(reference, scratch) {
  const hook = join(scratch, 'loopback-only.mjs');
  writeFileSync(
    hook,
    `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' || typeof port === 'string')
    return listen.call(this, Number(port), '127.0.0.1', ...rest.filter((a) => typeof a === 'function'));
  return listen.call(this, port, ...rest);
};
`,
  );
  const port = await freePort();
  const server = await start(
    'npx',
    ['-y', '-p', NODE, '-p', 'tsx@4', 'tsx', '--import', hook, reference],
    { ready: /running on/, env: { PORT: String(port) }, cwd: dirname(reference) },
  );
  return { ...server, url: `http://127.0.0.1:${port}/mcp` };
}

/** Runs every active server scenario against `url`; scenario → { pass, note }. */
async function runSuite(url, scratch) {
  const out = mkdtempSync(join(scratch, 'results-'));
  await new Promise((resolvePromise) => {
    const child = spawn(
      'npx',
      ['-y', '-p', NODE, '-p', SUITE, 'conformance', 'server', '--url', url, '-o', out],
      { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('exit', resolvePromise);
  });
  const dirs = readdirSync(out);
  if (dirs.length === 0) throw new Error(`${SUITE} wrote no results for ${url} (see npx output)`);
  const results = new Map();
  for (const dir of dirs) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(dir)?.[1];
    const checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8'));
    const failed = checks.filter((check) => check.status === 'FAILURE');
    const note = failed.map((check) => check.errorMessage ?? check.description).join('; ');
    results.set(scenario, { pass: failed.length === 0, note: note.replaceAll('|', '\\|') });
  }
  return results;
}

async function measure(name, open, scratch) {
  const begun = performance.now();
  const servers = [];
  try {
    const url = await open(servers);
    const results = await runSuite(url, scratch);
    return { name, results, seconds: (performance.now() - begun) / 1000 };
  } finally {
    for (const server of servers.reverse()) await stop(server);
  }
}

function render(columns, command) {
  const scenarios = [...new Set(columns.flatMap((column) => [...column.results.keys()]))];
  const cell = (column, scenario) => {
    const result = column.results.get(scenario);
    return result === undefined ? '–' : result.pass ? 'pass' : 'FAIL';
  };
  const notes = (scenario) =>
    columns
      .filter((column) => column.results.get(scenario)?.pass === false)
      .map((column) => `${column.name}: ${column.results.get(scenario).note}`)
      .join('<br>');
  const total = (column) =>
    `${[...column.results.values()].filter((result) => result.pass).length}/${column.results.size}`;
  return [
    '# MCP conformance: direct vs through tp',
    '',
    `Generated by \`${command}\` on ${new Date().toISOString()} — do not edit by hand.`,
    '',
    `Suite: \`${SUITE}\` server scenarios (active suite), run under \`${NODE}\`, all servers on 127.0.0.1.`,
    '',
    "- **direct**: the suite's reference server (`examples/servers/typescript/everything-server.ts`) alone",
    '- **through tp**: `tp serve` with that reference server as its only upstream (`{ "type": "http", "url": … }`)',
    '- **tp example**: `tp serve --config apps/server/example.config.json` (native example tools + server-everything over stdio)',
    '',
    `| MCP scenario | ${columns.map((column) => column.name).join(' | ')} | failures |`,
    `| --- | ${columns.map(() => '---').join(' | ')} | --- |`,
    ...scenarios.map(
      (scenario) =>
        `| ${scenario} | ${columns.map((column) => cell(column, scenario)).join(' | ')} | ${notes(scenario)} |`,
    ),
    `| **passing** | ${columns.map(total).join(' | ')} | |`,
    '',
    `Wall time per column (server start + suite): ${columns.map((column) => `${column.name} ${column.seconds.toFixed(1)} s`).join(', ')}.`,
    '',
  ].join('\n');
}

const { values } = parseArgs({
  options: { reference: { type: 'string' }, out: { type: 'string' } },
});
const scratch = mkdtempSync(join(tmpdir(), 'tp-conformance-'));
const output = resolve(values.out ?? join(root, 'docs/mcp-conformance.md'));
try {
  const columns = [];
  if (values.reference) {
    const reference = resolve(values.reference);
    columns.push(
      await measure(
        'direct',
        async (servers) => {
          servers.push(await startReference(reference, scratch));
          return servers[0].url;
        },
        scratch,
      ),
      await measure(
        'through tp',
        async (servers) => {
          servers.push(await startReference(reference, scratch));
          const config = join(scratch, 'proxy.config.json');
          writeFileSync(
            config,
            JSON.stringify({ mcpServers: { ref: { type: 'http', url: servers[0].url } } }),
          );
          servers.push(await startTp(config));
          return servers[1].match[1];
        },
        scratch,
      ),
    );
  }
  columns.push(
    await measure(
      'tp example',
      async (servers) => {
        servers.push(await startTp(exampleConfig));
        return servers[0].match[1];
      },
      scratch,
    ),
  );
  const args = values.reference ? ` --reference ${values.reference}` : '';
  writeFileSync(output, render(columns, `node scripts/mcp-conformance.mjs${args}`));
  for (const column of columns) {
    const passing = [...column.results.values()].filter((result) => result.pass).length;
    console.log(
      `${column.name}: ${passing}/${column.results.size} scenarios pass (${column.seconds.toFixed(1)} s)`,
    );
  }
  console.log(`wrote ${relative(process.cwd(), output)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
