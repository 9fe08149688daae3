import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessor, createRegistry, type ToolDefinition } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../__fixtures__/process-alive.js';
import { createTclRuntime } from '../create-tcl-runtime.js';
import { TCL_RUNTIME } from '../define-tcl-tool.js';
import { loadTclToolStore } from '../loading/load-tcl-tool-store.js';
import { loadTclTools } from '../loading/load-tcl-tools.js';
import { createTclManagementTools } from './create-tcl-management-tools.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../__fixtures__/${path}`, import.meta.url));

const runtime = createTclRuntime({ poolSize: 2 });
const registry = createRegistry();
// No `runtimes`: every Tcl tool is bound to `runtime` where it is registered.
const processor = createProcessor({ registry, timeoutMs: 60_000 });
let dataDir: string;

const run = async (tool: string, args: Record<string, unknown> = {}) => {
  const [result] = await processor.execute([{ id: tool, tool, arguments: args }]);
  return result!;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tp-tcl-store-'));
  const management = createTclManagementTools({ dataDir, registry, runtime });
  registry.register(management.filter((tool) => tool.runtime !== TCL_RUNTIME));
  registry.register(
    management.filter((tool) => tool.runtime === TCL_RUNTIME),
    { runtime },
  );
  registry.register(await loadTclTools(fixture('tools')), { runtime });
  registry.register(await loadTclToolStore(fixture('store')), { runtime });
});

afterAll(async () => {
  const pids = runtime.workerPids();
  expect(pids.length).toBeGreaterThan(0);
  await processor.close();
  // The processor does not own a runtime bound at registration: whoever created it disposes it.
  expect(runtime.workerPids()).toEqual(pids);
  await runtime.dispose();
  expect(pids.filter(processAlive)).toEqual([]);
  await rm(dataDir, { recursive: true, force: true });
});

describe('TCL MCP server tools, unchanged, on real tclsh', () => {
  it('runs the .tcl fixtures', async () => {
    expect((await run('bin.hello_world')).value).toBe('Hello, World!');
    expect((await run('bin.hello_world', { name: 'tp' })).value).toBe('Hello, tp!');
    expect((await run('bin.add_numbers', { a: 5, b: 3 })).value).toBe('Result: 5 + 3 = 8');
    expect((await run('sbin.word_stats', { text: 'one two  three' })).value).toEqual({
      words: 3,
      chars: 14,
      empty: false,
    });
    expect((await run('user:alice:utils.reverse_string', { text: 'abc', times: 3 })).value).toBe(
      'cba',
    );
  });

  it('runs the JSON store tools', async () => {
    expect((await run('user:bob:math.calculate', { numbers: [1, 2, 3.5] })).value).toBe(
      'Result: 1 + 2 + 3.5 = 6.5',
    );
    const reversed = await processor.execute([
      {
        id: 'r',
        tool: 'reverse_string',
        namespace: 'user:alice:utils',
        version: '1.0.0',
        arguments: { text: 'héllo {' },
      },
    ]);
    expect(reversed[0]?.value).toBe('{ olléh');
  });

  it('tcl_execute runs ad-hoc scripts in the sandbox', async () => {
    expect((await run('bin.tcl_execute', { script: 'expr {2 + 3}' })).value).toBe('5');
    expect((await run('bin.tcl_execute', { script: 'exec ls' })).error?.message).toBe(
      'invalid command name "exec"',
    );
  });
});

describe('management tools', () => {
  const tool = {
    user: 'carol',
    package: 'text',
    name: 'shout',
    version: '1.0',
    description: 'Upper-cases a text',
    script: 'string toupper $text',
    parameters: [{ name: 'text', description: 'Text', required: true, type_name: 'string' }],
  };

  it('adds a user tool: persisted atomically, registered, runnable', async () => {
    const added = await run('sbin.tcl_tool_add', tool);
    expect(added.value).toBe("Tool '/carol/text/shout:1.0' added successfully and persisted");
    const file = join(dataDir, 'users', 'carol', 'text', 'shout_1.0.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored.tool).toEqual({
      path: { namespace: { User: 'carol' }, package: 'text', name: 'shout', version: '1.0' },
      description: tool.description,
      script: tool.script,
      parameters: tool.parameters,
    });
    expect(stored.metadata).toMatchObject({ file_version: 1, checksum: expect.any(String) });
    const index = JSON.parse(await readFile(join(dataDir, 'index.json'), 'utf8'));
    expect(index.tools['/carol/text/shout:1.0']).toMatchObject({ file_path: file });
    expect((await run('user:carol:text.shout', { text: 'hi' })).value).toBe('HI');
    const reloaded = await loadTclToolStore(dataDir);
    expect(reloaded.map((definition) => definition.metadata?.tclMcp)).toEqual([
      { path: '/carol/text/shout:1.0', system: false, version: '1.0' },
    ]);
  });

  it('refuses a duplicate add, bad names and bad parameters', async () => {
    expect((await run('sbin.tcl_tool_add', tool)).error?.message).toBe(
      "Tool '/carol/text/shout:1.0' already exists",
    );
    expect(
      (await run('sbin.tcl_tool_add', { ...tool, name: '../escape' })).error?.message,
    ).toContain('must be letters, digits');
    const badParameter = { ...tool, name: 'other', parameters: [{ name: 'tcl_platform' }] };
    expect((await run('sbin.tcl_tool_add', badParameter)).error?.message).toContain(
      'Tcl variable name',
    );
    await expect(stat(join(dataDir, 'users', 'carol', 'text', 'other_1.0.json'))).rejects.toThrow();
  });

  it('lists tools by namespace and filter', async () => {
    const all = (await run('bin.tcl_tool_list')).value as string[];
    expect(all).toEqual(
      expect.arrayContaining([
        '/bin/tcl_execute',
        '/sbin/tcl_tool_add',
        '/carol/text/shout:1.0',
        '/bob/math/calculate',
      ]),
    );
    expect((await run('bin.tcl_tool_list', { namespace: 'carol' })).value).toEqual([
      '/carol/text/shout:1.0',
    ]);
    expect((await run('bin.tcl_tool_list', { filter: 'reverse' })).value).toEqual([
      '/alice/utils/reverse_string:1.0',
      '/alice/utils/reverse_string:2.0',
    ]);
  });

  it('refuses to remove a system tool, removes a user tool', async () => {
    expect((await run('sbin.tcl_tool_remove', { path: '/bin/tcl_execute' })).error?.message).toBe(
      "Cannot remove system tool '/bin/tcl_execute'",
    );
    expect(
      (await run('sbin.tcl_tool_remove', { path: '/carol/text/missing' })).error?.message,
    ).toBe("Tool '/carol/text/missing' not found");
    expect((await run('sbin.tcl_tool_remove', { path: '/carol/text/shout:1.0' })).ok).toBe(true);
    await expect(stat(join(dataDir, 'users', 'carol'))).rejects.toThrow();
    expect(registry.get('shout', { namespace: 'user:carol:text' })).toBeUndefined();
    const index = JSON.parse(await readFile(join(dataDir, 'index.json'), 'utf8'));
    expect(index.tools).toEqual({});
    expect((await run('user:carol:text.shout', { text: 'hi' })).error?.code).toBe('TOOL_NOT_FOUND');
  });

  it('serializes concurrent adds without losing index entries', async () => {
    const names = Array.from({ length: 8 }, (_, index) => `tool${index}`);
    const results = await processor.execute(
      names.map((name) => ({
        id: name,
        tool: 'sbin.tcl_tool_add',
        arguments: { ...tool, user: 'dave', name },
      })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const index = JSON.parse(await readFile(join(dataDir, 'index.json'), 'utf8'));
    expect(Object.keys(index.tools).sort()).toEqual(names.map((name) => `/dave/text/${name}:1.0`));
    const used: ToolDefinition[] = registry.list({ namespace: 'user:dave:text' });
    expect(used).toHaveLength(8);
  });
});
