import { describe, expect, it } from 'vitest';
import type { MaybePromise } from '../resilience/maybe-promise.js';
import type { CacheStoreV1 } from '../resilience/stores/cache-store.js';
import type { CircuitPolicy } from '../resilience/stores/circuit-state-machine.js';
import type { CircuitStateStoreV1 } from '../resilience/stores/circuit-state-store.js';
import type { RateLimitStoreV1 } from '../resilience/stores/rate-limit-store.js';
import type { SlotStoreV1 } from '../resilience/stores/slot-store.js';

/** Factories of fresh stores; omit the contracts a package does not implement. */
export interface StoreConformanceOptions {
  /** Label of the describe block. */
  readonly name: string;
  readonly cache?: () => MaybePromise<CacheStoreV1>;
  readonly rateLimit?: () => MaybePromise<RateLimitStoreV1>;
  readonly circuit?: () => MaybePromise<CircuitStateStoreV1>;
  readonly slots?: () => MaybePromise<SlotStoreV1>;
}

const policy: CircuitPolicy = {
  failureThreshold: 2,
  minimumCalls: 1,
  windowMs: 10_000,
  resetTimeoutMs: 1000,
  halfOpenMaxCalls: 1,
  successThreshold: 1,
};

let sequence = 0;
/** Keys unique to one test, so stores backed by a shared server do not see each other's data. */
function unique(label: string): string {
  return `conformance:${Date.now().toString(36)}:${++sequence}:${label}`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The suite every store implementation (in-memory in core, Redis in @tp/redis, third parties')
 * must pass: the semantics of each v1 contract, including the atomicity the middleware relies on.
 * Call it at the top level of a vitest test file.
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    if (options.cache) describeCache(options.cache);
    if (options.rateLimit) describeRateLimit(options.rateLimit);
    if (options.circuit) describeCircuit(options.circuit);
    if (options.slots) describeSlots(options.slots);
  });
}

function describeCache(create: () => MaybePromise<CacheStoreV1>) {
  describe('CacheStore v1', () => {
    it('declares v1, misses unknown keys and round-trips JSON values', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const key = unique('k');
      expect(await store.get(key)).toBeUndefined();
      const value = { text: 'ünïcødé "quoted"', list: [1, 2.5, null, true], nested: { a: {} } };
      await store.set(key, value, 60_000, unique('tag'));
      expect((await store.get(key))?.value).toEqual(value);
      await store.set(key, 'replaced', 60_000, unique('tag'));
      expect((await store.get(key))?.value).toBe('replaced');
    });

    it('delete removes one key and says whether it existed', async () => {
      const store = await create();
      const [key, other, tag] = [unique('a'), unique('b'), unique('tag')];
      await store.set(key, 1, 60_000, tag);
      await store.set(other, 2, 60_000, tag);
      expect(await store.delete(key)).toBe(true);
      expect(await store.delete(key)).toBe(false);
      expect(await store.get(key)).toBeUndefined();
      expect((await store.get(other))?.value).toBe(2);
    });

    it('deleteTag removes exactly the keys of that tag', async () => {
      const store = await create();
      const [tag, otherTag] = [unique('tag'), unique('other')];
      const keys = [unique('a'), unique('b'), unique('c')];
      for (const key of keys) await store.set(key, key, 60_000, tag);
      const kept = unique('kept');
      await store.set(kept, 'kept', 60_000, otherTag);
      expect(await store.deleteTag(tag)).toBe(3);
      for (const key of keys) expect(await store.get(key)).toBeUndefined();
      expect((await store.get(kept))?.value).toBe('kept');
      expect(await store.deleteTag(tag)).toBe(0);
    });

    it('entries expire after their ttl', async () => {
      const store = await create();
      const key = unique('short');
      await store.set(key, 'soon gone', 20, unique('tag'));
      await pause(80);
      expect(await store.get(key)).toBeUndefined();
    });
  });
}

function describeRateLimit(create: () => MaybePromise<RateLimitStoreV1>) {
  describe('RateLimitStore v1', () => {
    it('admits `limit` acquisitions per sliding window, then says how long to wait', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const rules = [{ key: unique('rl'), limit: 2, windowMs: 1000 }];
      expect((await store.acquire(rules, 10_000)).allowed).toBe(true);
      expect((await store.acquire(rules, 10_400)).allowed).toBe(true);
      expect(await store.acquire(rules, 10_500)).toEqual({ allowed: false, retryAfterMs: 500 });
      expect((await store.acquire(rules, 10_999)).allowed).toBe(false);
      expect((await store.acquire(rules, 11_000)).allowed).toBe(true);
      expect(await store.acquire(rules, 11_100)).toEqual({ allowed: false, retryAfterMs: 300 });
    });

    it('checks several rules all-or-nothing: a refusal spends no token anywhere', async () => {
      const store = await create();
      const wide = { key: unique('wide'), limit: 2, windowMs: 1000 };
      const narrow = { key: unique('narrow'), limit: 1, windowMs: 1000 };
      expect((await store.acquire([wide, narrow], 0)).allowed).toBe(true);
      expect((await store.acquire([wide, narrow], 10)).allowed).toBe(false);
      expect((await store.acquire([wide], 20)).allowed).toBe(true);
      expect((await store.acquire([wide], 30)).allowed).toBe(false);
    });

    it('peek answers like acquire without spending; reset forgets a key', async () => {
      const store = await create();
      const rules = [{ key: unique('peek'), limit: 1, windowMs: 1000 }];
      expect((await store.peek(rules, 0)).allowed).toBe(true);
      expect((await store.peek(rules, 0)).allowed).toBe(true);
      await store.acquire(rules, 0);
      expect(await store.peek(rules, 100)).toEqual({ allowed: false, retryAfterMs: 900 });
      await store.reset(rules[0]!.key);
      expect((await store.acquire(rules, 100)).allowed).toBe(true);
    });

    it('keeps an exact log for large limits', async () => {
      const store = await create();
      const rules = [{ key: unique('large'), limit: 100, windowMs: 1000 }];
      for (let index = 0; index < 100; index++) {
        expect((await store.acquire(rules, 500 + index)).allowed).toBe(true);
      }
      expect(await store.acquire(rules, 700)).toEqual({ allowed: false, retryAfterMs: 800 });
      expect((await store.acquire(rules, 1500)).allowed).toBe(true);
      expect(await store.acquire(rules, 1500)).toEqual({ allowed: false, retryAfterMs: 1 });
    });

    it('concurrent acquisitions never exceed the limit', async () => {
      const store = await create();
      const rules = [{ key: unique('race'), limit: 37, windowMs: 60_000 }];
      const decisions = await Promise.all(
        Array.from({ length: 80 }, () => store.acquire(rules, 1000)),
      );
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(37);
    });
  });
}

function describeCircuit(create: () => MaybePromise<CircuitStateStoreV1>) {
  describe('CircuitStateStore v1', () => {
    it('opens after failureThreshold failures and refuses with the time left', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const key = unique('cb');
      const first = await store.admit(key, policy, 0);
      expect(first).toMatchObject({ allowed: true, state: 'closed' });
      expect(await store.settle(key, policy, first, 'failure', 0)).toBeUndefined();
      const second = await store.admit(key, policy, 10);
      expect(await store.settle(key, policy, second, 'failure', 10)).toEqual({
        from: 'closed',
        to: 'open',
      });
      expect(await store.admit(key, policy, 400)).toMatchObject({
        allowed: false,
        state: 'open',
        retryAfterMs: 610,
      });
      expect((await store.get(key))?.state).toBe('open');
    });

    it('half-open after resetTimeoutMs: admits halfOpenMaxCalls probes, closes on success', async () => {
      const store = await create();
      const key = unique('cb');
      for (const now of [0, 1])
        await store.settle(key, policy, await store.admit(key, policy, now), 'failure', now);
      expect((await store.peek(key, policy, 1011)).allowed).toBe(true);
      expect((await store.get(key))?.state).toBe('open');
      const probe = await store.admit(key, policy, 1011);
      expect(probe).toMatchObject({
        allowed: true,
        state: 'half_open',
        transition: { from: 'open', to: 'half_open' },
      });
      expect((await store.admit(key, policy, 1012)).allowed).toBe(false);
      expect(await store.settle(key, policy, probe, 'success', 1013)).toEqual({
        from: 'half_open',
        to: 'closed',
      });
      expect((await store.admit(key, policy, 1014)).state).toBe('closed');
    });

    it('a failed probe re-opens; an ignored probe frees its place; stale results change nothing', async () => {
      const store = await create();
      const key = unique('cb');
      const early = await store.admit(key, policy, 0);
      for (const now of [0, 1])
        await store.settle(key, policy, await store.admit(key, policy, now), 'failure', now);
      // Admitted while closed, finished after the circuit opened: says nothing now.
      expect(await store.settle(key, policy, early, 'failure', 2)).toBeUndefined();
      const ignored = await store.admit(key, policy, 2000);
      expect(await store.settle(key, policy, ignored, 'ignore', 2001)).toBeUndefined();
      const probe = await store.admit(key, policy, 2002);
      expect(probe.allowed).toBe(true);
      expect(await store.settle(key, policy, probe, 'failure', 2003)).toEqual({
        from: 'half_open',
        to: 'open',
      });
      expect(await store.admit(key, policy, 2004)).toMatchObject({
        allowed: false,
        retryAfterMs: 999,
      });
      await store.reset(key);
      expect((await store.admit(key, policy, 2005)).state).toBe('closed');
    });

    it('concurrent probes never exceed halfOpenMaxCalls', async () => {
      const store = await create();
      const key = unique('cb');
      const wide = { ...policy, halfOpenMaxCalls: 3 };
      for (const now of [0, 1])
        await store.settle(key, wide, await store.admit(key, wide, now), 'failure', now);
      const admissions = await Promise.all(
        Array.from({ length: 20 }, () => store.admit(key, wide, 5000)),
      );
      expect(admissions.filter((admission) => admission.allowed)).toHaveLength(3);
    });
  });
}

function describeSlots(create: () => MaybePromise<SlotStoreV1>) {
  describe('SlotStore v1', () => {
    it('grants `limit` leases per key and frees them on release', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const limits = [{ key: unique('slots'), limit: 2 }];
      expect(await store.tryAcquire(limits, 'a', 60_000, 0)).toBe(true);
      expect(await store.tryAcquire(limits, 'b', 60_000, 0)).toBe(true);
      expect(await store.tryAcquire(limits, 'c', 60_000, 0)).toBe(false);
      expect(await store.inUse(limits[0]!.key, 0)).toBe(2);
      await store.release(limits, 'a');
      await store.release(limits, 'unknown');
      expect(await store.inUse(limits[0]!.key, 0)).toBe(1);
      expect(await store.tryAcquire(limits, 'c', 60_000, 0)).toBe(true);
    });

    it('takes a slot under every limit or under none', async () => {
      const store = await create();
      const wide = { key: unique('wide'), limit: 5 };
      const narrow = { key: unique('narrow'), limit: 1 };
      expect(await store.tryAcquire([wide, narrow], 'a', 60_000, 0)).toBe(true);
      expect(await store.tryAcquire([wide, narrow], 'b', 60_000, 0)).toBe(false);
      expect(await store.inUse(wide.key, 0)).toBe(1);
      await store.release([wide, narrow], 'a');
      expect(await store.inUse(wide.key, 0)).toBe(0);
      expect(await store.inUse(narrow.key, 0)).toBe(0);
    });

    it('an expired lease no longer holds its slot', async () => {
      const store = await create();
      const limits = [{ key: unique('lease'), limit: 1 }];
      expect(await store.tryAcquire(limits, 'crashed', 1000, 0)).toBe(true);
      expect(await store.tryAcquire(limits, 'next', 1000, 999)).toBe(false);
      expect(await store.tryAcquire(limits, 'next', 1000, 1000)).toBe(true);
      expect(await store.inUse(limits[0]!.key, 1000)).toBe(1);
    });

    it('concurrent acquisitions never exceed the limit', async () => {
      const store = await create();
      const limits = [{ key: unique('race'), limit: 4 }];
      const granted = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          store.tryAcquire(limits, `lease-${index}`, 60_000, 0),
        ),
      );
      expect(granted.filter(Boolean)).toHaveLength(4);
    });
  });
}
