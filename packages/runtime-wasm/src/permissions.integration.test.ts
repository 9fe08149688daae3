import { describe, expect, it } from 'vitest';
import { useWasmRuntimes } from './__fixtures__/wasm-test-runtimes.js';
import { fixtureTool } from './__fixtures__/wasm-tools.js';
import { createWasmRuntime } from './create-wasm-runtime.js';

// Real components: how the WebAssembly runtime maps the permissions manifest (docs/permissions.md).
const { setup } = useWasmRuntimes();

describe('WebAssembly runtime permissions', () => {
  it('enforces fs.read, fs.write, env, memoryMb, outputBytes, and timeMs only in isolated mode', async () => {
    const isolated = createWasmRuntime();
    const trusted = createWasmRuntime({ mode: 'trusted' });
    expect(isolated.capabilities()).toMatchObject({
      isolation: 'sandbox',
      cancellation: true,
      maxConcurrency: 2,
      enforces: ['fs.read', 'fs.write', 'env', 'timeMs', 'memoryMb', 'outputBytes'],
    });
    expect(trusted.capabilities()).toMatchObject({
      cancellation: false,
      enforces: ['fs.read', 'fs.write', 'env', 'memoryMb', 'outputBytes'],
    });
    await Promise.all([isolated.dispose(), trusted.dispose()]);
  });

  it('refuses a network grant, naming the field; accepted, the guest still gets no socket', async () => {
    const dialer = await fixtureTool('preopens', {
      name: 'dialer',
      permissions: { net: { connect: ['127.0.0.1:9'] } },
    });
    const refused = setup([dialer]);
    expect((await refused.run('dialer')).error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "dialer".permissions.net.connect' },
    });
    const accepting = setup([dialer], {}, { acceptWeakerPermissions: { wasm: ['net.connect'] } });
    expect((await accepting.run('dialer')).error).toMatchObject({
      code: 'TOOL_EXECUTION_FAILED',
      details: { reason: 'denied' },
    });
  });

  it('refuses an fs entry that is not an absolute directory path, naming it', async () => {
    const { run } = setup([
      await fixtureTool('preopens', {
        name: 'globbed',
        permissions: { fs: { read: ['/tmp', '/data/*.csv'] } },
      }),
      await fixtureTool('preopens', { name: 'relative', permissions: { fs: { write: ['data'] } } }),
    ]);
    expect((await run('globbed')).error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "globbed".permissions.fs.read[1]' },
    });
    expect((await run('relative')).error).toMatchObject({
      details: { field: 'tool "relative".permissions.fs.write[0]' },
    });
  });

  it('refuses timeMs in trusted mode: a call on the host thread cannot be stopped', async () => {
    const { run } = setup([await fixtureTool('echo', { permissions: { timeMs: 1000 } })], {
      mode: 'trusted',
    });
    expect((await run('echo', { text: 'x' })).error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "echo".permissions.timeMs' },
    });
  });

  it("refuses a tool asking for more than the runtime's limits, naming the field", async () => {
    const { run } = setup(
      [
        await fixtureTool('echo', { name: 'slowpoke', permissions: { timeMs: 5000 } }),
        await fixtureTool('echo', { name: 'hungry', permissions: { memoryMb: 128 } }),
        await fixtureTool('echo', { name: 'chatty', permissions: { outputBytes: 4096 } }),
        await fixtureTool('echo', {
          name: 'modest',
          permissions: { timeMs: 1000, memoryMb: 64, outputBytes: 1024 },
        }),
      ],
      { limits: { timeMs: 1000, memoryMb: 64, outputBytes: 1024 } },
    );
    for (const [tool, key] of [
      ['slowpoke', 'timeMs'],
      ['hungry', 'memoryMb'],
      ['chatty', 'outputBytes'],
    ] as const) {
      expect((await run(tool, { text: 'x' })).error).toMatchObject({
        code: 'CONFIGURATION_ERROR',
        details: { field: `tool "${tool}".permissions.${key}` },
      });
    }
    expect(await run('modest', { text: 'x' })).toMatchObject({ ok: true, value: 'x' });
  });

  it("tightens memoryMb for the tool that asks, not for the runtime's other tools", async () => {
    const { run } = setup(
      [
        await fixtureTool('grow', { name: 'small', permissions: { memoryMb: 1 } }),
        await fixtureTool('grow', { name: 'large' }),
      ],
      { limits: { memoryMb: 4 } },
    );
    expect((await run('small')).error).toMatchObject({ details: { memoryPages: [16] } });
    expect((await run('large')).error).toMatchObject({ details: { memoryPages: [64] } });
  });
});
