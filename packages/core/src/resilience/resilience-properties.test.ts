import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  CircuitAdmission,
  CircuitPolicy,
  CircuitStateStoreV1,
} from '../contracts/stores/v1/circuit-state-store.js';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';
import { admitCall, createCircuitRecord, settleCall } from './stores/circuit-state-machine.js';
import { createMemoryCircuitStateStore } from './stores/memory-circuit-state-store.js';
import { createMemorySlotStore } from './stores/memory-slot-store.js';

/** Wraps a breaker store to watch what the middleware does with it. */
function watchedCircuitStore() {
  const inner = createMemoryCircuitStateStore();
  const watch = { admitted: 0, settled: 0, probes: 0, maxProbes: 0 };
  const store: CircuitStateStoreV1 = {
    ...inner,
    admit(key, policy, now) {
      const admission = inner.admit(key, policy, now) as CircuitAdmission;
      if (admission.allowed) {
        watch.admitted++;
        if (admission.state === 'half_open')
          watch.maxProbes = Math.max(watch.maxProbes, ++watch.probes);
      }
      return admission;
    },
    settle(key, policy, admission, result, now) {
      watch.settled++;
      if (admission.state === 'half_open') watch.probes--;
      return inner.settle(key, policy, admission, result, now);
    },
  };
  return { store, watch };
}

const behaviour = fc.record({
  kind: fc.constantFrom('ok', 'fail', 'hang'),
  ms: fc.integer({ min: 1, max: 150 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  startAt: fc.integer({ min: 0, max: 300 }),
});

describe('resilience properties', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('any interleaving of success, failure, timeout and cancellation: one result per call, slots released, probes bounded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(behaviour, { minLength: 1, maxLength: 14 }), async (plan) => {
        const slots = createMemorySlotStore();
        const { store: circuit, watch } = watchedCircuitStore();
        const { tool, stats } = countingTool('mixed', async (_n, args, ctx) => {
          const step = plan[args.index as number]!;
          await delay(step.kind === 'hang' ? 60_000 : step.ms, ctx.signal);
          if (step.kind === 'fail') throw new Error('failed');
          return args.index;
        });
        const { run } = harness(
          {
            retry: { maxAttempts: 2, baseDelayMs: 10 },
            rateLimit: { global: { limit: 8, windowMs: 100 }, mode: 'wait' },
            bulkhead: { global: 3, queueSize: 6, acquireTimeoutMs: 250 },
            circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 100, halfOpenMaxCalls: 1 },
            tools: { mixed: { timeoutMs: 100 } },
            stores: { bulkhead: slots, circuit },
          },
          tool,
        );
        const settledCount = new Array(plan.length).fill(0);
        const results = plan.map((step, index) => {
          const controller = new AbortController();
          if (step.cancelAt !== undefined) setTimeout(() => controller.abort(), step.cancelAt);
          return new Promise<void>((resolve) => setTimeout(resolve, step.startAt))
            .then(() => run('mixed', { index }, { signal: controller.signal }))
            .then((result) => {
              settledCount[index]++;
              return result;
            });
        });
        await vi.advanceTimersByTimeAsync(5000);
        const settled = await Promise.all(results);

        expect(settledCount).toEqual(plan.map(() => 1));
        for (const result of settled) {
          expect(result.ok || typeof result.error?.code === 'string').toBe(true);
          expect(result.attempts).toBeLessThanOrEqual(2);
        }
        expect(slots.inUse('global', Date.now())).toBe(0);
        expect(stats.running).toBe(0);
        expect(stats.maxRunning).toBeLessThanOrEqual(3);
        expect(watch.maxProbes).toBeLessThanOrEqual(1);
        expect(watch.settled).toBe(watch.admitted);
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('the breaker state machine never admits while open nor more probes than halfOpenMaxCalls', () => {
    const policy: CircuitPolicy = {
      failureThreshold: 3,
      minimumCalls: 1,
      windowMs: 1000,
      resetTimeoutMs: 500,
      halfOpenMaxCalls: 2,
      successThreshold: 2,
    };
    const step = fc.oneof(
      fc.record({ op: fc.constant('admit' as const), advance: fc.integer({ min: 0, max: 300 }) }),
      fc.record({
        op: fc.constant('settle' as const),
        pick: fc.nat(),
        result: fc.constantFrom('success' as const, 'failure' as const, 'ignore' as const),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const record = createCircuitRecord();
        const pending: CircuitAdmission[] = [];
        let now = 0;
        for (const action of steps) {
          if (action.op === 'admit') {
            now += action.advance;
            const wasOpen =
              record.state === 'open' && now < record.openedAt + policy.resetTimeoutMs;
            const admission = admitCall(record, policy, now);
            if (wasOpen) expect(admission.allowed).toBe(false);
            if (admission.allowed) pending.push(admission);
          } else if (pending.length > 0) {
            const [admission] = pending.splice(action.pick % pending.length, 1);
            settleCall(record, policy, admission!, action.result, now);
          }
          const probes = pending.filter(
            (admission) =>
              admission.state === 'half_open' && admission.generation === record.generation,
          ).length;
          expect(record.probesInFlight).toBe(record.state === 'half_open' ? probes : 0);
          expect(record.probesInFlight).toBeLessThanOrEqual(policy.halfOpenMaxCalls);
        }
      }),
      { numRuns: 300 },
    );
  });
});
