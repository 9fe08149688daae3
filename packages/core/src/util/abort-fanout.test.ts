import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkSignals, onAbort } from './abort-fanout.js';

function countAbortListeners(signal: AbortSignal): () => number {
  let count = 0;
  const add = signal.addEventListener.bind(signal);
  vi.spyOn(signal, 'addEventListener').mockImplementation((type, listener, options) => {
    if (type === 'abort') count++;
    add(type, listener, options);
  });
  return () => count;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('onAbort', () => {
  it('calls every callback once, with one real listener on the signal', () => {
    const controller = new AbortController();
    const listeners = countAbortListeners(controller.signal);
    const calls: number[] = [];
    for (let i = 0; i < 5; i++) onAbort(controller.signal, () => calls.push(i));
    expect(listeners()).toBe(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual([0, 1, 2, 3, 4]);
  });

  it('calls at once for a signal that has already aborted', () => {
    const callback = vi.fn();
    const unsubscribe = onAbort(AbortSignal.abort(), callback);
    expect(callback).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it('does not call a callback that unsubscribed', () => {
    const controller = new AbortController();
    const kept = vi.fn();
    const dropped = vi.fn();
    onAbort(controller.signal, kept);
    onAbort(controller.signal, dropped)();
    controller.abort();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(dropped).not.toHaveBeenCalled();
  });

  it('takes 10,000 subscribers without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const listeners = countAbortListeners(controller.signal);
      let called = 0;
      const unsubscribes = Array.from({ length: 10_000 }, () =>
        onAbort(controller.signal, () => called++),
      );
      for (const unsubscribe of unsubscribes.slice(0, 5_000)) unsubscribe();
      controller.abort();
      // Node emits process warnings on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(listeners()).toBe(1);
      expect(called).toBe(5_000);
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('still tells the other callbacks when one throws', () => {
    const controller = new AbortController();
    const after = vi.fn();
    onAbort(controller.signal, () => {
      throw new Error('callback failed');
    });
    onAbort(controller.signal, after);
    // Node reports an EventTarget listener's exception as an uncaught error on a later tick.
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    controller.abort();
    expect(after).toHaveBeenCalledTimes(1);
    return expect(reported).resolves.toMatchObject({ message: 'callback failed' });
  });
});

describe('linkSignals', () => {
  it('aborts with the reason of whichever signal aborts first', () => {
    const first = new AbortController();
    const second = new AbortController();
    const link = linkSignals([first.signal, undefined, second.signal]);
    expect(link.signal.aborted).toBe(false);
    second.abort('second reason');
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('second reason');
    first.abort('too late');
    expect(link.signal.reason).toBe('second reason');
  });

  it('is aborted from the start when a source already is', () => {
    const reason = new Error('gone');
    const link = linkSignals([new AbortController().signal, AbortSignal.abort(reason)]);
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe(reason);
  });

  it('stops following its sources once unlinked', () => {
    const source = new AbortController();
    const other = new AbortController();
    const link = linkSignals([source.signal, other.signal]);
    link.unlink();
    source.abort();
    expect(link.signal.aborted).toBe(false);
  });

  it('returns a lone source itself instead of creating a signal', () => {
    const source = new AbortController();
    const link = linkSignals([undefined, source.signal]);
    expect(link.signal).toBe(source.signal);
    link.unlink();
    expect(source.signal.aborted).toBe(false);
  });

  it('adds one listener per source however many links share it', () => {
    const shared = new AbortController();
    const listeners = countAbortListeners(shared.signal);
    const links = Array.from({ length: 1_000 }, () =>
      linkSignals([shared.signal, new AbortController().signal]),
    );
    expect(listeners()).toBe(1);
    shared.abort();
    expect(links.every((link) => link.signal.aborted)).toBe(true);
  });
});
