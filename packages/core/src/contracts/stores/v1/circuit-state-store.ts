import type { MaybePromise } from '../../maybe-promise.js';
import type { StoreLifecycle } from './store-lifecycle.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

/** The thresholds of one breaker; passed with every store operation (stores keep no config). */
export interface CircuitPolicy {
  /** Failures within `windowMs` that open a closed circuit (count mode). */
  readonly failureThreshold: number;
  /** When set (0..1], the circuit opens on this failure rate instead (rate mode)... */
  readonly failureRateThreshold?: number;
  /** ...once at least this many calls finished within the window. */
  readonly minimumCalls: number;
  readonly windowMs: number;
  /** How long an open circuit refuses calls before admitting probes. */
  readonly resetTimeoutMs: number;
  /** Probes a half-open circuit lets run at the same time. */
  readonly halfOpenMaxCalls: number;
  /**
   * A probe's place is a lease: after this long without a result it is given back, so a prober
   * that died cannot keep a shared breaker half-open forever (default: resetTimeoutMs).
   */
  readonly probeLeaseMs?: number;
  /** Successful probes that close a half-open circuit. */
  readonly successThreshold: number;
}

export interface CircuitRecord {
  state: CircuitState;
  /** Bumped on every transition, so a result admitted under an earlier state is recognised. */
  generation: number;
  openedAt: number;
  /** Probes holding a place (the live entries of probeLeases). */
  probesInFlight: number;
  /** When each place held by a probe expires; an expired one is free again. */
  probeLeases: number[];
  probeSuccesses: number;
  /** Per bucket: which bucket epoch it holds, and its counts. */
  readonly epochs: number[];
  readonly failures: number[];
  readonly successes: number[];
}

export interface CircuitTransition {
  readonly from: CircuitState;
  readonly to: CircuitState;
}

export interface CircuitAdmission {
  readonly allowed: boolean;
  /** State the call was admitted (or refused) in. */
  readonly state: CircuitState;
  readonly generation: number;
  /** When refused: time until the circuit may admit again. */
  readonly retryAfterMs: number;
  /** Set when admitting moved the circuit (open → half_open). */
  readonly transition?: CircuitTransition;
  /** A half-open probe: when its place expires (pass the admission back to settle). */
  readonly probeExpiresAt?: number;
}

/** How a finished call counts: 'ignore' releases a probe without judging the tool (cancelled). */
export type CircuitResult = 'success' | 'failure' | 'ignore';

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
