import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTool, useNpxRuntimes } from './__fixtures__/npx-test-runtimes.js';
import { detectSandbox } from './process/sandbox-support.js';

// Real children under the `process` level: every attempt is contained, the host stays alive and
// the next call on the same runtime answers correctly.
const { setup } = useNpxRuntimes();
const tool = (name: string, permissions?: Parameters<typeof fixtureTool>[2]) =>
  fixtureTool('escapes.mjs', name, permissions);

describe('process sandbox: escape attempts', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let arrived = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tp-npx-escape-'));
    server = createServer((socket) => {
      arrived++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  });

  const expectContained = async (
    run: ReturnType<typeof setup>['run'],
    name: string,
    args: Record<string, unknown> = {},
  ) => {
    const result = await run(name, args);
    expect(result.ok, `${name} must fail`).toBe(false);
    const after = await run('echo', { text: `after ${name}` });
    expect(after).toMatchObject({ ok: true, value: `after ${name}` });
    return result;
  };

  it('denies reading /etc/passwd, writing outside the granted dir, spawning and Workers', async () => {
    const { run } = setup([
      tool('readPasswd'),
      tool('writeFile', { fs: { write: [dir] } }),
      tool('spawnProcess'),
      tool('openWorker'),
      tool('echo'),
    ]);
    expect((await expectContained(run, 'readPasswd')).error?.message).toMatch(/access|denied/i);
    const outside = join(tmpdir(), `tp-npx-outside-${process.pid}`);
    await expectContained(run, 'writeFile', { path: outside });
    expect(existsSync(outside)).toBe(false);
    expect(await run('writeFile', { path: join(dir, 'inside') })).toMatchObject({
      ok: true,
      value: 'written',
    });
    expect(readFileSync(join(dir, 'inside'), 'utf8')).toBe('escaped');
    await expectContained(run, 'spawnProcess');
    await expectContained(run, 'openWorker');
  });

  it('lets nothing reach a loopback port the test opened (fetch and net.connect)', async () => {
    const { run } = setup([tool('fetchUrl'), tool('connect'), tool('echo')]);
    await expectContained(run, 'fetchUrl', { url: `http://127.0.0.1:${port}/` });
    await expectContained(run, 'connect', { port });
    expect(arrived).toBe(0);
  });

  it('hides a secret host variable unless the tool lists it', async () => {
    process.env.TP_NPX_SECRET = 'hunter2';
    try {
      const { run } = setup([
        tool('readEnv'),
        fixtureTool('escapes.mjs', 'readEnv', { env: ['TP_NPX_SECRET'] }, 'readAllowedEnv'),
      ]);
      expect(await run('readEnv', { name: 'TP_NPX_SECRET' })).toMatchObject({
        ok: true,
        value: null,
      });
      expect(await run('readEnv', { name: 'PATH' })).toMatchObject({ ok: true, value: null });
      expect(await run('readAllowedEnv', { name: 'TP_NPX_SECRET' })).toMatchObject({
        ok: true,
        value: 'hunter2',
      });
    } finally {
      delete process.env.TP_NPX_SECRET;
    }
  });

  it('cannot signal the host: process.kill(process.ppid) and the host pid', async () => {
    const { run } = setup([tool('killPid'), tool('echo')]);
    await run('killPid', {});
    await run('killPid', { pid: process.pid });
    expect(await run('echo', { text: 'host alive' })).toMatchObject({
      ok: true,
      value: 'host alive',
    });
  });

  it('stops an infinite loop at its deadline, a heap bomb at its ceiling, huge output at its cap', async () => {
    const { run } = setup([
      tool('loop', { timeMs: 500 }),
      tool('heapBomb', { memoryMb: 64 }),
      tool('hugeResult', { outputBytes: 64 * 1024 }),
      tool('hugeStdout', { outputBytes: 64 * 1024 }),
      tool('echo'),
    ]);
    expect((await expectContained(run, 'loop')).error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { limit: 'time', value: 500, killed: true },
    });
    expect((await expectContained(run, 'heapBomb')).error).toMatchObject({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      details: { limit: 'memory', value: 64 },
    });
    for (const name of ['hugeResult', 'hugeStdout']) {
      expect((await expectContained(run, name)).error).toMatchObject({
        code: 'TOOL_RESOURCE_EXHAUSTED',
        details: { limit: 'output', value: 64 * 1024 },
      });
    }
  });

  it('cannot open the inspector or reach process.binding', async () => {
    const { run } = setup([tool('openInspector'), tool('processBinding'), tool('echo')]);
    expect((await expectContained(run, 'openInspector')).error?.message).toMatch(/access|denied/i);
    expect((await expectContained(run, 'processBinding')).error?.details).toMatchObject({
      errorCode: 'ERR_ACCESS_DENIED',
    });
  });

  // Unix sockets are files to bind, not network: only bubblewrap's own filesystem hides them.
  it.runIf(detectSandbox().namespace?.kind === 'bwrap')(
    'with bubblewrap: a host unix socket outside the grants cannot be reached',
    async () => {
      const path = join(dir, 'host.sock');
      let reached = 0;
      const unix = createServer((socket) => {
        reached++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => unix.listen(path, resolve));
      try {
        const { run } = setup([tool('connectPath'), tool('echo')]);
        await expectContained(run, 'connectPath', { path });
        expect(reached).toBe(0);
      } finally {
        await new Promise((resolve) => unix.close(resolve));
      }
    },
  );
});
