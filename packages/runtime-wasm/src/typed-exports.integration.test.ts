import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TpError } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypedFixture } from './__fixtures__/build-component.js';
import { useWasmRuntimes } from './__fixtures__/wasm-test-runtimes.js';
import { TEST_CACHE_DIR } from './__fixtures__/wasm-tools.js';
import { defineWasmTool } from './define-wasm-tool.js';
import { loadWasmTools } from './load-wasm-tools.js';

// A real component that does not speak the tp world: each export is a tool typed by its WIT.
const { setup } = useWasmRuntimes();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tp-wasm-typed-'));
  await writeFile(join(dir, 'rich.wasm'), await buildTypedFixture('rich'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('typed exports', () => {
  it('makes each exported function a tool with a JSON Schema derived from its WIT types', async () => {
    const tools = await loadWasmTools(dir, { cacheDir: TEST_CACHE_DIR });
    expect(tools.map((tool) => `${tool.namespace}.${tool.name}`).sort()).toEqual([
      'rich.add',
      'rich.classify',
      'rich.count-flags',
      'rich.first',
      'rich.swap',
    ]);
    const schema = (name: string) => tools.find((tool) => tool.name === name)?.inputSchema;
    expect(schema('add')).toEqual({
      type: 'object',
      properties: {
        a: { type: 'integer', minimum: -2_147_483_648, maximum: 2_147_483_647 },
        b: { type: 'integer', minimum: 0, maximum: 255 },
      },
      required: ['a', 'b'],
      additionalProperties: false,
    });
    expect(schema('classify')?.properties).toMatchObject({
      shape: {
        oneOf: [
          { properties: { tag: { const: 'circle' }, val: { type: 'number' } } },
          {
            properties: {
              tag: { const: 'square' },
              val: { type: 'integer', maximum: 4_294_967_295 },
            },
          },
          { properties: { tag: { const: 'none' } }, required: ['tag'] },
        ],
      },
    });
    expect(schema('first')?.properties).toMatchObject({
      items: { type: 'array', items: { type: 'object', required: ['x', 'y'] } },
      fallback: { anyOf: [{ type: 'object' }, { type: 'null' }] },
    });
    expect(schema('count-flags')?.properties).toMatchObject({
      access: {
        type: 'object',
        properties: { read: { type: 'boolean' }, exec: { type: 'boolean' } },
      },
    });
    expect(tools.find((tool) => tool.name === 'classify')?.outputSchema).toEqual({
      type: 'string',
      enum: ['red', 'green', 'blue'],
    });
  });

  it.each(['trusted', 'isolated'] as const)(
    'lowers JSON arguments and lifts results back (%s)',
    async (mode) => {
      const { run } = setup(await loadWasmTools(dir, { cacheDir: TEST_CACHE_DIR }), { mode });
      expect(await run('rich.add', { a: -5, b: 200 })).toMatchObject({ ok: true, value: 195 });
      expect(await run('rich.swap', { pair: ['hi', 7] })).toMatchObject({ value: [7, 'hi'] });
      expect(await run('rich.classify', { shape: { tag: 'circle', val: 1.5 } })).toMatchObject({
        value: 'red',
      });
      expect(await run('rich.classify', { shape: { tag: 'square', val: 3 } })).toMatchObject({
        value: 'green',
      });
      const none = await run('rich.classify', { shape: { tag: 'none' } });
      expect(none.error).toMatchObject({ code: 'TOOL_EXECUTION_FAILED', message: 'no shape' });
      const point = { x: 1, y: -2 };
      expect(await run('rich.first', { items: [point], fallback: null })).toMatchObject({
        value: point,
      });
      expect(await run('rich.first', { items: [], fallback: { x: 3, y: 4 } })).toMatchObject({
        value: { x: 3, y: 4 },
      });
      expect(await run('rich.first', { items: [], fallback: null })).toMatchObject({
        ok: true,
        value: null,
      });
      expect(
        await run('rich.count-flags', { access: { read: true, write: false, exec: true } }),
      ).toMatchObject({ value: 2 });
    },
  );

  it('validates arguments against the derived schema before the guest runs', async () => {
    const { run } = setup(await loadWasmTools(dir, { cacheDir: TEST_CACHE_DIR }), {
      mode: 'trusted',
    });
    expect((await run('rich.add', { a: 1, b: 256 })).error?.code).toBe('TOOL_VALIDATION_ERROR');
    expect((await run('rich.classify', { shape: { tag: 'triangle' } })).error?.code).toBe(
      'TOOL_VALIDATION_ERROR',
    );
  });

  it('rejects at load a component whose types cannot be mapped, naming the export', async () => {
    const handles = await buildTypedFixture('handles');
    const folder = await mkdtemp(join(tmpdir(), 'tp-wasm-handles-'));
    try {
      await writeFile(join(folder, 'handles.wasm'), handles);
      const error = await loadWasmTools(folder, { cacheDir: TEST_CACHE_DIR }).catch(
        (caught: unknown) => caught,
      );
      expect(TpError.isInstance(error) && error.code).toBe('CONFIGURATION_ERROR');
      expect((error as TpError).message).toContain('consume');
      const fine = await defineWasmTool({
        name: 'fine',
        component: handles,
        export: 'fine',
        cacheDir: TEST_CACHE_DIR,
      });
      expect(fine.inputSchema).toMatchObject({ properties: {} });
      const refused = await defineWasmTool({
        name: 'consume',
        component: handles,
        export: 'consume',
        cacheDir: TEST_CACHE_DIR,
      }).catch((caught: unknown) => caught);
      expect(refused).toMatchObject({
        code: 'CONFIGURATION_ERROR',
        details: { field: 'tool "consume".component' },
      });
      const ambiguous = await defineWasmTool({
        name: 'which',
        component: handles,
        cacheDir: TEST_CACHE_DIR,
      }).catch((caught: unknown) => caught);
      expect(ambiguous).toMatchObject({ details: { field: 'tool "which".component' } });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
