import { createRegistry, defineTool, type ToolDefinition } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { createToolIndex } from './create-tool-index.js';

const tool = (
  name: string,
  description: string,
  extra: Partial<Parameters<typeof defineTool>[0]> = {},
): ToolDefinition =>
  defineTool({
    name,
    description,
    inputSchema: { type: 'object', properties: {} },
    execute: () => name,
    ...extra,
  });

describe('createToolIndex', () => {
  it('splits names on _ - . and camelCase', () => {
    const registry = createRegistry();
    registry.register(
      tool('getPRComments', 'Lists review notes'),
      tool('fetch-web_page', 'Downloads'),
      tool('unrelated', 'Nothing'),
    );
    const index = createToolIndex(registry);
    expect(index.search('pr comments')[0]?.name).toBe('default.getPRComments');
    expect(index.search('web page')[0]?.name).toBe('default.fetch-web_page');
    expect(index.search('default.getPRComments')[0]?.name).toBe('default.getPRComments');
  });

  it('follows registrations, new versions and removals', () => {
    const registry = createRegistry();
    const index = createToolIndex(registry);
    expect(index.search('rainfall')).toEqual([]);
    registry.register(tool('rain', 'Rainfall for a city'));
    expect(index.search('rainfall').map((hit) => hit.name)).toEqual(['default.rain']);
    registry.register(tool('rain', 'Tide tables for a harbour', { version: '2.0.0' }));
    expect(index.size).toBe(1);
    expect(index.search('rainfall')).toEqual([]);
    expect(index.search('tide')[0]?.tool.version).toBe('2.0.0');
    registry.unregister('rain');
    expect(index.size).toBe(0);
    expect(index.search('tide')).toEqual([]);
    index.close();
    registry.register(tool('tides', 'Tide tables'));
    expect(index.search('tide')).toEqual([]);
  });

  it('says why a result matched: exact, prefix, typo, synonym', () => {
    const registry = createRegistry();
    registry.register(
      tool('delete_file', 'Deletes a file', {
        inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
      }),
    );
    const index = createToolIndex(registry);
    const kinds = (query: string) =>
      index
        .search(query)[0]
        ?.why.map((reason) => [reason.queryTerm, reason.matchedTerm, reason.kind]);
    expect(kinds('file')).toContainEqual(['file', 'file', 'exact']);
    expect(kinds('del')).toContainEqual(['del', 'delet', 'prefix']);
    expect(kinds('remove')).toContainEqual(['remov', 'delet', 'synonym']);
    expect(kinds('fiel')).toContainEqual(['fiel', 'file', 'typo']);
    expect(index.search('path')[0]?.why[0]?.fields).toEqual(['parameters']);
  });

  it('filters by namespace, runtime and tags, and honours limit', () => {
    const registry = createRegistry();
    registry.register(
      tool('send', 'Send a message', { namespace: 'slack', tags: ['chat', 'write'] }),
      tool('send', 'Send a message', { namespace: 'discord', tags: ['chat'] }),
      tool('send_email', 'Send a message by mail', { namespace: 'gmail' }),
    );
    const index = createToolIndex(registry);
    expect(index.search('send message')).toHaveLength(3);
    expect(index.search('send message', { limit: 1 })).toHaveLength(1);
    expect(index.search('send message', { namespace: 'gmail' }).map((hit) => hit.name)).toEqual([
      'gmail.send_email',
    ]);
    expect(
      index.search('send message', { tags: ['chat', 'write'] }).map((hit) => hit.name),
    ).toEqual(['slack.send']);
    expect(index.search('send message', { runtime: 'in-process' })).toHaveLength(3);
    expect(index.search('send message', { runtime: 'tcl' })).toEqual([]);
  });

  it('ranks tools that worked in this session higher and failing ones lower', () => {
    const registry = createRegistry();
    registry.register(
      tool('send', 'Send a message', { namespace: 'slack' }),
      tool('send', 'Send a message', { namespace: 'discord' }),
    );
    const index = createToolIndex(registry);
    const order = () => index.search('send message').map((hit) => hit.name);
    const [first, second] = order();
    index.recordUse(second!, { ok: true });
    expect(order()).toEqual([second, first]);
    expect(index.search('send message')[0]?.sessionBoost).toBeGreaterThan(1);
    index.recordUse(second!, { ok: false });
    index.recordUse(second!, { ok: false });
    expect(order()).toEqual([first, second]);
    expect(index.search('send message')[1]?.sessionBoost).toBeLessThan(1);
  });

  it('uses user synonyms next to the built-in ones, and can drop the built-in ones', () => {
    const registry = createRegistry();
    registry.register(tool('deploy_service', 'Deploys a service'), tool('remove_file', 'Removes'));
    expect(createToolIndex(registry).search('ship')).toEqual([]);
    const index = createToolIndex(registry, { synonyms: [['deploy', 'ship']] });
    expect(index.search('ship')[0]?.name).toBe('default.deploy_service');
    expect(index.search('erase')[0]?.name).toBe('default.remove_file');
    expect(createToolIndex(registry, { builtInSynonyms: false }).search('erase')).toEqual([]);
  });

  it('rejects bad options with the field named', () => {
    const registry = createRegistry();
    expect(() => createToolIndex({} as never)).toThrow(/createToolIndex\(registry\)/);
    expect(() => createToolIndex(registry, { boosts: { title: 2 } as never })).toThrow(
      /options\.boosts\.title/,
    );
    expect(() => createToolIndex(registry, { fuzzy: 2 })).toThrow(/options\.fuzzy/);
    expect(() => createToolIndex(registry, { synonyms: [['a', 1]] as never })).toThrow(
      /options\.synonyms\)\[0\]/,
    );
    const index = createToolIndex(registry);
    expect(() => index.search(42 as never)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR' }),
    );
    expect(() => index.search('x', { limit: 0 })).toThrow(/options\.limit/);
    expect(() => index.search('x', { tags: 'a' as never })).toThrow(/options\.tags/);
  });
});
