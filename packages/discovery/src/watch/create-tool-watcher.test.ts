import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor, createRegistry, type ToolRegistry } from '@tp/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonToolRuntime } from '../__fixtures__/json-tool-runtime.js';
import { createToolWatcher, type ToolWatcher } from './create-tool-watcher.js';
import { createToolFileCache } from './tool-file-cache.js';
import type { ToolWatcherEvent } from './tool-watcher-event.js';

const spec = (name: string, reply: string, version?: string) =>
  JSON.stringify({ name, description: `${name} tool`, reply, ...(version ? { version } : {}) });

let dir: string;
let watcher: ToolWatcher | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-watch-'));
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the first event matching `predicate`. */
function nextEvent(w: ToolWatcher, predicate: (event: ToolWatcherEvent) => boolean) {
  return new Promise<ToolWatcherEvent>((resolve) => {
    const stop = w.subscribe((event) => {
      if (predicate(event)) {
        stop();
        resolve(event);
      }
    });
  });
}

/** Writes a file the way an editor saves: not twice within one file-system timestamp tick. */
async function save(path: string, text: string) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  writeFileSync(path, text);
}

const names = (registry: ToolRegistry) =>
  registry
    .list()
    .map((tool) => `${tool.name}@${tool.version}`)
    .sort();

describe('createToolWatcher', () => {
  it('loads every tool file under the roots (nested folders too), bound to the runtime', async () => {
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'a.json'), spec('alpha', 'A'));
    writeFileSync(
      join(dir, 'nested', 'deeper', 'b.json'),
      `[${spec('beta', 'B')},${spec('gamma', 'G')}]`,
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a tool');
    writeFileSync(join(dir, '.hidden.json'), spec('hidden', 'H'));
    const registry = createRegistry();
    const runtime = createJsonToolRuntime();
    const events: ToolWatcherEvent[] = [];
    watcher = await createToolWatcher({
      registry,
      roots: [{ dir, runtime }],
      watch: false,
      onEvent: (event) => events.push(event),
    });
    expect(names(registry)).toEqual(['alpha@1.0.0', 'beta@1.0.0', 'gamma@1.0.0']);
    expect(registry.runtimeOf(registry.get('beta')!)).toBe(runtime);
    expect(events.map((event) => event.type)).toEqual(['loaded', 'loaded']);
    const processor = createProcessor({ registry });
    const [result] = await processor.execute([{ id: '1', tool: 'gamma', arguments: {} }]);
    expect(result?.value).toBe('G');
    await processor.close();
  });

  it('rescans from the cache: nothing unchanged is read, a touched identical file is not reloaded', async () => {
    for (let index = 0; index < 20; index += 1) {
      writeFileSync(join(dir, `t${index}.json`), spec(`t${index}`, String(index)));
    }
    const runtime = createJsonToolRuntime();
    const cache = createToolFileCache();
    watcher = await createToolWatcher({
      registry: createRegistry(),
      roots: [{ dir, runtime }],
      watch: false,
      cache,
    });
    expect(runtime.discoverCalls).toHaveLength(20);
    expect(await watcher.rescan()).toMatchObject({ files: 20, read: 0 });
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 't3.json'), later, later);
    expect(await watcher.rescan()).toMatchObject({ files: 20, read: 1 });
    expect(runtime.discoverCalls).toHaveLength(20);
    await watcher.close();

    // A warm start: another registry, the same cache: registered without reading a file.
    const registry = createRegistry();
    watcher = await createToolWatcher({ registry, roots: [{ dir, runtime }], watch: false, cache });
    expect(registry.list()).toHaveLength(20);
    expect(runtime.discoverCalls).toHaveLength(20);
  });

  it('reloads a changed file, keeps the old tools of a broken one, unregisters a deleted one', async () => {
    writeFileSync(join(dir, 'one.json'), spec('one', 'v1'));
    const registry = createRegistry();
    const processor = createProcessor({ registry });
    const call = async () =>
      (await processor.execute([{ id: 'c', tool: 'one', arguments: {} }]))[0];
    watcher = await createToolWatcher({
      registry,
      roots: [{ dir, runtime: createJsonToolRuntime() }],
      debounceMs: 5,
    });

    let event = nextEvent(watcher, (e) => e.file.endsWith('one.json'));
    await save(join(dir, 'one.json'), spec('one', 'v2'));
    expect(await event).toMatchObject({
      type: 'reloaded',
      tools: ['default.one@1.0.0'],
      previous: ['default.one@1.0.0'],
    });
    expect((await call())?.value).toBe('v2');

    event = nextEvent(watcher, (e) => e.file.endsWith('one.json'));
    await save(join(dir, 'one.json'), '{ broken');
    expect(await event).toMatchObject({
      type: 'failed',
      error: { code: 'CONFIGURATION_ERROR', message: expect.stringContaining('one.json') },
      kept: ['default.one@1.0.0'],
    });
    expect((await call())?.value).toBe('v2');

    event = nextEvent(watcher, (e) => e.file.endsWith('one.json'));
    await save(join(dir, 'one.json'), spec('one', 'v3', '2.0.0'));
    expect(await event).toMatchObject({
      type: 'reloaded',
      tools: ['default.one@2.0.0'],
      previous: ['default.one@1.0.0'],
    });
    expect(names(registry)).toEqual(['one@2.0.0']);
    expect((await call())?.value).toBe('v3');

    event = nextEvent(watcher, (e) => e.file.endsWith('two.json'));
    await save(join(dir, 'two.json'), spec('two', 'second'));
    expect(await event).toMatchObject({ type: 'loaded', tools: ['default.two@1.0.0'] });

    event = nextEvent(watcher, (e) => e.file.endsWith('one.json'));
    rmSync(join(dir, 'one.json'));
    expect(await event).toMatchObject({ type: 'removed', tools: ['default.one@2.0.0'] });
    expect(names(registry)).toEqual(['two@1.0.0']);
    expect((await call())?.error?.code).toBe('TOOL_NOT_FOUND');
    await processor.close();
  });

  it('a file whose tools clash with another file fails and changes nothing', async () => {
    writeFileSync(join(dir, 'a.json'), spec('same', 'from a'));
    const registry = createRegistry();
    const events: ToolWatcherEvent[] = [];
    watcher = await createToolWatcher({
      registry,
      roots: [{ dir, runtime: createJsonToolRuntime() }],
      debounceMs: 5,
      onEvent: (event) => events.push(event),
    });
    const failed = nextEvent(watcher, (e) => e.type === 'failed');
    writeFileSync(join(dir, 'b.json'), spec('same', 'from b'));
    expect(await failed).toMatchObject({
      file: join(dir, 'b.json'),
      error: { code: 'CONFIGURATION_ERROR' },
      kept: [],
    });
    expect(registry.list()).toHaveLength(1);
    expect(registry.list()[0]?.source).toBeTypeOf('function');
  });

  it('many quick saves of one file make one reload', async () => {
    writeFileSync(join(dir, 'a.json'), spec('a', '0'));
    const runtime = createJsonToolRuntime();
    watcher = await createToolWatcher({
      registry: createRegistry(),
      roots: [{ dir, runtime }],
      debounceMs: 100,
    });
    const reloaded = nextEvent(watcher, (e) => e.type === 'reloaded');
    for (let index = 1; index <= 5; index += 1)
      writeFileSync(join(dir, 'a.json'), spec('a', String(index)));
    await reloaded;
    expect(runtime.discoverCalls).toHaveLength(2);
  });

  it('serves the last of rapid saves, though chokidar drops changes 50 ms apart', async () => {
    writeFileSync(join(dir, 'a.json'), spec('a', '0'));
    const registry = createRegistry();
    watcher = await createToolWatcher({
      registry,
      roots: [{ dir, runtime: createJsonToolRuntime() }],
      debounceMs: 0,
    });
    const processor = createProcessor({ registry });
    for (let index = 1; index <= 8; index += 1)
      await save(join(dir, 'a.json'), spec('a', `save ${index}`));
    const deadline = Date.now() + 5_000;
    let value: unknown;
    while (Date.now() < deadline) {
      value = (await processor.execute([{ id: '1', tool: 'a', arguments: {} }]))[0]?.value;
      if (value === 'save 8') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(value).toBe('save 8');
    await processor.close();
  });

  it('rejects roots without a discovering runtime, with the field named', async () => {
    const registry = createRegistry();
    const { discover: _discover, ...plain } = createJsonToolRuntime();
    await expect(
      createToolWatcher({ registry, roots: [{ dir, runtime: plain as never }] }),
    ).rejects.toThrow(/options\.roots\[0\]\)\.runtime/);
    await expect(
      createToolWatcher({ registry, roots: [{ dir: '', runtime: createJsonToolRuntime() }] }),
    ).rejects.toThrow(/options\.roots\[0\]\)\.dir/);
  });
});
