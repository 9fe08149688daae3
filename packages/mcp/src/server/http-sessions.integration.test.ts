import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INITIALIZE, MCP_POST_HEADERS } from '../__fixtures__/http-mcp.js';
import { eventually, stopProcess } from '../__fixtures__/peers.js';

const serverScript = fileURLToPath(new URL('../__fixtures__/session-server.mjs', import.meta.url));
const MB = 1024 * 1024;

interface Stats {
  sessions: { open: number; http: number; expired: number };
  rss: number;
  heapUsed: number;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A session server child process (idleTimeoutMs 0 = expiry off) and raw HTTP against it. */
async function startServer(idleTimeoutMs: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', serverScript, String(idleTimeoutMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`session server exited (${code})`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const send = (
    method: string,
    headers: Record<string, string>,
    body?: string,
    path = '/mcp',
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.once('error', reject);
      req.end(body);
    });
  // Headers and part of the body, then the client goes away.
  const abort = () =>
    new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/mcp',
        agent: false,
        headers: { ...MCP_POST_HEADERS, 'content-length': '10000' },
      });
      req.once('error', () => resolve());
      req.once('close', () => resolve());
      req.write(INITIALIZE.slice(0, 40), () => setTimeout(() => req.destroy(), 5));
    });
  const json = MCP_POST_HEADERS;
  const badRequests: Array<() => Promise<unknown>> = [
    () => send('POST', json, '{"jsonrpc": "2.0", "id": 1, "method": '),
    () => send('POST', json, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })),
    () => send('GET', { accept: 'text/event-stream' }),
    () => send('POST', { ...json, accept: 'application/json' }, INITIALIZE), // 406
    () => send('POST', { ...json, 'content-type': 'text/plain' }, INITIALIZE), // 415
    abort,
  ];
  const initialize = async () => {
    const reply = await send('POST', json, INITIALIZE);
    const sessionId = reply.headers['mcp-session-id'];
    expect(reply.status).toBe(200);
    expect(typeof sessionId).toBe('string');
    const initialized = await send(
      'POST',
      { ...json, 'mcp-session-id': String(sessionId), 'mcp-protocol-version': '2025-06-18' },
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    );
    expect(initialized.status).toBe(202);
  };
  const stats = async (): Promise<Stats> =>
    JSON.parse((await send('GET', {}, undefined, '/stats')).body);
  return {
    child,
    stats,
    initialize,
    badRequest: (index: number) => badRequests[index % badRequests.length]!(),
    stop: async () => {
      agent.destroy();
      await stopProcess(child);
    },
  };
}

/** Runs `count` tasks, `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (index: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

interface Run {
  baseline: Stats;
  afterBad: Stats;
  afterSessions: Stats;
  settled: Stats;
}

async function run(idleTimeoutMs: number): Promise<Run> {
  const server = await startServer(idleTimeoutMs);
  try {
    // Warm-up (JIT, pools), then the baseline.
    await pool(300, 16, (index) => server.badRequest(index));
    await pool(50, 16, () => server.initialize());
    if (idleTimeoutMs > 0) {
      await eventually(async () => (await server.stats()).sessions.http === 0, 120_000);
    }
    const baseline = await server.stats();
    await pool(5_000, 32, (index) => server.badRequest(index));
    const afterBad = await server.stats();
    await pool(1_000, 32, () => server.initialize());
    const afterSessions = await server.stats();
    if (idleTimeoutMs > 0) {
      await eventually(async () => {
        const { sessions } = await server.stats();
        return sessions.http === 0 && sessions.expired === 1_050;
      }, 120_000);
    }
    const settled = await server.stats();
    return { baseline, afterBad, afterSessions, settled };
  } finally {
    await server.stop();
  }
}

const growth = (from: Stats, to: Stats) => ({
  heapMB: +((to.heapUsed - from.heapUsed) / MB).toFixed(1),
  rssMB: +((to.rss - from.rss) / MB).toFixed(1),
});

describe('Streamable HTTP sessions under bad requests and abandoned clients', () => {
  it('creates no session for 5,000 bad requests and expires 1,000 abandoned ones', async () => {
    // Long enough that a starved machine still gets initialize → initialized in before expiry.
    const expiring = await run(3_000);
    const kept = await run(0);
    const figures = {
      expiring: {
        badRequests: growth(expiring.baseline, expiring.afterBad),
        settled: growth(expiring.baseline, expiring.settled),
      },
      kept: {
        badRequests: growth(kept.baseline, kept.afterBad),
        settled: growth(kept.baseline, kept.settled),
      },
    };
    console.log(`[session-leak] ${JSON.stringify(figures)}`);

    for (const result of [expiring, kept]) {
      // Not one session from a bad request, and their transports were released.
      expect(result.afterBad.sessions).toMatchObject({
        open: result.baseline.sessions.open,
        http: result.baseline.sessions.http,
      });
      expect(growth(result.baseline, result.afterBad).heapMB).toBeLessThan(8);
    }
    // Without expiry the 1,000 abandoned sessions stay, and cost memory ...
    expect(kept.settled.sessions.http).toBe(kept.baseline.sessions.http + 1_000);
    expect(figures.kept.settled.heapMB).toBeGreaterThan(4);
    // ... with it they are closed and their memory is collected.
    expect(expiring.settled.sessions).toMatchObject({ http: 0, expired: 1_050 });
    expect(figures.expiring.settled.heapMB).toBeLessThan(figures.kept.settled.heapMB / 3);
    // RSS follows the peak (the allocator keeps freed pages), so only a generous bound; heap after
    // GC above is the precise measure.
    expect(figures.expiring.settled.rssMB).toBeLessThan(64);
  }, 300_000); // 12,700 requests: minutes on a loaded 2-core machine
});
