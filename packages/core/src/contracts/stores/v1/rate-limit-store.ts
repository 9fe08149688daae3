import type { MaybePromise } from '../../maybe-promise.js';
import type { StoreLifecycle } from './store-lifecycle.js';

/** One sliding window a call must fit in: at most `limit` acquisitions per `windowMs` under `key`. */
export interface RateLimitRule {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** When refused: how long until every rule would admit one more (0 when allowed). */
  readonly retryAfterMs: number;
}

/**
 * Sliding-window counters (v1). `acquire` checks every rule and records the acquisition in all of
 * them, or in none, as ONE atomic operation (a Redis store runs it as a single Lua script over
 * sorted sets), so a call refused by its tool limit never spends a global token. `now` is the
 * caller's clock; a store may use its own instead (see StoreLifecycle).
 */
export interface RateLimitStoreV1 extends StoreLifecycle {
  readonly specificationVersion: 'v1';
  acquire(rules: readonly RateLimitRule[], now: number): MaybePromise<RateLimitDecision>;
  /** What `acquire` would answer, changing nothing (dry runs). */
  peek(rules: readonly RateLimitRule[], now: number): MaybePromise<RateLimitDecision>;
  /** Forgets a key's history. */
  reset(key: string): MaybePromise<void>;
}
