import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTclToolStore } from './load-tcl-tool-store.js';
import { loadTclFile, loadTclTools } from './load-tcl-tools.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../__fixtures__/${path}`, import.meta.url));

describe('loadTclTools', () => {
  it('loads the tools/{bin,sbin,docs} and tools/users/<user>/<package> layout', async () => {
    const tools = await loadTclTools(fixture('tools'));
    const byName = Object.fromEntries(
      tools.map((tool) => [`${tool.namespace}.${tool.name}`, tool]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'bin.add_numbers',
      'bin.hello_world',
      'sbin.word_stats',
      'user:alice:utils.reverse_string',
    ]);
    expect(byName['bin.add_numbers']).toMatchObject({
      runtime: 'tcl',
      description: 'Adds two integers and explains the sum',
      inputSchema: {
        type: 'object',
        properties: {
          a: { type: 'integer', description: 'First addend' },
          b: { type: 'integer', description: 'Second addend' },
        },
        required: ['a', 'b'],
      },
      metadata: { tclMcp: { path: '/bin/add_numbers', system: true, version: 'latest' } },
    });
    expect(byName['sbin.word_stats']?.source).toMatchObject({ result: 'json' });
    const reverse = byName['user:alice:utils.reverse_string']!;
    expect(reverse.version).toBe('2.0.0');
    expect(reverse.metadata).toEqual({
      tclMcp: { path: '/alice/utils/reverse_string:2.0', system: false, version: '2.0' },
    });
    expect(reverse.inputSchema.properties).toMatchObject({
      times: { type: 'integer' },
      tags: { type: 'array' },
      mode: { type: 'string' },
    });
    expect(reverse.inputSchema.required).toEqual(['text']);
    expect(reverse.schemaHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loadTclFile loads one file as the folder layout names it, and nothing outside the layout', async () => {
    const root = fixture('tools');
    const one = async (path: string, text?: string) =>
      (await loadTclFile(fixture(`tools/${path}`), root, text)).map(
        (tool) => `${tool.namespace}.${tool.name}@${tool.version}`,
      );
    expect(await one('bin/add_numbers.tcl')).toEqual(['bin.add_numbers@1.0.0']);
    expect(await one('users/alice/utils/reverse_string.tcl')).toEqual([
      'user:alice:utils.reverse_string@2.0.0',
    ]);
    expect(await one('top.tcl', '# @description At the top\nreturn 1')).toEqual([
      'default.top@1.0.0',
    ]);
    expect(await one('users/alice/stray.tcl', 'return 1')).toEqual([]);
    expect(await one('bin/notes.txt', 'return 1')).toEqual([]);
    const [fromText] = await loadTclFile(
      fixture('tools/bin/x.tcl'),
      root,
      '# @description Given\nreturn 2',
    );
    expect(fromText).toMatchObject({
      description: 'Given',
      source: { script: '# @description Given\nreturn 2' },
    });
    await expect(
      loadTclFile(fixture('tools/bin/bad.tcl'), root, '# @param 1x:int bad\nreturn 1'),
    ).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      message: expect.stringContaining('bad.tcl'),
    });
  });

  it('returns nothing for a missing folder', async () => {
    expect(await loadTclTools(fixture('does-not-exist'))).toEqual([]);
  });
});

describe('loadTclToolStore', () => {
  it("loads the TCL MCP server's JSON store as it is", async () => {
    const tools = await loadTclToolStore(fixture('store'));
    expect(tools.map((tool) => `${tool.namespace}.${tool.name}@${tool.version}`)).toEqual([
      'user:alice:utils.reverse_string@1.0.0',
      'user:bob:math.calculate@1.0.0',
    ]);
    expect(tools[0]).toMatchObject({
      description: 'Reverse a string',
      source: { script: 'return [string reverse $text]', parameterNames: ['text'] },
      metadata: { tclMcp: { path: '/alice/utils/reverse_string:1.0', version: '1.0' } },
    });
    expect(tools[1]?.inputSchema).toEqual({
      type: 'object',
      properties: { numbers: { type: 'array', description: 'Numbers to add' } },
      required: ['numbers'],
    });
    expect(tools[1]?.metadata).toEqual({
      tclMcp: { path: '/bob/math/calculate', system: false, version: 'latest' },
    });
  });
});
