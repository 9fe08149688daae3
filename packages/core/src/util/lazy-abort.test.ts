import { describe, expect, it } from 'vitest';
import {
  isAborted,
  type LazyAbortCarrier,
  LazyAbortController,
  lazyAbortKey,
} from './lazy-abort.js';

describe('LazyAbortController', () => {
  it('creates its signal only when read, aborting it later with the reason', () => {
    const controller = new LazyAbortController();
    expect(controller.aborted).toBe(false);
    const signal = controller.signal;
    expect(controller.signal).toBe(signal);
    const reasons: unknown[] = [];
    signal.addEventListener('abort', () => reasons.push(signal.reason));
    controller.abort('late');
    controller.abort('ignored');
    expect(reasons).toEqual(['late']);
  });

  it('hands out an already-aborted signal when aborted before anyone read it', () => {
    const controller = new LazyAbortController();
    controller.abort('early');
    expect(controller.aborted).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe('early');
  });
});

describe('isAborted', () => {
  it('answers from the lazy controller without creating a signal', () => {
    const controller = new LazyAbortController();
    let reads = 0;
    const carrier: LazyAbortCarrier = {
      get signal() {
        reads++;
        return controller.signal;
      },
      [lazyAbortKey]: controller,
    };
    expect(isAborted(carrier)).toBe(false);
    controller.abort('stop');
    expect(isAborted(carrier)).toBe(true);
    expect(reads).toBe(0);
  });

  it('reads a plain signal when there is no lazy controller', () => {
    expect(isAborted({ signal: AbortSignal.abort('x') })).toBe(true);
    expect(isAborted({ signal: new AbortController().signal })).toBe(false);
  });
});
