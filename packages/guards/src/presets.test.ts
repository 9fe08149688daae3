import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { presets } from './presets.js';

// No real DNS in tests: names resolve from this table; anything else does not exist.
const fakeDns = async (host: string): Promise<readonly string[]> => {
  const table: Record<string, string[]> = {
    'example.com': ['93.184.215.14'],
    '127.0.0.1.nip.io': ['127.0.0.1'],
    'internal.test': ['93.184.215.14', '10.1.2.3'],
  };
  const addresses = table[host];
  if (!addresses) throw new Error(`ENOTFOUND ${host}`);
  return addresses;
};

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
    const guards = presets.strict({ resolve: fakeDns });
    const processor = createProcessor({ registry, guards });
    const [result] = await processor.execute([
      { id: '1', tool: 'search', arguments: { query: 'cats', url: 'https://example.com/search' } },
    ]);
    expect(result).toMatchObject({ ok: true, value: 'results for cats' });
  });

  it('strict refuses the SSRF forms of issue 9 and names that resolve to private addresses', async () => {
    const registry = createRegistry();
    let runs = 0;
    registry.register(
      defineTool({
        name: 'get',
        description: 'gets a URL',
        sideEffect: 'read_only',
        inputSchema: z.object({}).passthrough(),
        execute: () => ++runs,
      }),
    );
    const processor = createProcessor({ registry, guards: presets.strict({ resolve: fakeDns }) });
    const attacks = [
      { url: 'https:169.254.169.254/latest/meta-data/' },
      { url: 'http:127.0.0.1/' },
      { url: 'file:///etc/passwd' },
      { href: 'https://127.0.0.1.nip.io/' },
      { proxy: 'internal.test:3128' },
      { link: 'https://\uff11\uff12\uff17.\uff10.\uff10.\uff11/' },
      { note: '127\u30020\u30020\u30021' },
    ];
    const results = await processor.execute(
      attacks.map((args, index) => ({ id: String(index), tool: 'get', arguments: args })),
    );
    for (const result of results) {
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'GUARD_BLOCKED', details: { guard: 'network-policy' } },
      });
    }
    expect(results[3]!.error!.message).toContain('resolves to a loopback address');
    expect(runs).toBe(0);
  });
});
