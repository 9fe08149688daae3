import { describe, expect, it } from 'vitest';
import { echo } from './__fixtures__/conformance-tools.js';
import { fixtureTool } from './__fixtures__/npx-test-runtimes.js';
import { createNpxRuntime } from './create-npx-runtime.js';
import { defineJsTool } from './define-js-tool.js';
import { DEFAULT_NPX_LIMITS } from './npx-limits.js';
import { fsGrants } from './npx-permissions.js';
import { prepareTool } from './prepare-tool.js';
import { createProcessLevel } from './process/process-level.js';

const configError = (field: string) =>
  expect.objectContaining({ code: 'CONFIGURATION_ERROR', details: { field } });

describe('configuration', () => {
  it.each([
    [{ sandbox: 'jail' }, 'sandbox'],
    [{ poolSize: 0 }, 'poolSize'],
    [{ limits: { timeMs: 0 } }, 'limits.timeMs'],
    [{ limits: { memoryMb: 1.5 } }, 'limits.memoryMb'],
    [{ killGraceMs: -1 }, 'killGraceMs'],
    [{ maxCallsPerChild: 0 }, 'maxCallsPerChild'],
  ])('createNpxRuntime(%o) names the field', (options, field) => {
    expect(() => createNpxRuntime(options as never)).toThrow(configError(field));
  });

  it('defineJsTool names a bad file or export', () => {
    expect(() => defineJsTool({ name: 'x', file: 'tool.py' })).toThrow(
      configError('tool "x".file'),
    );
    expect(() => defineJsTool({ name: 'x', file: 'tool.js', export: 'a-b' })).toThrow(
      configError('tool "x".export'),
    );
    expect(defineJsTool({ name: 'x', file: 'tool.js' })).toMatchObject({
      runtime: 'npx',
      description: '',
      inputSchema: { type: 'object' },
      source: { kind: 'file', export: 'default', file: expect.stringMatching(/^\/.*tool\.js$/) },
    });
  });

  it('declares per level what it enforces and how it isolates', async () => {
    const expected = {
      process: ['process', ['fs.read', 'fs.write', 'env', 'timeMs', 'memoryMb', 'outputBytes']],
      thread: ['sandbox', ['env', 'timeMs', 'memoryMb', 'outputBytes']],
      none: ['none', []],
    } as const;
    for (const [sandbox, [isolation, enforces]] of Object.entries(expected)) {
      const runtime = createNpxRuntime({ sandbox: sandbox as 'process' });
      expect(runtime.capabilities()).toMatchObject({ isolation, enforces, maxConcurrency: 2 });
      await runtime.dispose();
    }
  });

  it("refuses at load a tool asking for more than the runtime's limits, naming the field", async () => {
    const runtime = createNpxRuntime({ sandbox: 'none', limits: { timeMs: 1000 } });
    const greedy = fixtureTool('escapes.mjs', 'echo', { timeMs: 5000 });
    expect(() => runtime.load(greedy)).toThrow(configError('tool "echo".permissions.timeMs'));
    expect(() => runtime.load({ ...echo, source: { script: 'x' } })).toThrow(/defineJsTool/);
    expect(() =>
      runtime.load(defineJsTool({ name: 'gone', file: '/nonexistent/gone.mjs' })),
    ).toThrow(configError('tool "gone".file'));
    await runtime.dispose();
  });

  it('refuses fs grants Node cannot enforce (globs other than a trailing *)', () => {
    const tool = fixtureTool('escapes.mjs', 'echo', { fs: { read: ['/data/*', '/src/**/*.ts'] } });
    expect(() => fsGrants(tool, 'read')).toThrow(configError('tool "echo".permissions.fs.read[1]'));
    const comma = fixtureTool('escapes.mjs', 'echo', { fs: { write: ['/data/a,/etc'] } });
    expect(() => fsGrants(comma, 'write')).toThrow(
      configError('tool "echo".permissions.fs.write[0]'),
    );
    const fine = fixtureTool('escapes.mjs', 'echo', { fs: { read: ['/data/*', 'relative'] } });
    expect(fsGrants(fine, 'read')).toEqual(['/data/*', `${process.cwd()}/relative`]);
  });

  it('without a network namespace refuses tools unless the operator accepts the host network', () => {
    const prepared = (permissions?: Parameters<typeof fixtureTool>[2]) =>
      prepareTool(fixtureTool('escapes.mjs', 'echo', permissions), {
        limits: DEFAULT_NPX_LIMITS,
        cacheDir: '/nonexistent',
      });
    const warnings: string[] = [];
    const level = (allowHostNetwork: boolean) =>
      createProcessLevel({
        poolSize: 1,
        maxCallsPerChild: 1,
        idleMs: 1000,
        killGraceMs: 0,
        support: { permissionFlag: '--experimental-permission' },
        allowHostNetwork,
        onWarning: (message) => warnings.push(message),
      });
    const strict = level(false);
    // Said at start, before any tool is refused.
    expect(warnings).toEqual([
      expect.stringContaining(
        'they are refused until createNpxRuntime({ allowHostNetwork: true })',
      ),
    ]);
    expect(() => strict.check(prepared())).toThrow(configError('allowHostNetwork'));
    // A tool granted the network (accepted as weaker by the processor) does not need the denial.
    expect(() => strict.check(prepared({ net: { connect: ['example.com:443'] } }))).not.toThrow();
    const accepting = level(true);
    expect(warnings[1]).toContain('allowHostNetwork is set, so they run with the host network');
    expect(() => accepting.check(prepared())).not.toThrow();
    void strict.dispose();
    void accepting.dispose();
  });
});
