import type { MaybePromise } from '../../maybe-promise.js';
import type { StoreLifecycle } from './store-lifecycle.js';

/** A concurrency limit: at most `limit` leases held under `key` at once. */
export interface SlotLimit {
  readonly key: string;
  readonly limit: number;
}

/**
 * Bulkhead slots (v1). `tryAcquire` takes a slot under every limit or under none, atomically,
 * identified by a lease id; a lease expires after `leaseMs` so a crashed holder cannot keep a slot
 * forever (a Redis store keeps a sorted set of lease ids scored by expiry per key).
 */
export interface SlotStoreV1 extends StoreLifecycle {
  readonly specificationVersion: 'v1';
  tryAcquire(
    limits: readonly SlotLimit[],
    leaseId: string,
    leaseMs: number,
    now: number,
  ): MaybePromise<boolean>;
  /** Returns the lease's slots; releasing an unknown or expired lease is a no-op. */
  release(limits: readonly SlotLimit[], leaseId: string): MaybePromise<void>;
  /** Leases currently held under `key` (expired ones excluded). */
  inUse(key: string, now: number): MaybePromise<number>;
  /**
   * Optional: calls `listener` with the keys of a lease released through any instance sharing this
   * store's state (this one included), so waiters elsewhere try again at once. Without it (and
   * for leases that simply expire) the bulkhead polls with backoff. A remote store may need a round
   * trip to subscribe: releases before that may go unannounced. Returns the unsubscribe function.
   */
  onRelease?(listener: (keys: readonly string[]) => void): () => void;
}
