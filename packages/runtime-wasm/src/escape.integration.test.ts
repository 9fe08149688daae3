import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWasmRuntimes } from './__fixtures__/wasm-test-runtimes.js';
import { fixtureTool } from './__fixtures__/wasm-tools.js';
import type { WasmMode } from './wasm-permissions.js';

// Real components built from WAT, real jco glue, real worker threads: each way out of the sandbox
// is denied, the host process keeps running and the runtime keeps serving other calls.
const { setup } = useWasmRuntimes();
const echo = await fixtureTool('echo');

async function expectHealthy(
  runtime: ReturnType<typeof setup>['runtime'],
  run: ReturnType<typeof setup>['run'],
) {
  expect(await run('echo', { text: 'still here' })).toMatchObject({
    ok: true,
    value: 'still here',
  });
  expect(await runtime.health?.()).toMatchObject({ status: 'ready' });
}

describe('escape suite (isolated)', () => {
  it('stops an infinite loop at timeMs with TOOL_TIMEOUT; the pool replaces the worker', async () => {
    const { runtime, run } = setup([await fixtureTool('loop'), echo], { limits: { timeMs: 300 } });
    expect(await run('echo', { text: 'warm' })).toMatchObject({ ok: true });
    const started = runtime.threadsStarted();
    expect((await run('loop')).error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { limit: 'time', value: 300, killed: true },
    });
    expect(runtime.threadsStarted()).toBe(started + 1);
    await expectHealthy(runtime, run);
    expect(await runtime.health?.()).toMatchObject({ details: { threads: 1, poolSize: 1 } });
  });

  it('recycles a worker thread after recycleAfterCalls calls', async () => {
    const { runtime, run } = setup([echo], { recycleAfterCalls: 2 });
    for (const text of ['a', 'b', 'c', 'd', 'e']) {
      expect(await run('echo', { text })).toMatchObject({ ok: true, value: text });
    }
    expect(runtime.threadsStarted()).toBe(3);
  });

  it("tightens timeMs for the tool that asks, not for the runtime's other tools", async () => {
    const { run } = setup([await fixtureTool('loop', { permissions: { timeMs: 200 } }), echo]);
    expect((await run('loop')).error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { value: 200 },
    });
  });
});

describe.each<WasmMode>(['isolated', 'trusted'])('escape suite (%s)', (mode) => {
  it('caps memory: a guest growing without end traps at the cap (TOOL_EXECUTION_FAILED)', async () => {
    const { runtime, run } = setup([await fixtureTool('grow'), echo], {
      mode,
      limits: { memoryMb: 2 },
    });
    expect((await run('grow')).error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      details: { reason: 'trap', limit: 'memory', value: 32, memoryPages: [32] },
    });
    await expectHealthy(runtime, run);
  });

  it('traps exit into a tool error; the host process goes on', async () => {
    const { runtime, run } = setup([await fixtureTool('exit'), echo], { mode });
    const result = await run('exit');
    expect(result.error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      retryable: false,
      details: { reason: 'exit', status: 1 },
    });
    expect(result.error?.message).toContain('called exit');
    await expectHealthy(runtime, run);
  });

  it('shows the guest no environment variable unless permissions.env names it', async () => {
    process.env.TP_WASM_SECRET = 's3cret';
    try {
      const { run } = setup(
        [
          await fixtureTool('env'),
          await fixtureTool('env', { name: 'granted', permissions: { env: ['TP_WASM_SECRET'] } }),
        ],
        { mode },
      );
      expect(await run('env')).toMatchObject({ ok: true, value: null });
      expect(await run('granted')).toMatchObject({ ok: true, value: 'TP_WASM_SECRET=s3cret' });
    } finally {
      delete process.env.TP_WASM_SECRET;
    }
  });

  it('denies the clock without the grant, and reads it with grants.clocks', async () => {
    const { runtime, run } = setup(
      [
        await fixtureTool('clock'),
        await fixtureTool('clock', { name: 'timed', grants: { clocks: true } }),
        echo,
      ],
      { mode },
    );
    const denied = await run('clock');
    expect(denied.error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      details: { reason: 'denied', import: 'wasi:clocks/wall-clock#now' },
    });
    expect(await run('timed')).toMatchObject({ ok: true, value: true });
    await expectHealthy(runtime, run);
  });

  it('reads a granted directory; a file outside its preopen (.., absolute, symlink) is not-permitted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tp-wasm-fs-'));
    try {
      await mkdir(join(dir, 'inside'));
      await writeFile(join(dir, 'inside', 'hello.txt'), 'hello');
      await writeFile(join(dir, 'secret.txt'), 'secret');
      await symlink(join(dir, 'secret.txt'), join(dir, 'inside', 'link'));
      const { runtime, run } = setup(
        [
          await fixtureTool('open', { permissions: { fs: { read: [join(dir, 'inside')] } } }),
          await fixtureTool('open', { name: 'ungranted' }),
          echo,
        ],
        { mode },
      );
      expect(await run('open', { path: 'hello.txt' })).toMatchObject({ ok: true, value: 'hello' });
      const notPermitted = 31;
      const noEntry = 20;
      for (const path of ['../secret.txt', join(dir, 'secret.txt'), 'link', 'a/../../secret.txt']) {
        expect(await run('open', { path }), path).toMatchObject({ ok: true, value: notPermitted });
      }
      expect(await run('open', { path: 'missing.txt' })).toMatchObject({ value: noEntry });
      expect((await run('ungranted', { path: 'hello.txt' })).error).toMatchObject({
        code: 'TOOL_EXECUTION_FAILED',
        details: { reason: 'denied', import: 'wasi:filesystem/preopens#getDirectories' },
      });
      await expectHealthy(runtime, run);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes only inside a directory fs.write grants; an fs.read grant is read-only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tp-wasm-fs-'));
    try {
      const inside = join(dir, 'inside');
      await mkdir(inside);
      await writeFile(join(dir, 'secret.txt'), 'secret');
      await symlink(join(dir, 'secret.txt'), join(inside, 'link'));
      const { run } = setup(
        [
          await fixtureTool('write', { permissions: { fs: { write: [inside] } } }),
          await fixtureTool('write', { name: 'reader', permissions: { fs: { read: [inside] } } }),
        ],
        { mode },
      );
      expect(await run('write', { path: 'out.txt' })).toMatchObject({ ok: true, value: 'written' });
      expect(await readFile(join(inside, 'out.txt'), 'utf8')).toBe('{"path":"out.txt"}');
      const notPermitted = 31;
      const readOnly = 33;
      for (const path of ['../escape.txt', join(dir, 'escape.txt'), 'link']) {
        expect(await run('write', { path }), path).toMatchObject({ value: notPermitted });
      }
      expect(existsSync(join(dir, 'escape.txt'))).toBe(false);
      expect(await readFile(join(dir, 'secret.txt'), 'utf8')).toBe('secret');
      expect(await run('reader', { path: 'other.txt' })).toMatchObject({ value: readOnly });
      expect(existsSync(join(inside, 'other.txt'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('denies the filesystem: no preopened directory can even be listed', async () => {
    const { runtime, run } = setup([await fixtureTool('preopens'), echo], { mode });
    expect((await run('preopens')).error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      details: { reason: 'denied', import: 'wasi:filesystem/preopens#getDirectories' },
    });
    await expectHealthy(runtime, run);
  });

  it('captures stdout instead of writing to the host, and counts it and logs against outputBytes', async () => {
    const { runtime, run } = setup(
      [
        await fixtureTool('stdout', { permissions: { outputBytes: 64 } }),
        await fixtureTool('log', { permissions: { outputBytes: 64 } }),
        echo,
      ],
      { mode },
    );
    const hostWrites: unknown[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: unknown) => hostWrites.push(chunk) > 0) as typeof write;
    try {
      expect(await run('stdout', { text: 'short' })).toMatchObject({ ok: true, value: null });
    } finally {
      process.stdout.write = write;
    }
    expect(hostWrites).toEqual([]);
    for (const tool of ['stdout', 'log']) {
      expect((await run(tool, { text: 'x'.repeat(100) })).error, tool).toMatchObject({
        code: 'TOOL_RESOURCE_EXHAUSTED',
        details: { limit: 'output', value: 64 },
      });
    }
    expect((await run('log', { text: 'fine' })).ok).toBe(true);
    await expectHealthy(runtime, run);
  });

  it("prints nothing of jco's internals on the host console, even with JCO_DEBUG set", async () => {
    const { run } = setup([echo], { mode });
    const printed: unknown[] = [];
    const debug = console.debug;
    process.env.JCO_DEBUG = '1';
    console.debug = (...args: unknown[]) => printed.push(args);
    try {
      expect(await run('echo', { text: 'quiet' })).toMatchObject({ ok: true, value: 'quiet' });
    } finally {
      console.debug = debug;
      delete process.env.JCO_DEBUG;
    }
    expect(printed).toEqual([]);
  });

  it('caps the value at outputBytes with TOOL_RESOURCE_EXHAUSTED', async () => {
    const { run } = setup([echo], { mode, limits: { outputBytes: 50 } });
    expect((await run('echo', { text: 'x'.repeat(100) })).error).toMatchObject({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      details: { limit: 'output', value: 50 },
    });
    expect(await run('echo', { text: 'small' })).toMatchObject({ ok: true, value: 'small' });
  });
});
