import type { ExecutionContext } from '@tp/core';

/** Most requests a stateful guard remembers at once; the least recently used is forgotten first. */
export const DEFAULT_MAX_REQUESTS = 1_000;

/**
 * Per-request state of a guard, keyed by `context.requestId`, with bounded memory: an LRU of at
 * most `maxRequests` entries, each dropped when the processor reports the request over.
 */
export class RequestState<State> {
  readonly #entries = new Map<string, State>();
  readonly #create: () => State;
  readonly #maxRequests: number;

  constructor(create: () => State, maxRequests = DEFAULT_MAX_REQUESTS) {
    this.#create = create;
    this.#maxRequests = maxRequests;
  }

  /** The request's state, created on first use. */
  get(context: ExecutionContext): State {
    const key = context.requestId;
    let state = this.#entries.get(key);
    if (state === undefined) {
      state = this.#create();
      if (this.#entries.size >= this.#maxRequests) {
        this.#entries.delete(this.#entries.keys().next().value as string);
      }
    } else {
      this.#entries.delete(key);
    }
    this.#entries.set(key, state);
    return state;
  }

  /** The request's state if it exists, without creating it (dry runs change nothing). */
  peek(context: ExecutionContext): State | undefined {
    return this.#entries.get(context.requestId);
  }

  end(context: ExecutionContext): void {
    this.#entries.delete(context.requestId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
