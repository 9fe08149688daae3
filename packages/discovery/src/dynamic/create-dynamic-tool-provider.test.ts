import { createProcessor, createRegistry, defineTool, type GuardV1 } from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogTools } from '../__fixtures__/catalog-tools.js';
import { createDynamicToolProvider } from './create-dynamic-tool-provider.js';

const noDrop: GuardV1 = {
  specificationVersion: 'v1',
  name: 'no-drop',
  pre: ({ tool }) =>
    tool.name === 'drop_table' ? { verdict: 'block', reason: 'tables stay' } : { verdict: 'allow' },
};

function setup(pinned?: readonly string[]) {
  const all = createRegistry();
  all.register(...catalogTools());
  const processor = createProcessor({ registry: all, guards: [noDrop] });
  const exposed = createRegistry();
  const provider = createDynamicToolProvider({
    registry: exposed,
    processor,
    ...(pinned ? { pinned } : {}),
  });
  const front = createProcessor({ registry: exposed });
  const call = async (tool: string, args: Record<string, unknown>) =>
    (await front.execute([{ id: '1', tool, arguments: args }]))[0]!;
  cleanups.push(async () => {
    provider.close();
    await front.close();
    await processor.close();
  });
  return { all, exposed, provider, processor, call };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('createDynamicToolProvider', () => {
  it('shows only the meta-tools (and pinned tools) in its registry', () => {
    const { exposed, all } = setup(['filesystem.read_file']);
    expect(all.list().length).toBeGreaterThan(300);
    expect(
      exposed
        .list()
        .map((tool) => `${tool.namespace}.${tool.name}`)
        .sort(),
    ).toEqual([
      'default.call_tool',
      'default.get_tool_schema',
      'default.search_tools',
      'filesystem.read_file',
    ]);
  });

  it('search -> schema -> call reaches a tool among hundreds', async () => {
    const { call } = setup();
    const search = await call('search_tools', { query: 'remove a folder', limit: 3 });
    expect(search.ok).toBe(true);
    const hits = (search.value as { tools: { name: string; why: string; score: number }[] }).tools;
    expect(hits[0]?.name).toBe('filesystem.delete_directory');
    expect(hits[0]?.why).toMatch(/synonym/);
    expect(hits.length).toBeLessThanOrEqual(3);

    const schema = await call('get_tool_schema', { name: hits[0]!.name });
    expect(schema.value).toMatchObject({
      name: 'filesystem.delete_directory',
      inputSchema: { properties: { path: { type: 'string' } } },
    });

    const result = await call('call_tool', { name: hits[0]!.name, arguments: { path: '/tmp/x' } });
    expect(result).toMatchObject({
      ok: true,
      value: { tool: 'filesystem.delete_directory', args: { path: '/tmp/x' } },
    });
  });

  it('call_tool goes through the same processor: validation and guards apply', async () => {
    const { call } = setup();
    const blocked = await call('call_tool', { name: 'sqlite.drop_table', arguments: {} });
    expect(blocked.ok).toBe(false);
    expect(blocked.error?.code).toBe('GUARD_BLOCKED');
    const invalid = await call('call_tool', {
      name: 'sqlite.read_query',
      arguments: { query: 42 },
    });
    expect(invalid.error?.code).toBe('TOOL_VALIDATION_ERROR');
  });

  it('unknown names fail with TOOL_NOT_FOUND and suggestions; meta-tools cannot be called through call_tool', async () => {
    const { call } = setup();
    const missing = await call('get_tool_schema', { name: 'github.create_isue' });
    expect(missing.error?.code).toBe('TOOL_NOT_FOUND');
    expect(missing.error?.details?.suggestions).toContain('github.create_issue');
    expect((await call('call_tool', { name: 'nope.nothing' })).error?.code).toBe('TOOL_NOT_FOUND');
    const all = createRegistry();
    const processor = createProcessor({ registry: all });
    const provider = createDynamicToolProvider({ registry: all, processor });
    const [result] = await processor.execute([
      { id: '1', tool: 'call_tool', arguments: { name: 'call_tool', arguments: {} } },
    ]);
    expect(result?.error?.code).toBe('TOOL_VALIDATION_ERROR');
    expect(provider.index.size).toBe(0);
    provider.close();
    expect(all.list()).toEqual([]);
    await processor.close();
  });

  it('successful calls through call_tool raise a tool in later searches', async () => {
    const { call } = setup();
    const names = async () =>
      (
        (await call('search_tools', { query: 'send message' })).value as {
          tools: { name: string }[];
        }
      ).tools.map((hit) => hit.name);
    const before = await names();
    const third = before[2]!;
    await call('call_tool', { name: third, arguments: {} });
    await call('call_tool', { name: third, arguments: {} });
    expect((await names()).indexOf(third)).toBeLessThan(2);
  });

  it('follows tools added to the processor registry', async () => {
    const { all, call } = setup();
    all.register(
      defineTool({
        name: 'brew_coffee',
        namespace: 'kitchen',
        description: 'Brews an espresso',
        inputSchema: { type: 'object', properties: {} },
        execute: () => 'espresso',
      }),
    );
    const search = await call('search_tools', { query: 'espresso' });
    expect((search.value as { tools: { name: string }[] }).tools[0]?.name).toBe(
      'kitchen.brew_coffee',
    );
    expect((await call('call_tool', { name: 'kitchen.brew_coffee' })).value).toBe('espresso');
  });

  it('rejects bad options with the field named', () => {
    const registry = createRegistry();
    const processor = createProcessor({ registry: createRegistry() });
    expect(() => createDynamicToolProvider({ registry, processor: {} as never })).toThrow(
      /options\.processor/,
    );
    expect(() => createDynamicToolProvider({ registry, processor, pinned: ['missing'] })).toThrow(
      /options\.pinned\[0\]/,
    );
  });
});
