import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { presets } from './presets.js';

describe('presets', () => {
  it.each(['strict', 'permissive'] as const)(
    '%s returns fresh, valid v1 guards with unique names',
    (name) => {
      const first = presets[name]();
      const second = presets[name]();
      expect(first.length).toBeGreaterThan(5);
      expect(first[0]).not.toBe(second[0]);
      expect(new Set(first.map((guard) => guard.name)).size).toBe(first.length);
      for (const guard of first) expect(guard.specificationVersion).toBe('v1');
      expect(() => createProcessor({ registry: createRegistry(), guards: first })).not.toThrow();
    },
  );

  it('strict blocks what permissive only warns about', async () => {
    const registry = createRegistry();
    let runs = 0;
    registry.register(
      defineTool({
        name: 'drop',
        description: 'drops a table',
        sideEffect: 'destructive',
        inputSchema: z.object({ table: z.string() }),
        execute: () => ++runs,
      }),
    );
    const call = { id: '1', tool: 'drop', arguments: { table: 'users' } };
    const strict = createProcessor({ registry, guards: presets.strict() });
    const [blocked] = await strict.execute([call]);
    expect(blocked).toMatchObject({
      ok: false,
      error: { code: 'GUARD_BLOCKED', details: { guard: 'side-effect' } },
    });
    const permissive = createProcessor({ registry, guards: presets.permissive() });
    const [warned] = await permissive.execute([call]);
    expect(warned).toMatchObject({
      ok: true,
      warnings: [expect.objectContaining({ source: 'guard:side-effect' })],
    });
    expect(runs).toBe(1);
  });

  it('strict lets an ordinary call through', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'search',
        description: 'searches',
        sideEffect: 'read_only',
        inputSchema: z.object({ query: z.string(), url: z.string() }),
        execute: (args) => `results for ${args.query}`,
      }),
    );
    const processor = createProcessor({ registry, guards: presets.strict() });
    const [result] = await processor.execute([
      { id: '1', tool: 'search', arguments: { query: 'cats', url: 'https://example.com/search' } },
    ]);
    expect(result).toMatchObject({ ok: true, value: 'results for cats' });
  });
});
