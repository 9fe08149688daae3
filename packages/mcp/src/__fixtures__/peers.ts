// Helpers for integration tests: free loopback ports, readiness by TCP connect, real peers
// started as child processes and stopped by PID.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const fixtureServer = fileURLToPath(new URL('./fixture-server.mjs', import.meta.url));
export const loopbackPreload = fileURLToPath(new URL('./loopback-only.cjs', import.meta.url));
export const everythingEntry = fileURLToPath(
  new URL(
    '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js',
    import.meta.url,
  ),
);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RunningPeer {
  readonly process: ChildProcess;
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** server-everything in sse or streamableHttp mode on 127.0.0.1:port (a free one by default). */
export async function startEverything(
  mode: 'sse' | 'streamableHttp',
  port?: number,
): Promise<RunningPeer> {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, ['--require', loopbackPreload, everythingEntry, mode], {
    env: { ...process.env, PORT: String(chosen) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  await waitForPort(chosen);
  return {
    process: child,
    port: chosen,
    url: `http://127.0.0.1:${chosen}/${mode === 'sse' ? 'sse' : 'mcp'}`,
    // KILL: the peer's own graceful shutdown waits on open SSE streams, and tests want a crash anyway.
    stop: () => stopProcess(child, 'SIGKILL'),
  };
}

export function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls a condition (readiness signals, not sleeps), failing after timeoutMs. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
