// MCP overhead (issue 5): per transport (stdio, Streamable HTTP, SSE), call latency p50/p99 and
// throughput with 100 calls in flight through StreamManager + processor, against the raw SDK
// client calling the same server program in the same run. Target ratio ≤ 1.15.
// Plus apps/server over Streamable HTTP: p50 and calls/s with 100 concurrent raw clients, and the
// heap cost of 1,000 registered tools.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startServer } from '../apps/server/dist/index.js';
import { createProcessor, createRegistry, defineTool } from '../packages/core/dist/index.js';
import { createStreamManager } from '../packages/mcp/dist/index.js';
import { median, percentile } from './lib/measure.mjs';

const SEQUENTIAL = 200;
const CONCURRENT_TOTAL = 1_000;
const IN_FLIGHT = 100;

const mcpRequire = createRequire(new URL('../packages/mcp/package.json', import.meta.url));
const { Client, StreamableHTTPClientTransport, SSEClientTransport } = await import(
  mcpRequire.resolve('@modelcontextprotocol/client')
);
const { StdioClientTransport } = await import(
  mcpRequire.resolve('@modelcontextprotocol/client/stdio')
);
const everything = fileURLToPath(
  new URL(
    '../packages/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js',
    import.meta.url,
  ),
);
const loopback = fileURLToPath(
  new URL('../packages/mcp/src/__fixtures__/loopback-only.cjs', import.meta.url),
);

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startPeer(mode) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', loopback, everything, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`;
  for (;;) {
    // Readiness by TCP connect: an HTTP probe of the SSE endpoint would open an endless stream.
    const up = await new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, stop: () => child.kill('SIGKILL') };
}

/**
 * Per-call latencies (µs) of SEQUENTIAL calls through `ours` and through `raw`, alternating call
 * by call after the same warm-up, so a noisy neighbour or a JIT-warming in-process server weighs
 * on both sides alike (measured one after the other, the first side paid for the other's warm-up
 * and for whatever load happened to run at the time).
 */
async function sequentialPair(ours, raw) {
  for (let index = 0; index < 50; index++) {
    await ours(index);
    await raw(index);
  }
  const latencies = { ours: [], raw: [] };
  for (let index = 0; index < SEQUENTIAL; index++) {
    // Swap which side goes first every call: neither always follows the other's I/O.
    const order = index % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
    for (const side of order) {
      const call = side === 'ours' ? ours : raw;
      const start = performance.now();
      await call(index);
      latencies[side].push((performance.now() - start) * 1000);
    }
  }
  const stats = (samples) => ({ p50: median(samples), p99: percentile(samples, 99) });
  return { ours: stats(latencies.ours), raw: stats(latencies.raw) };
}

/** Calls/s with IN_FLIGHT at once. */
async function throughput(call) {
  let next = 0;
  const start = performance.now();
  let timer;
  const stalled = new Promise((resolve) => {
    timer = setTimeout(() => resolve('stalled'), 60_000);
  });
  const outcome = await Promise.race([
    Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < CONCURRENT_TOTAL) await call(next++);
      }),
    ),
    stalled,
  ]);
  clearTimeout(timer);
  // A stalled run reports what it completed in the minute it had.
  const opsPerSec =
    (outcome === 'stalled' ? next - IN_FLIGHT : CONCURRENT_TOTAL) /
    ((performance.now() - start) / 1000);
  return { opsPerSec, stalled: outcome === 'stalled' };
}

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function transportRows(
  label,
  managerConfig,
  rawTransport,
  tool = {
    name: 'echo',
    registryName: 'everything.echo',
    args: (index) => ({ message: `m${index}` }),
  },
) {
  console.error(`[mcp bench] ${label}`);
  const registry = createRegistry();
  const manager = createStreamManager({
    registry,
    snapshotStore: false,
    servers: { everything: managerConfig },
  });
  await manager.start();
  const processor = createProcessor({
    registry,
    runtimes: [manager.runtime],
    maxConcurrency: IN_FLIGHT,
  });
  const raw = new Client({ name: 'bench-raw', version: '1' });
  await raw.connect(rawTransport());
  const callOurs = async (index) => {
    const [result] = await processor.execute([
      { id: String(index), tool: tool.registryName, arguments: tool.args(index) },
    ]);
    if (!result.ok) throw new Error(result.error.message);
  };
  const callRaw = async (index) => {
    const result = await raw.callTool({ name: tool.name, arguments: tool.args(index) });
    if (result.isError) throw new Error('raw call failed');
  };
  const latency = await sequentialPair(callOurs, callRaw);
  // Throughput: ours first; over HTTP the raw client piles listeners onto its transport signal
  // and can stall the process's shared HTTP pool for whatever runs after it.
  const ours = { ...latency.ours, ...(await throughput(callOurs)) };
  await processor.close();
  const rawStats = { ...latency.raw, ...(await throughput(callRaw)) };
  await raw.close();

  return [
    {
      name: `${label}: call latency (StreamManager + processor)`,
      medianUs: round(ours.p50),
      p99Us: round(ours.p99),
      baseline: 'raw SDK client',
      baselineMedianUs: round(rawStats.p50),
      ratio: round(ours.p50 / rawStats.p50, 2),
      notes: `raw p99 ${round(rawStats.p99)} µs; ${SEQUENTIAL} sequential calls each, ours and raw alternating`,
    },
    {
      name: `${label}: throughput, ${IN_FLIGHT} in flight`,
      opsPerSec: Math.round(ours.opsPerSec),
      baseline: `raw SDK client ${Math.round(rawStats.opsPerSec)} calls/s`,
      ratio: round(rawStats.opsPerSec / ours.opsPerSec, 2),
      notes: `ratio = raw calls/s ÷ ours${rawStats.stalled ? '; the raw client stalled, its figure is what it did in 60 s' : ''}${ours.stalled ? '; ours stalled' : ''}`,
    },
  ];
}

async function serverRows() {
  console.error('[mcp bench] apps/server');
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const tools = Array.from({ length: 1_000 }, (_, index) =>
    defineTool({
      name: `tool_${index}`,
      namespace: 'bench',
      description: `benchmark tool ${index}`,
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      execute: ({ text }) => text,
    }),
  );
  const server = await startServer({ port: 0, log: () => {} });
  server.processor.registry.register(...tools);
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;

  const clients = await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      const client = new Client({ name: 'bench-client', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      return client;
    }),
  );
  const latencies = [];
  const perClient = 30;
  const start = performance.now();
  await Promise.all(
    clients.map(async (client, clientIndex) => {
      for (let index = 0; index < perClient; index++) {
        const callStart = performance.now();
        await client.callTool({
          name: `bench.tool_${(clientIndex * perClient + index) % 1000}`,
          arguments: { text: 'x' },
        });
        latencies.push((performance.now() - callStart) * 1000);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
  return [
    {
      name: `apps/server (Streamable HTTP): ${IN_FLIGHT} concurrent clients`,
      medianUs: round(median(latencies)),
      p99Us: round(percentile(latencies, 99)),
      opsPerSec: Math.round(latencies.length / seconds),
      notes: `${latencies.length} calls over 1,000 registered tools`,
    },
    {
      name: 'apps/server: heap of 1,000 registered tools',
      notes: `${round((heapAfter - heapBefore) / 1024 / 1024, 1)} MB heap (server + tools${globalThis.gc ? '' : ', without --expose-gc'})`,
    },
  ];
}

export async function run() {
  const rows = [];
  const stdioArgs = ['--require', loopback, everything, 'stdio'];
  rows.push(
    ...(await transportRows(
      'stdio',
      { command: process.execPath, args: stdioArgs },
      () =>
        new StdioClientTransport({ command: process.execPath, args: stdioArgs, stderr: 'ignore' }),
    )),
  );
  // Streamable HTTP: our reference server in this process (server-everything's HTTP mode drops
  // connections under 100 concurrent requests, for the raw SDK client as much as for ours).
  const http = await startServer({
    port: 0,
    log: () => {},
    tools: [fileURLToPath(new URL('../examples/tools/index.js', import.meta.url))],
  });
  try {
    rows.push(
      ...(await transportRows(
        'Streamable HTTP',
        { type: 'http', url: http.url },
        () => new StreamableHTTPClientTransport(new URL(http.url)),
        {
          name: 'default.text_stats',
          registryName: 'everything.default_text_stats',
          args: (index) => ({ text: `call ${index}` }),
        },
      ).then((pair) =>
        pair.map((row) => ({
          ...row,
          name: row.name.replace('Streamable HTTP', 'Streamable HTTP (apps/server peer)'),
        })),
      )),
    );
  } finally {
    await http.close();
  }
  const sse = await startPeer('sse');
  try {
    rows.push(
      ...(await transportRows(
        'SSE',
        { type: 'sse', url: sse.url },
        () => new SSEClientTransport(new URL(sse.url)),
      )),
    );
  } catch (error) {
    rows.push({ name: 'SSE', notes: `failed: ${error instanceof Error ? error.message : error}` });
  } finally {
    sse.stop();
  }
  rows.push(...(await serverRows()));
  return { suite: 'mcp', rows };
}
