// The circuit breaker's state machine as pure functions over a JSON-serialisable record, so every
// CircuitStateStore (in-memory here, a Redis Lua script later) implements the same transitions.

import type {
  CircuitAdmission,
  CircuitPolicy,
  CircuitRecord,
  CircuitResult,
  CircuitState,
  CircuitTransition,
} from '../../contracts/stores/v1/circuit-state-store.js';

/** Window resolution: the window is counted in this many buckets of windowMs / BUCKETS. */
export const CIRCUIT_WINDOW_BUCKETS = 10;

export function createCircuitRecord(): CircuitRecord {
  return {
    state: 'closed',
    generation: 0,
    openedAt: 0,
    probesInFlight: 0,
    probeLeases: [],
    probeSuccesses: 0,
    epochs: new Array(CIRCUIT_WINDOW_BUCKETS).fill(-1),
    failures: new Array(CIRCUIT_WINDOW_BUCKETS).fill(0),
    successes: new Array(CIRCUIT_WINDOW_BUCKETS).fill(0),
  };
}

const closedAdmissions: CircuitAdmission[] = [];

/** Closed-state admissions are the hot path: one frozen object per generation, reused. */
function closedAdmission(generation: number): CircuitAdmission {
  const cached = closedAdmissions[generation & 63];
  if (cached?.generation === generation) return cached;
  const admission = Object.freeze({
    allowed: true,
    state: 'closed' as const,
    generation,
    retryAfterMs: 0,
  });
  closedAdmissions[generation & 63] = admission;
  return admission;
}

/** Decides whether a call may run, moving open → half_open when the reset timeout has passed. */
export function admitCall(
  record: CircuitRecord,
  policy: CircuitPolicy,
  now: number,
): CircuitAdmission {
  if (record.state === 'closed') return closedAdmission(record.generation);
  let transition: CircuitTransition | undefined;
  if (record.state === 'open') {
    const retryAfterMs = record.openedAt + policy.resetTimeoutMs - now;
    if (retryAfterMs > 0) return refused(record, retryAfterMs);
    moveTo(record, 'half_open', now);
    transition = { from: 'open', to: 'half_open' };
  }
  const leases = liveLeases(record, now);
  if (leases.length >= policy.halfOpenMaxCalls) {
    return refused(record, Math.max(1, Math.min(...leases) - now));
  }
  const probeExpiresAt = now + (policy.probeLeaseMs ?? policy.resetTimeoutMs);
  leases.push(probeExpiresAt);
  record.probeLeases = leases;
  record.probesInFlight = leases.length;
  return {
    allowed: true,
    state: 'half_open',
    generation: record.generation,
    retryAfterMs: 0,
    probeExpiresAt,
    ...(transition ? { transition } : {}),
  };
}

/** The probe leases of a half-open record that have not expired at `now`. */
function liveLeases(record: CircuitRecord, now: number): number[] {
  return record.probeLeases.filter((expiresAt) => expiresAt > now);
}

/** What admitCall would answer, without changing the record. */
export function peekAdmission(
  record: CircuitRecord,
  policy: CircuitPolicy,
  now: number,
): CircuitAdmission {
  if (record.state === 'closed') return closedAdmission(record.generation);
  if (record.state === 'open') {
    const retryAfterMs = record.openedAt + policy.resetTimeoutMs - now;
    if (retryAfterMs > 0) return refused(record, retryAfterMs);
    return {
      allowed: true,
      state: 'half_open',
      generation: record.generation + 1,
      retryAfterMs: 0,
    };
  }
  const leases = liveLeases(record, now);
  if (leases.length >= policy.halfOpenMaxCalls) {
    return refused(record, Math.max(1, Math.min(...leases) - now));
  }
  return { allowed: true, state: 'half_open', generation: record.generation, retryAfterMs: 0 };
}

/** Records how an admitted call ended; returns the transition it caused, if any. */
export function settleCall(
  record: CircuitRecord,
  policy: CircuitPolicy,
  admission: Pick<CircuitAdmission, 'state' | 'generation' | 'probeExpiresAt'>,
  result: CircuitResult,
  now: number,
): CircuitTransition | undefined {
  // A call admitted under an earlier state no longer says anything about the current one.
  if (admission.generation !== record.generation || admission.state !== record.state)
    return undefined;
  if (record.state === 'half_open') {
    // Gives the probe's place back (a lease that expired meanwhile was given back already).
    const leases = liveLeases(record, now);
    const held =
      admission.probeExpiresAt === undefined ? -1 : leases.indexOf(admission.probeExpiresAt);
    if (held >= 0) leases.splice(held, 1);
    record.probeLeases = leases;
    record.probesInFlight = leases.length;
    if (result === 'failure') return moveTo(record, 'open', now);
    if (result === 'success' && ++record.probeSuccesses >= policy.successThreshold) {
      return moveTo(record, 'closed', now);
    }
    return undefined;
  }
  if (result === 'ignore') return undefined;
  const bucketMs = policy.windowMs / CIRCUIT_WINDOW_BUCKETS;
  const epoch = Math.floor(now / bucketMs);
  const slot = epoch % CIRCUIT_WINDOW_BUCKETS;
  if (record.epochs[slot] !== epoch) {
    record.epochs[slot] = epoch;
    record.failures[slot] = 0;
    record.successes[slot] = 0;
  }
  if (result === 'success') {
    record.successes[slot]!++;
    return undefined;
  }
  record.failures[slot]!++;
  let failures = 0;
  let total = 0;
  for (let i = 0; i < CIRCUIT_WINDOW_BUCKETS; i++) {
    if (record.epochs[i]! > epoch - CIRCUIT_WINDOW_BUCKETS) {
      failures += record.failures[i]!;
      total += record.failures[i]! + record.successes[i]!;
    }
  }
  const trips =
    policy.failureRateThreshold === undefined
      ? failures >= policy.failureThreshold
      : total >= policy.minimumCalls && failures / total >= policy.failureRateThreshold;
  return trips ? moveTo(record, 'open', now) : undefined;
}

function refused(record: CircuitRecord, retryAfterMs: number): CircuitAdmission {
  return { allowed: false, state: record.state, generation: record.generation, retryAfterMs };
}

function moveTo(record: CircuitRecord, to: CircuitState, now: number): CircuitTransition {
  const from = record.state;
  record.state = to;
  record.generation++;
  record.probesInFlight = 0;
  record.probeLeases = [];
  record.probeSuccesses = 0;
  if (to === 'open') record.openedAt = now;
  if (to === 'closed') {
    record.epochs.fill(-1);
    record.failures.fill(0);
    record.successes.fill(0);
  }
  return { from, to };
}
