import { TpError } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { createWasmRuntime } from './create-wasm-runtime.js';
import { defineWasmTool } from './define-wasm-tool.js';

const fieldOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return TpError.isInstance(error) ? [error.code, error.details?.field] : error;
  }
  return undefined;
};

const rejectedField = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (TpError.isInstance(error) ? [error.code, error.details?.field] : error),
  );

describe('createWasmRuntime options', () => {
  it.each([
    [{ mode: 'sandboxed' }, 'mode'],
    [{ poolSize: 0 }, 'poolSize'],
    [{ poolSize: 1.5 }, 'poolSize'],
    [{ cacheDir: '' }, 'cacheDir'],
    [{ recycleAfterCalls: 0 }, 'recycleAfterCalls'],
    [{ maxCallDepth: -1 }, 'maxCallDepth'],
    [{ processor: 'p' }, 'processor'],
    [{ limits: { timeMs: 0 } }, 'limits.timeMs'],
    [{ limits: { memoryMb: 5000 } }, 'limits.memoryMb'],
    [{ limits: { outputBytes: -1 } }, 'limits.outputBytes'],
  ])('refuses %j naming %s', (options, field) => {
    expect(fieldOf(() => createWasmRuntime(options as never))).toEqual([
      'CONFIGURATION_ERROR',
      field,
    ]);
  });
});

describe('defineWasmTool', () => {
  it('refuses a component it cannot read or transpile, naming the field', async () => {
    expect(
      await rejectedField(defineWasmTool({ name: 'gone', component: '/no/such.wasm' })),
    ).toEqual(['CONFIGURATION_ERROR', 'tool "gone".component']);
    expect(
      await rejectedField(defineWasmTool({ name: 'junk', component: Uint8Array.of(1, 2, 3) })),
    ).toEqual(['CONFIGURATION_ERROR', 'tool "junk".component']);
    expect(await rejectedField(defineWasmTool({ name: 'none', component: 42 as never }))).toEqual([
      'CONFIGURATION_ERROR',
      'tool "none".component',
    ]);
  });
});
