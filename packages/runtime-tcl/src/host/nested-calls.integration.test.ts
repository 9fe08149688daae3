import type { Processor } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { script, useTclRuntimes } from '../__fixtures__/tcl-test-runtimes.js';
import { createToolCallCommand } from './tool-call-command.js';

// Real tclsh only: a nested tp::call never outlives the call that started it.
const { setup } = useTclRuntimes();

describe('nested tp::call', () => {
  it('cancels every nested call when its caller times out and frees their workers', async () => {
    let processor: Processor | undefined;
    const events: string[] = [];
    // Each run marks itself, then calls itself: with a pool of 2 the third run waits for a worker
    // until the outermost call is killed at its time limit.
    const recurse = script('recurse', 'tp::mark nested\ntp::call recurse');
    const unrelated = script('unrelated', 'tp::mark unrelated\nreturn fine');
    const setupResult = await setup([recurse, unrelated], {
      poolSize: 2,
      limits: { timeMs: 300 },
      killGraceMs: 100,
      hostCommands: {
        'tp::call': createToolCallCommand(() => processor),
        'tp::mark': ([label]) => {
          events.push(label ?? '');
        },
      },
    });
    processor = setupResult.processor;
    const { run, runtime, notePids } = setupResult;
    await runtime.warmup();
    notePids();

    const failed = await run('recurse');
    events.push('reported');
    expect(failed.error).toMatchObject({ code: 'TOOL_TIMEOUT', details: { limit: 'time' } });
    expect(events).toEqual(['nested', 'nested', 'reported']);

    // The next call is the first to get a worker: no nested run was left queued ahead of it.
    expect((await run('unrelated')).value).toBe('fine');
    expect(events).toEqual(['nested', 'nested', 'reported', 'unrelated']);
    // Both workers are free for unrelated work.
    const both = await processor.execute([
      { id: 'a', tool: 'unrelated', arguments: {} },
      { id: 'b', tool: 'unrelated', arguments: {} },
    ]);
    notePids();
    expect(both.map((result) => result.value)).toEqual(['fine', 'fine']);
    // The pool refills to its size (a replacement for a killed worker may still be starting on a
    // busy machine: wait for it rather than assume its timing).
    await expect.poll(() => runtime.workerPids().length, { timeout: 10_000 }).toBe(2);
    expect(events).toEqual(['nested', 'nested', 'reported', 'unrelated', 'unrelated', 'unrelated']);
  });
});
