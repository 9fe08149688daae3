import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor, createRegistry, type Processor } from '@tp/core';
import { createTclRuntime, type TclRuntime } from '@tp/runtime-tcl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolWatcher, type ToolWatcher } from './create-tool-watcher.js';
import type { ToolWatcherEvent } from './tool-watcher-event.js';

const greet = (word: string) =>
  `# @description Greets someone\n# @param name:string:required Who\n\nreturn "${word} $name"\n`;

describe('createToolWatcher over a real folder of Tcl tools', () => {
  let dir: string;
  let runtime: TclRuntime;
  let processor: Processor;
  let watcher: ToolWatcher;
  const registry = createRegistry();
  const events: ToolWatcherEvent[] = [];
  const call = async (tool: string, args: Record<string, unknown> = {}) =>
    (await processor.execute([{ id: tool, tool, arguments: args }]))[0]!;
  const next = (file: string) =>
    new Promise<ToolWatcherEvent>((resolve) => {
      const stop = watcher.subscribe((event) => {
        if (event.file === join(dir, file)) {
          stop();
          resolve(event);
        }
      });
    });
  const save = async (file: string, text: string) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    writeFileSync(join(dir, file), text);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tp-tcl-watch-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'greet.tcl'), greet('hello'));
    writeFileSync(join(dir, 'bin', 'slow.tcl'), '# @description Slow\n\nafter 600\nreturn old\n');
    runtime = createTclRuntime({ poolSize: 2 });
    processor = createProcessor({ registry });
    watcher = await createToolWatcher({
      registry,
      roots: [{ dir, runtime }],
      debounceMs: 10,
      onEvent: (event) => events.push(event),
    });
  });
  afterAll(async () => {
    await watcher?.close();
    await processor?.close();
    await runtime?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the folder through the Tcl runtime’s discover', async () => {
    expect(events.map((event) => event.type)).toEqual(['loaded', 'loaded']);
    expect((await call('bin.greet', { name: 'Ada' })).value).toBe('hello Ada');
  });

  it('an edit is answered by the new version; a call in flight finishes on the old one', async () => {
    const inFlight = call('bin.slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reloaded = next('bin/slow.tcl');
    await save('bin/slow.tcl', '# @description Slow\n\nreturn new\n');
    expect(await reloaded).toMatchObject({ type: 'reloaded', tools: ['bin.slow@1.0.0'] });
    expect((await call('bin.slow')).value).toBe('new');
    expect((await inFlight).value).toBe('old');
  });

  it('a broken file keeps the old version and says why; fixing it loads the fix', async () => {
    let event = next('bin/greet.tcl');
    await save('bin/greet.tcl', '# @param 9lives:int:required Bad name\n\nreturn 1\n');
    expect(await event).toMatchObject({
      type: 'failed',
      error: { code: 'CONFIGURATION_ERROR', message: expect.stringContaining('greet.tcl') },
      kept: ['bin.greet@1.0.0'],
    });
    expect((await call('bin.greet', { name: 'Ada' })).value).toBe('hello Ada');
    event = next('bin/greet.tcl');
    await save('bin/greet.tcl', greet('welcome'));
    expect(await event).toMatchObject({ type: 'reloaded' });
    expect((await call('bin.greet', { name: 'Ada' })).value).toBe('welcome Ada');
  });

  it('a new file (user layout, versioned) is loaded; a deleted one is unregistered', async () => {
    mkdirSync(join(dir, 'users', 'ada', 'math'), { recursive: true });
    const added = next('users/ada/math/twice.tcl');
    await save(
      'users/ada/math/twice.tcl',
      '# @description Doubles\n# @version 1.2\n# @param n:int:required Number\n\nreturn [expr {$n * 2}]\n',
    );
    expect(await added).toMatchObject({ type: 'loaded', tools: ['user:ada:math.twice@1.2.0'] });
    expect((await call('user:ada:math.twice', { n: 21 })).value).toBe('42');
    const removed = next('bin/greet.tcl');
    rmSync(join(dir, 'bin', 'greet.tcl'));
    expect(await removed).toMatchObject({ type: 'removed', tools: ['bin.greet@1.0.0'] });
    expect((await call('bin.greet', { name: 'Ada' })).error?.code).toBe('TOOL_NOT_FOUND');
  });
});
