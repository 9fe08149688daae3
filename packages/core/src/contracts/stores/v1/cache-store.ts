import type { MaybePromise } from '../../maybe-promise.js';
import type { StoreLifecycle } from './store-lifecycle.js';

/**
 * A cached value; `undefined` from `get` means a miss (absent or expired). Values are JSON: what
 * `get` returns is what `JSON.parse(JSON.stringify(value))` gives for the value `set` was given
 * (a Date comes back as its ISO string), and it is the caller's own copy: changing it changes
 * nothing in the store. (`undefined` round-trips as `undefined`.)
 */
export interface CacheEntry {
  readonly value: unknown;
}

/**
 * Where the cache middleware keeps successful results (v1). Every method is one atomic operation
 * so a remote store (Redis: GET, SET PX + SADD tag, SMEMBERS + DEL) needs no read-modify-write.
 */
export interface CacheStoreV1 extends StoreLifecycle {
  readonly specificationVersion: 'v1';
  get(key: string): MaybePromise<CacheEntry | undefined>;
  /**
   * Stores `value` (JSON; a value JSON cannot represent, such as a BigInt or a cycle, throws or
   * rejects) for `ttlMs`; `tag` groups keys so they can be removed together.
   */
  set(key: string, value: unknown, ttlMs: number, tag: string): MaybePromise<void>;
  /** Removes one key; true when it existed. */
  delete(key: string): MaybePromise<boolean>;
  /** Removes every key set with `tag`; returns how many. */
  deleteTag(tag: string): MaybePromise<number>;
}
