import type { MaybePromise } from '../../maybe-promise.js';
import type { StoreLifecycle } from './store-lifecycle.js';

export interface CounterAddition {
  /** False when adding would have taken the total past the limit (nothing was added). */
  readonly added: boolean;
  /** The total after the operation. */
  readonly total: number;
}

/**
 * Running totals shared by every instance using the store (v1): guard state such as a tenant's
 * cost budget. `add` checks the limit and adds as ONE atomic operation, so two instances can never
 * both spend the last of a budget.
 */
export interface CounterStoreV1 extends StoreLifecycle {
  readonly specificationVersion: 'v1';
  /** Adds `amount` to the total under `key`, unless the result would exceed `limit`. */
  add(key: string, amount: number, limit?: number): MaybePromise<CounterAddition>;
  /** The total under `key` (0 when never added to). */
  get(key: string): MaybePromise<number>;
  reset(key: string): MaybePromise<void>;
}
