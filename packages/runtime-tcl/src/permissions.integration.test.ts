import { describe, expect, it } from 'vitest';
import { script, useTclRuntimes } from './__fixtures__/tcl-test-runtimes.js';
import { createTclRuntime } from './create-tcl-runtime.js';

// Real tclsh: how the Tcl runtime maps the permissions manifest (docs/permissions.md).
const { setup } = useTclRuntimes();

describe('Tcl runtime permissions', () => {
  it('enforces timeMs, outputBytes and, with a worker ceiling, memoryMb; never fs/net/env/spawn', async () => {
    const { runtime } = await setup([script('ok', 'return fine')]);
    expect(runtime.capabilities().enforces).toEqual(['timeMs', 'outputBytes', 'memoryMb']);
    const unbounded = createTclRuntime({ limits: { memoryMb: 0 } });
    expect(unbounded.capabilities().enforces).toEqual(['timeMs', 'outputBytes']);
    await unbounded.dispose();
  });

  it('refuses a tool granting net, naming the field, and gives it no socket even when accepted', async () => {
    const dial = script('dial', 'socket 127.0.0.1 9', {
      permissions: { net: { connect: ['127.0.0.1:9'] } },
    });
    const refused = await setup([dial]);
    expect((await refused.run('dial')).error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "dial".permissions.net.connect' },
    });
    const accepting = await setup(
      [dial],
      {},
      { acceptWeakerPermissions: { tcl: ['net.connect'] } },
    );
    const result = await accepting.run('dial');
    expect(result.error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(result.error?.message).toContain('invalid command name "socket"');
  });

  it("tightens timeMs and outputBytes for the tool that asks, not for the runtime's other tools", async () => {
    const wait =
      'set end [expr {[clock milliseconds] + 1500}]; while {[clock milliseconds] < $end} { after 5 }; return done';
    const big = 'string repeat x 1000';
    const { run } = await setup([
      script('quick', wait, { permissions: { timeMs: 200 } }),
      script('patient', wait),
      script('terse', big, { permissions: { outputBytes: 100 } }),
      script('verbose', big),
    ]);
    expect((await run('quick')).error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { limit: 'time' },
    });
    expect(await run('patient')).toMatchObject({ ok: true, value: 'done' });
    expect((await run('terse')).error).toMatchObject({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      details: { limit: 'output', value: 100 },
    });
    expect(await run('verbose')).toMatchObject({ ok: true, value: 'x'.repeat(1000) });
  });

  it("refuses a tool asking for more than the runtime's limits, naming the field", async () => {
    const { run } = await setup(
      [
        script('slowpoke', 'return 1', { permissions: { timeMs: 5000 } }),
        script('hungry', 'return 1', { permissions: { memoryMb: 1024 } }),
        script('modest', 'return 1', { permissions: { timeMs: 1000, memoryMb: 128 } }),
      ],
      { limits: { timeMs: 1000, memoryMb: 256 } },
    );
    expect((await run('slowpoke')).error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "slowpoke".permissions.timeMs' },
    });
    expect((await run('hungry')).error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "hungry".permissions.memoryMb' },
    });
    expect(await run('modest')).toMatchObject({ ok: true, value: '1' });
  });
});
