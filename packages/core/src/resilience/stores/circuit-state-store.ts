import type { MaybePromise } from '../maybe-promise.js';
import type {
  CircuitAdmission,
  CircuitPolicy,
  CircuitRecord,
  CircuitResult,
  CircuitTransition,
} from './circuit-state-machine.js';
import type { StoreLifecycle } from './store-lifecycle.js';

/**
 * Circuit breaker state (v1). Each method is one atomic step of the state machine in
 * circuit-state-machine.ts (admitCall / peekAdmission / settleCall), applied to the record under
 * `key`; a Redis store runs the same steps as Lua scripts, so instances share one breaker. `now`
 * is the caller's clock; a store may use its own instead (see StoreLifecycle).
 */
export interface CircuitStateStoreV1 extends StoreLifecycle {
  readonly specificationVersion: 'v1';
  admit(key: string, policy: CircuitPolicy, now: number): MaybePromise<CircuitAdmission>;
  peek(key: string, policy: CircuitPolicy, now: number): MaybePromise<CircuitAdmission>;
  settle(
    key: string,
    policy: CircuitPolicy,
    admission: Pick<CircuitAdmission, 'state' | 'generation' | 'probeExpiresAt'>,
    result: CircuitResult,
    now: number,
  ): MaybePromise<CircuitTransition | undefined>;
  /** The record under `key` (undefined when the breaker never saw a call); for inspection. */
  get(key: string): MaybePromise<Readonly<CircuitRecord> | undefined>;
  /** Forces the breaker closed and forgets its history. */
  reset(key: string): MaybePromise<void>;
}
