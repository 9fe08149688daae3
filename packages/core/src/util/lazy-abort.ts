// On Node 20 creating an AbortSignal costs 5-15 µs (Node re-prototypes an EventTarget), more than
// the rest of a call's pipeline, and most in-process tools never look at their signal. So each
// attempt gets a LazyAbortController: its signal exists only once someone reads it, and the
// pipeline checks "aborted?" through the carrier key without creating it.

export const lazyAbortKey = Symbol('tp.lazyAbort');

/** An object (invocation, execution context) whose `signal` may be backed by a LazyAbortController. */
export interface LazyAbortCarrier {
  readonly signal: AbortSignal;
  readonly [lazyAbortKey]?: LazyAbortController;
}

export class LazyAbortController {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Creates the real signal on first read (already aborted, with the reason, if it was). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** Whether the carrier's signal has aborted, without creating a lazy signal to find out. */
export function isAborted(carrier: LazyAbortCarrier): boolean {
  const lazy = carrier[lazyAbortKey];
  return lazy ? lazy.aborted : carrier.signal.aborted;
}
