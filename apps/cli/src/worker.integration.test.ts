// `tp worker` (built binary) against a real redis-server on a free loopback port.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createQueueExecutor } from '@tp/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('tp worker', () => {
  let redis: ChildProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
      stdio: 'ignore',
    });
    while (!(await answersPing(port))) await new Promise((resolve) => setTimeout(resolve, 10));
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (redis?.pid) process.kill(redis.pid, 'SIGTERM');
    if (redis) await exited(redis);
  });

  it('runs the calls a queue executor enqueues, and exits 0 on SIGTERM', async () => {
    const worker = spawn(
      process.execPath,
      [bin, 'worker', '--redis', url, '--tools', 'src/__fixtures__/tools.mjs', '--queue', 'cli-q'],
      { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const banner = await new Promise<string>((resolve) =>
      worker.stdout!.setEncoding('utf8').once('data', resolve),
    );
    expect(banner).toContain('tp worker: running calls of queue "cli-q"');
    const executor = createQueueExecutor({ connection: url, queue: 'cli-q' });
    try {
      const [result] = await executor.execute([
        { id: 'c1', tool: 'echo', arguments: { text: 'through the queue' } },
      ]);
      expect(result).toMatchObject({ ok: true, value: 'through the queue' });
    } finally {
      await executor.close();
    }
    process.kill(worker.pid!, 'SIGTERM');
    expect(await exited(worker)).toBe(0);
  });

  it('refuses to start without --redis or --tools, naming what is missing', async () => {
    const run = spawn(process.execPath, [bin, 'worker', '--tools', 'src/__fixtures__/tools.mjs'], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    run.stderr!.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    expect(await exited(run)).not.toBe(0);
    expect(stderr).toContain('--redis <url> is required');
  });
});
