import type { MaybePromise } from '../maybe-promise.js';

/** A cached value; `undefined` from `get` means a miss (absent or expired). */
export interface CacheEntry {
  readonly value: unknown;
}

/**
 * Where the cache middleware keeps successful results (v1). Every method is one atomic operation
 * so a remote store (Redis: GET, SET PX + SADD tag, SMEMBERS + DEL) needs no read-modify-write.
 */
export interface CacheStoreV1 {
  readonly specificationVersion: 'v1';
  get(key: string): MaybePromise<CacheEntry | undefined>;
  /** Stores `value` for `ttlMs`; `tag` groups keys so they can be removed together. */
  set(key: string, value: unknown, ttlMs: number, tag: string): MaybePromise<void>;
  /** Removes one key; true when it existed. */
  delete(key: string): MaybePromise<boolean>;
  /** Removes every key set with `tag`; returns how many. */
  deleteTag(tag: string): MaybePromise<number>;
}
