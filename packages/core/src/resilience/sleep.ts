import { onAbort } from '../util/abort-fanout.js';

/** Waits `ms`; resolves true when the time passed, false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(true);
    }, ms);
    const unsubscribe = onAbort(signal, () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
