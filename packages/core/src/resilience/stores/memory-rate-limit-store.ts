import type { RateLimitDecision, RateLimitRule, RateLimitStoreV1 } from './rate-limit-store.js';

/** An exact sliding log: the times of the last `limit` acquisitions, in a ring. */
interface Log {
  readonly stamps: Float64Array;
  head: number;
  count: number;
}

const allowed: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });

/** Exact sliding-window limits kept in memory; answers synchronously. */
export function createMemoryRateLimitStore(): RateLimitStoreV1 {
  const logs = new Map<string, Log>();

  const logFor = (rule: RateLimitRule): Log => {
    let log = logs.get(rule.key);
    if (!log || log.stamps.length !== rule.limit) {
      log = { stamps: new Float64Array(rule.limit), head: 0, count: 0 };
      logs.set(rule.key, log);
    }
    return log;
  };

  /** Drops acquisitions that left the window; returns the wait until one more fits (0: fits now). */
  const waitFor = (log: Log, rule: RateLimitRule, now: number): number => {
    const horizon = now - rule.windowMs;
    while (log.count > 0 && log.stamps[log.head]! <= horizon) {
      log.head = (log.head + 1) % rule.limit;
      log.count--;
    }
    return log.count < rule.limit ? 0 : log.stamps[log.head]! + rule.windowMs - now;
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
      for (const rule of rules) {
        const log = logs.get(rule.key)!;
        log.stamps[(log.head + log.count) % rule.limit] = now;
        log.count++;
      }
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
  };
}
