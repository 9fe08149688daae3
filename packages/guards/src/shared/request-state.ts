import type { ExecutionContext } from '@tp/core';

/** Most requests a stateful guard remembers at once; the least recently used is forgotten first. */
export const DEFAULT_MAX_REQUESTS = 1_000;

/**
 * Per-request state of a guard, keyed by `context.requestId`, with bounded memory: an LRU of at
 * most `maxRequests` entries, each dropped when the processor reports the request over.
 *
 * The most recently used request sits in a slot outside the map and joins the map only when
 * another request displaces it: a request that is one call (the usual case) then costs no map
 * writes at all, where keeping the LRU order in the map took a set and a delete per use.
 */
export class RequestState<State> {
  /** Every request but the most recent, least recently used first. */
  readonly #entries = new Map<string, State>();
  readonly #create: () => State;
  readonly #maxRequests: number;
  #recentKey: string | undefined;
  #recentState: State | undefined;

  constructor(create: () => State, maxRequests = DEFAULT_MAX_REQUESTS) {
    this.#create = create;
    this.#maxRequests = maxRequests;
  }

  /** The request's state, created on first use. */
  get(context: ExecutionContext): State {
    const key = context.requestId;
    if (key === this.#recentKey) return this.#recentState as State;
    if (this.#recentKey !== undefined) {
      this.#entries.set(this.#recentKey, this.#recentState as State);
    }
    // An empty map (one request at a time, the usual case) needs no lookup.
    let state = this.#entries.size === 0 ? undefined : this.#entries.get(key);
    if (state === undefined) {
      state = this.#create();
      if (this.#entries.size >= this.#maxRequests) {
        this.#entries.delete(this.#entries.keys().next().value as string);
      }
    } else {
      this.#entries.delete(key);
    }
    this.#recentKey = key;
    this.#recentState = state;
    return state;
  }

  /** The request's state if it exists, without creating it (dry runs change nothing). */
  peek(context: ExecutionContext): State | undefined {
    const key = context.requestId;
    if (key === this.#recentKey) return this.#recentState;
    return this.#entries.size === 0 ? undefined : this.#entries.get(key);
  }

  end(context: ExecutionContext): void {
    const key = context.requestId;
    if (key === this.#recentKey) {
      this.#recentKey = undefined;
      this.#recentState = undefined;
    } else {
      this.#entries.delete(key);
    }
  }

  get size(): number {
    return this.#entries.size + (this.#recentKey === undefined ? 0 : 1);
  }
}
