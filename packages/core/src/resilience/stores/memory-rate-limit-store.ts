import type {
  RateLimitDecision,
  RateLimitRule,
  RateLimitStoreV1,
} from '../../contracts/stores/v1/rate-limit-store.js';

/**
 * An exact sliding log: the times of the acquisitions still inside the window, oldest first, in
 * a ring that grows on demand up to `limit` entries (so a huge limit costs memory only for the
 * calls actually made within one window).
 */
interface Log {
  readonly limit: number;
  stamps: Float64Array;
  head: number;
  count: number;
}

const INITIAL_CAPACITY = 16;
const allowed: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });

/** Exact sliding-window limits kept in memory; answers synchronously. */
export function createMemoryRateLimitStore(): RateLimitStoreV1 {
  const logs = new Map<string, Log>();

  const logFor = (rule: RateLimitRule): Log => {
    let log = logs.get(rule.key);
    if (!log || log.limit !== rule.limit) {
      const capacity = Math.min(rule.limit, INITIAL_CAPACITY);
      log = { limit: rule.limit, stamps: new Float64Array(capacity), head: 0, count: 0 };
      logs.set(rule.key, log);
    }
    return log;
  };

  /** Drops acquisitions that left the window; returns the wait until one more fits (0: fits now). */
  const waitFor = (log: Log, rule: RateLimitRule, now: number): number => {
    const horizon = now - rule.windowMs;
    const { stamps } = log;
    while (log.count > 0 && stamps[log.head]! <= horizon) {
      log.head = (log.head + 1) % stamps.length;
      log.count--;
    }
    return log.count < rule.limit ? 0 : stamps[log.head]! + rule.windowMs - now;
  };

  const append = (log: Log, now: number) => {
    if (log.count === log.stamps.length) {
      const grown = new Float64Array(Math.min(log.limit, log.stamps.length * 2));
      for (let i = 0; i < log.count; i++)
        grown[i] = log.stamps[(log.head + i) % log.stamps.length]!;
      log.stamps = grown;
      log.head = 0;
    }
    log.stamps[(log.head + log.count) % log.stamps.length] = now;
    log.count++;
  };

  const decide = (rules: readonly RateLimitRule[], now: number): number => {
    let retryAfterMs = 0;
    for (const rule of rules) {
      const wait = waitFor(logFor(rule), rule, now);
      if (wait > retryAfterMs) retryAfterMs = wait;
    }
    return retryAfterMs;
  };

  return {
    specificationVersion: 'v1',
    acquire(rules, now) {
      const retryAfterMs = decide(rules, now);
      if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
      for (const rule of rules) append(logs.get(rule.key)!, now);
      return allowed;
    },
    peek(rules, now) {
      // Pruning expired stamps changes no observable state, so peek may share decide().
      const retryAfterMs = decide(rules, now);
      return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : allowed;
    },
    reset(key) {
      logs.delete(key);
    },
    dispose() {
      logs.clear();
    },
  };
}
