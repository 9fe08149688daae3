import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TpError } from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFixture } from './__fixtures__/build-component.js';
import { useWasmRuntimes } from './__fixtures__/wasm-test-runtimes.js';
import { defineWasmTool } from './define-wasm-tool.js';
import { loadWasmTools } from './load-wasm-tools.js';

const { setup } = useWasmRuntimes();
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tp-wasm-test-'));
  temporary.push(dir);
  return dir;
};

describe('loadWasmTools', () => {
  it('loads every .wasm of a folder as a tool described by its component', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'echo.wasm'), await buildFixture('echo'));
    await writeFile(join(dir, 'fail.wasm'), await buildFixture('fail'));
    await writeFile(join(dir, 'notes.txt'), 'not a tool');
    const cacheDir = await tempDir();
    const tools = await loadWasmTools(dir, { cacheDir });
    expect(tools.map((tool) => [tool.name, tool.runtime, tool.description])).toEqual([
      ['echo', 'wasm', 'Returns text unchanged'],
      ['fail', 'wasm', 'Fails with the given message'],
    ]);
    expect(tools[0]?.inputSchema).toMatchObject({ required: ['text'] });
    expect(tools[0]?.source.origin).toBe(join(dir, 'echo.wasm'));
    const { runtime, run } = setup(tools, { cacheDir });
    expect(await run('echo', { text: 'from a folder' })).toMatchObject({ value: 'from a folder' });
    expect((await runtime.discover?.(dir))?.map((tool) => tool.name)).toEqual(['echo', 'fail']);
    expect(await loadWasmTools(join(dir, 'absent'))).toEqual([]);
  });

  it('fails the load with a CONFIGURATION_ERROR naming a file that is not a component', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'broken.wasm'), 'not wasm');
    const error = await loadWasmTools(dir).catch((caught: unknown) => caught);
    expect(TpError.isInstance(error) && error.code).toBe('CONFIGURATION_ERROR');
    expect((error as TpError).details?.field).toBe(join(dir, 'broken.wasm'));
  });
});

describe('transpile cache', () => {
  it("asks a tp world component's describe() once per content hash", async () => {
    const cacheDir = await tempDir();
    const bytes = await buildFixture('echo');
    expect((await defineWasmTool({ name: 'one', component: bytes, cacheDir })).description).toBe(
      'Returns text unchanged',
    );
    const [entry] = (await readdir(cacheDir)).filter((name) => !name.startsWith('.'));
    const stored = join(cacheDir, entry!, 'describe.json');
    // A second definition that asked the component again would not see the changed answer.
    const answer = JSON.parse(await readFile(stored, 'utf8'));
    await writeFile(stored, JSON.stringify({ ...answer, description: 'from the cache' }));
    expect((await defineWasmTool({ name: 'two', component: bytes, cacheDir })).description).toBe(
      'from the cache',
    );
  });

  it('transpiles a component once per content hash and reuses the stored entry', async () => {
    const cacheDir = await tempDir();
    const bytes = await buildFixture('echo');
    await defineWasmTool({ name: 'first', component: bytes, cacheDir });
    const entries = (await readdir(cacheDir)).filter((name) => !name.startsWith('.'));
    expect(entries).toHaveLength(1);
    // Marks the stored entry: a second definition that transpiled again would not see the mark.
    const glue = join(cacheDir, entries[0]!, 'component.js');
    await writeFile(glue, `${await readFile(glue, 'utf8')}\nexport const storedEntry = true;\n`);
    const again = await defineWasmTool({ name: 'second', component: bytes, cacheDir });
    expect(again.source.hash).toBe(entries[0]!.replace(/^v\d+-/, ''));
    expect(await readFile(glue, 'utf8')).toContain('storedEntry');
    expect((await readdir(cacheDir)).filter((name) => !name.startsWith('.'))).toEqual(entries);
    const { run } = setup([again], { cacheDir, mode: 'trusted' });
    expect(await run('second', { text: 'cached' })).toMatchObject({ ok: true, value: 'cached' });
  });

  it("hands the host's compiled core modules to each worker thread: no thread compiles them again", async () => {
    const cacheDir = await tempDir();
    const tool = await defineWasmTool({
      name: 'echo',
      component: await buildFixture('echo'),
      cacheDir,
    });
    const { runtime, processor, run } = setup([tool], { cacheDir, poolSize: 2 });
    expect(await run('echo', { text: 'first' })).toMatchObject({ value: 'first' });
    expect(runtime.threadsStarted()).toBe(1);
    // Only the glue stays on disk: the second thread, started below, fails if it reads a module.
    const dir = join(cacheDir, (await readdir(cacheDir)).find((name) => !name.startsWith('.'))!);
    for (const file of (await readdir(dir)).filter((name) => name.endsWith('.wasm'))) {
      await rm(join(dir, file));
    }
    const calls = ['a', 'b', 'c', 'd'].map((text) => ({
      id: text,
      tool: 'echo',
      arguments: { text },
    }));
    const results = await processor.execute(calls);
    expect(results.map((result) => result.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(runtime.threadsStarted()).toBe(2);
  });
});
