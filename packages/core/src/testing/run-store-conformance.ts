import { afterEach, describe, expect, it } from 'vitest';
import type { MaybePromise } from '../contracts/maybe-promise.js';
import type { CacheStoreV1 } from '../contracts/stores/v1/cache-store.js';
import type {
  CircuitPolicy,
  CircuitStateStoreV1,
} from '../contracts/stores/v1/circuit-state-store.js';
import type { CounterStoreV1 } from '../contracts/stores/v1/counter-store.js';
import type { RateLimitStoreV1 } from '../contracts/stores/v1/rate-limit-store.js';
import type { SlotStoreV1 } from '../contracts/stores/v1/slot-store.js';
import type { SnapshotStoreV1 } from '../contracts/stores/v1/snapshot-store.js';
import type { StoreLifecycle } from '../contracts/stores/v1/store-lifecycle.js';

/** What the suite asks a factory for. */
export interface StoreFactoryOptions {
  /** Namespace of every key of the store; stores with different prefixes never see each other. */
  readonly prefix: string;
}

type Factory<Store> = (options: StoreFactoryOptions) => MaybePromise<Store>;

/** Factories of fresh stores; omit the contracts a package does not implement. */
export interface StoreConformanceOptions {
  /** Label of the describe block. */
  readonly name: string;
  readonly cache?: Factory<CacheStoreV1>;
  readonly rateLimit?: Factory<RateLimitStoreV1>;
  readonly circuit?: Factory<CircuitStateStoreV1>;
  readonly slots?: Factory<SlotStoreV1>;
  readonly counters?: Factory<CounterStoreV1>;
  readonly snapshots?: Factory<SnapshotStoreV1>;
  /**
   * True when two stores made with the same prefix share their state (a remote store, as in
   * several processes using one Redis): runs the cross-instance tests too.
   */
  readonly shared?: boolean;
}

let sequence = 0;
/** Names unique to one test, so stores backed by a shared server do not see each other's data. */
function unique(label: string): string {
  return `conformance:${Date.now().toString(36)}:${++sequence}:${label}`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check` holds (remote notifications arrive asynchronously), at most 2 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 2000; waited += 10) {
    if (await check()) return;
    await pause(10);
  }
  expect(await check()).toBe(true);
}

/**
 * The suite every store implementation (in-memory in core, Redis in @tp/redis, third parties')
 * must pass: the semantics of each v1 contract, including the atomicity the middleware relies on,
 * JSON values handed out as copies, key prefixes, lease expiry and (for `shared` stores) state and
 * notifications across instances. Every `now` it passes is `Date.now()` and every wait is real, so
 * a store may use its own (server) clock. Call it at the top level of a vitest test file.
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    const created: StoreLifecycle[] = [];
    /** A store from `factory`, disposed after the test. */
    const make =
      <Store extends StoreLifecycle>(factory: Factory<Store>) =>
      async (prefix = unique('prefix')): Promise<Store> => {
        const store = await factory({ prefix });
        created.push(store);
        return store;
      };
    afterEach(async () => {
      for (const store of created.splice(0)) await store.dispose?.();
    });
    const shared = options.shared === true;
    if (options.cache) describeCache(make(options.cache), shared);
    if (options.rateLimit) describeRateLimit(make(options.rateLimit), shared);
    if (options.circuit) describeCircuit(make(options.circuit), shared);
    if (options.slots) describeSlots(make(options.slots), shared);
    if (options.counters) describeCounters(make(options.counters), shared);
    if (options.snapshots) describeSnapshots(make(options.snapshots), shared);
  });
}

type Make<Store> = (prefix?: string) => Promise<Store>;

function describeCache(create: Make<CacheStoreV1>, shared: boolean) {
  describe('CacheStore v1', () => {
    it('declares v1, misses unknown keys and round-trips values as JSON', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const key = unique('k');
      expect(await store.get(key)).toBeUndefined();
      const value = { text: 'ünïcødé "quoted"', list: [1, 2.5, null, true], nested: { a: {} } };
      await store.set(key, value, 60_000, unique('tag'));
      expect((await store.get(key))?.value).toEqual(value);
      await store.set(key, 'replaced', 60_000, unique('tag'));
      expect((await store.get(key))?.value).toBe('replaced');
      const when = new Date(0);
      await store.set(key, { when, gone: undefined }, 60_000, unique('tag'));
      expect((await store.get(key))?.value).toStrictEqual({ when: when.toISOString() });
      await store.set(key, undefined, 60_000, unique('tag'));
      const entry = await store.get(key);
      expect(entry).toBeDefined();
      expect(entry?.value).toBeUndefined();
    });

    it('hands out copies: changing a value after set or after get changes nothing stored', async () => {
      const store = await create();
      const key = unique('copy');
      const value = { list: [1], nested: { n: 1 } };
      await store.set(key, value, 60_000, unique('tag'));
      value.list.push(2);
      const first = (await store.get(key))?.value as typeof value;
      expect(first).toEqual({ list: [1], nested: { n: 1 } });
      first.nested.n = 99;
      expect((await store.get(key))?.value).toEqual({ list: [1], nested: { n: 1 } });
    });

    it('refuses a value JSON cannot represent', async () => {
      const store = await create();
      await expect(async () =>
        store.set(unique('big'), 1n, 60_000, unique('tag')),
      ).rejects.toThrow();
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
      await store.set(key, 'soon gone', 30, unique('tag'));
      await pause(100);
      expect(await store.get(key)).toBeUndefined();
    });

    it('stores with different prefixes never see each other', async () => {
      const [one, two] = [await create(), await create()];
      const [key, tag] = [unique('k'), unique('tag')];
      await one.set(key, 'one', 60_000, tag);
      expect(await two.get(key)).toBeUndefined();
      expect(await two.deleteTag(tag)).toBe(0);
      expect(await two.delete(key)).toBe(false);
      expect((await one.get(key))?.value).toBe('one');
    });

    if (shared) {
      it('instances sharing a prefix share entries, and removal reaches every instance', async () => {
        const prefix = unique('prefix');
        const [one, two] = [await create(prefix), await create(prefix)];
        const [key, other, tag] = [unique('a'), unique('b'), unique('tag')];
        await one.set(key, { from: 'one' }, 60_000, tag);
        await one.set(other, 'other', 60_000, tag);
        expect((await two.get(key))?.value).toEqual({ from: 'one' });
        expect((await one.get(other))?.value).toBe('other');
        expect(await two.delete(key)).toBe(true);
        await eventually(async () => (await one.get(key)) === undefined);
        expect((await two.get(other))?.value).toBe('other');
        expect(await two.deleteTag(tag)).toBe(1);
        await eventually(async () => (await one.get(other)) === undefined);
        await two.set(key, 'replaced', 60_000, tag);
        await eventually(async () => (await one.get(key))?.value === 'replaced');
      });
    }
  });
}

function describeRateLimit(create: Make<RateLimitStoreV1>, shared: boolean) {
  describe('RateLimitStore v1', () => {
    it('admits `limit` acquisitions per sliding window, then says how long to wait', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const rules = [{ key: unique('rl'), limit: 2, windowMs: 300 }];
      expect((await store.acquire(rules, Date.now())).allowed).toBe(true);
      await pause(150);
      expect((await store.acquire(rules, Date.now())).allowed).toBe(true);
      const refused = await store.acquire(rules, Date.now());
      expect(refused.allowed).toBe(false);
      // The first acquisition leaves the window first: at most 300 - 150 ms from now.
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(150);
      await pause(refused.retryAfterMs + 15);
      expect((await store.acquire(rules, Date.now())).allowed).toBe(true);
      // The second is still in the window.
      const again = await store.acquire(rules, Date.now());
      expect(again.allowed).toBe(false);
      expect(again.retryAfterMs).toBeGreaterThan(0);
      expect(again.retryAfterMs).toBeLessThanOrEqual(150);
    });

    it('checks several rules all-or-nothing: a refusal spends no token anywhere', async () => {
      const store = await create();
      const wide = { key: unique('wide'), limit: 2, windowMs: 60_000 };
      const narrow = { key: unique('narrow'), limit: 1, windowMs: 60_000 };
      expect((await store.acquire([wide, narrow], Date.now())).allowed).toBe(true);
      expect((await store.acquire([wide, narrow], Date.now())).allowed).toBe(false);
      expect((await store.acquire([wide], Date.now())).allowed).toBe(true);
      expect((await store.acquire([wide], Date.now())).allowed).toBe(false);
    });

    it('peek answers like acquire without spending; reset forgets a key', async () => {
      const store = await create();
      const rules = [{ key: unique('peek'), limit: 1, windowMs: 60_000 }];
      expect((await store.peek(rules, Date.now())).allowed).toBe(true);
      expect((await store.peek(rules, Date.now())).allowed).toBe(true);
      await store.acquire(rules, Date.now());
      const peeked = await store.peek(rules, Date.now());
      expect(peeked.allowed).toBe(false);
      expect(peeked.retryAfterMs).toBeGreaterThan(59_000);
      expect(peeked.retryAfterMs).toBeLessThanOrEqual(60_000);
      await store.reset(rules[0]!.key);
      expect((await store.acquire(rules, Date.now())).allowed).toBe(true);
    });

    it('keeps an exact log for large limits', async () => {
      const store = await create();
      const rules = [{ key: unique('large'), limit: 100, windowMs: 60_000 }];
      for (let index = 0; index < 100; index++) {
        expect((await store.acquire(rules, Date.now())).allowed).toBe(true);
      }
      const refused = await store.acquire(rules, Date.now());
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(50_000);
    });

    it('concurrent acquisitions never exceed the limit', async () => {
      const store = await create();
      const rules = [{ key: unique('race'), limit: 37, windowMs: 60_000 }];
      const decisions = await Promise.all(
        Array.from({ length: 80 }, () => store.acquire(rules, Date.now())),
      );
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(37);
    });

    it('stores with different prefixes keep separate windows under one key', async () => {
      const [one, two] = [await create(), await create()];
      const rules = [{ key: unique('rl'), limit: 1, windowMs: 60_000 }];
      expect((await one.acquire(rules, Date.now())).allowed).toBe(true);
      expect((await two.acquire(rules, Date.now())).allowed).toBe(true);
      expect((await one.acquire(rules, Date.now())).allowed).toBe(false);
    });

    if (shared) {
      it('instances sharing a prefix share one window', async () => {
        const prefix = unique('prefix');
        const [one, two] = [await create(prefix), await create(prefix)];
        const rules = [{ key: unique('rl'), limit: 3, windowMs: 60_000 }];
        const decisions = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            (index % 2 ? one : two).acquire(rules, Date.now()),
          ),
        );
        expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
        expect((await one.peek(rules, Date.now())).allowed).toBe(false);
      });
    }
  });
}

const policy: CircuitPolicy = {
  failureThreshold: 2,
  minimumCalls: 1,
  windowMs: 10_000,
  resetTimeoutMs: 200,
  halfOpenMaxCalls: 1,
  successThreshold: 1,
};

/** Opens the breaker under `key` with two failures. */
async function trip(store: CircuitStateStoreV1, key: string, tripPolicy = policy) {
  for (let index = 0; index < 2; index++) {
    const admission = await store.admit(key, tripPolicy, Date.now());
    await store.settle(key, tripPolicy, admission, 'failure', Date.now());
  }
}

function describeCircuit(create: Make<CircuitStateStoreV1>, shared: boolean) {
  describe('CircuitStateStore v1', () => {
    it('opens after failureThreshold failures and refuses with the time left', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const key = unique('cb');
      const first = await store.admit(key, policy, Date.now());
      expect(first).toMatchObject({ allowed: true, state: 'closed' });
      expect(await store.settle(key, policy, first, 'failure', Date.now())).toBeUndefined();
      const second = await store.admit(key, policy, Date.now());
      expect(await store.settle(key, policy, second, 'failure', Date.now())).toEqual({
        from: 'closed',
        to: 'open',
      });
      const refused = await store.admit(key, policy, Date.now());
      expect(refused).toMatchObject({ allowed: false, state: 'open' });
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(200);
      expect((await store.get(key))?.state).toBe('open');
    });

    it('half-open after resetTimeoutMs: admits halfOpenMaxCalls probes, closes on success', async () => {
      const store = await create();
      const key = unique('cb');
      await trip(store, key);
      await pause(policy.resetTimeoutMs + 20);
      expect((await store.peek(key, policy, Date.now())).allowed).toBe(true);
      expect((await store.get(key))?.state).toBe('open');
      const probe = await store.admit(key, policy, Date.now());
      expect(probe).toMatchObject({
        allowed: true,
        state: 'half_open',
        transition: { from: 'open', to: 'half_open' },
      });
      expect((await store.admit(key, policy, Date.now())).allowed).toBe(false);
      expect(await store.settle(key, policy, probe, 'success', Date.now())).toEqual({
        from: 'half_open',
        to: 'closed',
      });
      expect((await store.admit(key, policy, Date.now())).state).toBe('closed');
    });

    it('a failed probe re-opens; an ignored probe frees its place; stale results change nothing', async () => {
      const store = await create();
      const key = unique('cb');
      const early = await store.admit(key, policy, Date.now());
      await trip(store, key);
      // Admitted while closed, finished after the circuit opened: says nothing now.
      expect(await store.settle(key, policy, early, 'failure', Date.now())).toBeUndefined();
      await pause(policy.resetTimeoutMs + 20);
      const ignored = await store.admit(key, policy, Date.now());
      expect(await store.settle(key, policy, ignored, 'ignore', Date.now())).toBeUndefined();
      const probe = await store.admit(key, policy, Date.now());
      expect(probe.allowed).toBe(true);
      expect(await store.settle(key, policy, probe, 'failure', Date.now())).toEqual({
        from: 'half_open',
        to: 'open',
      });
      const refused = await store.admit(key, policy, Date.now());
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(100);
      await store.reset(key);
      expect((await store.admit(key, policy, Date.now())).state).toBe('closed');
    });

    it('a probe that never answers gives its place back after probeLeaseMs', async () => {
      const store = await create();
      const key = unique('cb');
      const leased = { ...policy, probeLeaseMs: 150 };
      await trip(store, key, leased);
      await pause(leased.resetTimeoutMs + 20);
      const lost = await store.admit(key, leased, Date.now());
      expect(lost).toMatchObject({ allowed: true, state: 'half_open' });
      const busy = await store.admit(key, leased, Date.now());
      expect(busy.allowed).toBe(false);
      expect(busy.retryAfterMs).toBeLessThanOrEqual(150);
      await pause(170);
      const next = await store.admit(key, leased, Date.now());
      expect(next).toMatchObject({ allowed: true, state: 'half_open' });
      expect(await store.settle(key, leased, next, 'success', Date.now())).toEqual({
        from: 'half_open',
        to: 'closed',
      });
    });

    it('concurrent probes never exceed halfOpenMaxCalls', async () => {
      const store = await create();
      const key = unique('cb');
      const wide = { ...policy, halfOpenMaxCalls: 3 };
      await trip(store, key, wide);
      await pause(wide.resetTimeoutMs + 20);
      const admissions = await Promise.all(
        Array.from({ length: 20 }, () => store.admit(key, wide, Date.now())),
      );
      expect(admissions.filter((admission) => admission.allowed)).toHaveLength(3);
    });

    it('get hands out a copy of the record', async () => {
      const store = await create();
      const key = unique('cb');
      await trip(store, key);
      const record = (await store.get(key)) as { state: string };
      record.state = 'closed';
      expect((await store.get(key))?.state).toBe('open');
    });

    it('stores with different prefixes keep separate breakers under one key', async () => {
      const [one, two] = [await create(), await create()];
      const key = unique('cb');
      await trip(one, key);
      expect((await two.admit(key, policy, Date.now())).allowed).toBe(true);
      expect((await one.admit(key, policy, Date.now())).allowed).toBe(false);
    });

    if (shared) {
      it('instances sharing a prefix share one breaker', async () => {
        const prefix = unique('prefix');
        const [one, two] = [await create(prefix), await create(prefix)];
        const key = unique('cb');
        await trip(one, key);
        expect(await two.admit(key, policy, Date.now())).toMatchObject({
          allowed: false,
          state: 'open',
        });
        await pause(policy.resetTimeoutMs + 20);
        const probes = await Promise.all([
          one.admit(key, policy, Date.now()),
          two.admit(key, policy, Date.now()),
        ]);
        expect(probes.filter((probe) => probe.allowed)).toHaveLength(1);
      });
    }
  });
}

function describeSlots(create: Make<SlotStoreV1>, shared: boolean) {
  describe('SlotStore v1', () => {
    it('grants `limit` leases per key and frees them on release', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const limits = [{ key: unique('slots'), limit: 2 }];
      expect(await store.tryAcquire(limits, 'a', 60_000, Date.now())).toBe(true);
      expect(await store.tryAcquire(limits, 'b', 60_000, Date.now())).toBe(true);
      expect(await store.tryAcquire(limits, 'c', 60_000, Date.now())).toBe(false);
      expect(await store.inUse(limits[0]!.key, Date.now())).toBe(2);
      await store.release(limits, 'a');
      await store.release(limits, 'unknown');
      expect(await store.inUse(limits[0]!.key, Date.now())).toBe(1);
      expect(await store.tryAcquire(limits, 'c', 60_000, Date.now())).toBe(true);
    });

    it('takes a slot under every limit or under none', async () => {
      const store = await create();
      const wide = { key: unique('wide'), limit: 5 };
      const narrow = { key: unique('narrow'), limit: 1 };
      expect(await store.tryAcquire([wide, narrow], 'a', 60_000, Date.now())).toBe(true);
      expect(await store.tryAcquire([wide, narrow], 'b', 60_000, Date.now())).toBe(false);
      expect(await store.inUse(wide.key, Date.now())).toBe(1);
      await store.release([wide, narrow], 'a');
      expect(await store.inUse(wide.key, Date.now())).toBe(0);
      expect(await store.inUse(narrow.key, Date.now())).toBe(0);
    });

    it('an expired lease no longer holds its slot', async () => {
      const store = await create();
      const limits = [{ key: unique('lease'), limit: 1 }];
      expect(await store.tryAcquire(limits, 'crashed', 100, Date.now())).toBe(true);
      expect(await store.tryAcquire(limits, 'next', 100, Date.now())).toBe(false);
      await pause(130);
      expect(await store.tryAcquire(limits, 'next', 100, Date.now())).toBe(true);
      expect(await store.inUse(limits[0]!.key, Date.now())).toBe(1);
    });

    it('concurrent acquisitions never exceed the limit', async () => {
      const store = await create();
      const limits = [{ key: unique('race'), limit: 4 }];
      const granted = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          store.tryAcquire(limits, `lease-${index}`, 60_000, Date.now()),
        ),
      );
      expect(granted.filter(Boolean)).toHaveLength(4);
    });

    it('announces releases to onRelease listeners, when it has them', async () => {
      const store = await create();
      if (!store.onRelease) return;
      const limits = [{ key: unique('notify'), limit: 1 }];
      const heard: string[][] = [];
      const stop = store.onRelease((keys) => heard.push([...keys]));
      await pause(100);
      await store.tryAcquire(limits, 'a', 60_000, Date.now());
      await store.release(limits, 'a');
      await eventually(async () => heard.some((keys) => keys.includes(limits[0]!.key)));
      stop();
    });

    it('stores with different prefixes keep separate slots under one key', async () => {
      const [one, two] = [await create(), await create()];
      const limits = [{ key: unique('slots'), limit: 1 }];
      expect(await one.tryAcquire(limits, 'a', 60_000, Date.now())).toBe(true);
      expect(await two.tryAcquire(limits, 'b', 60_000, Date.now())).toBe(true);
      expect(await two.inUse(limits[0]!.key, Date.now())).toBe(1);
    });

    if (shared) {
      it('instances sharing a prefix share slots, and a release is announced to the others', async () => {
        const prefix = unique('prefix');
        const [one, two] = [await create(prefix), await create(prefix)];
        const limits = [{ key: unique('slots'), limit: 2 }];
        expect(await one.tryAcquire(limits, 'a', 60_000, Date.now())).toBe(true);
        expect(await two.tryAcquire(limits, 'b', 60_000, Date.now())).toBe(true);
        expect(await two.tryAcquire(limits, 'c', 60_000, Date.now())).toBe(false);
        expect(await one.inUse(limits[0]!.key, Date.now())).toBe(2);
        if (!two.onRelease) return;
        let heard = false;
        const stop = two.onRelease((keys) => {
          if (keys.includes(limits[0]!.key)) heard = true;
        });
        // A remote store subscribes asynchronously: announcements start within a round trip or so.
        await pause(100);
        await one.release(limits, 'a');
        await eventually(async () => heard);
        stop();
        expect(await two.tryAcquire(limits, 'c', 60_000, Date.now())).toBe(true);
      });
    }
  });
}

function describeCounters(create: Make<CounterStoreV1>, shared: boolean) {
  describe('CounterStore v1', () => {
    it('adds up to the limit and refuses what would pass it, adding nothing', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const key = unique('budget');
      expect(await store.get(key)).toBe(0);
      expect(await store.add(key, 2.5, 5)).toEqual({ added: true, total: 2.5 });
      expect(await store.add(key, 2.5, 5)).toEqual({ added: true, total: 5 });
      expect(await store.add(key, 0.5, 5)).toEqual({ added: false, total: 5 });
      expect(await store.add(key, 10)).toEqual({ added: true, total: 15 });
      expect(await store.get(key)).toBe(15);
      await store.reset(key);
      expect(await store.get(key)).toBe(0);
    });

    it('concurrent additions never pass the limit', async () => {
      const store = await create();
      const key = unique('race');
      const results = await Promise.all(Array.from({ length: 40 }, () => store.add(key, 1, 25)));
      expect(results.filter((result) => result.added)).toHaveLength(25);
      expect(await store.get(key)).toBe(25);
    });

    it('stores with different prefixes keep separate totals', async () => {
      const [one, two] = [await create(), await create()];
      const key = unique('budget');
      await one.add(key, 3);
      expect(await two.get(key)).toBe(0);
    });

    if (shared) {
      it('instances sharing a prefix share totals', async () => {
        const prefix = unique('prefix');
        const [one, two] = [await create(prefix), await create(prefix)];
        const key = unique('budget');
        await one.add(key, 3, 4);
        expect(await two.add(key, 3, 4)).toEqual({ added: false, total: 3 });
        expect(await two.add(key, 1, 4)).toEqual({ added: true, total: 4 });
      });
    }
  });
}

function describeSnapshots(create: Make<SnapshotStoreV1>, shared: boolean) {
  describe('SnapshotStore v1', () => {
    it('loads what was saved, as a copy, and nothing for unknown names', async () => {
      const store = await create();
      expect(store.specificationVersion).toBe('v1');
      const name = unique('server');
      expect(await store.load(name)).toBeUndefined();
      const snapshot = { tools: { echo: { schemaHash: 'abc', inputSchema: { type: 'object' } } } };
      await store.save(name, snapshot);
      const loaded = (await store.load(name)) as typeof snapshot;
      expect(loaded).toEqual(snapshot);
      loaded.tools.echo.schemaHash = 'changed';
      expect(await store.load(name)).toEqual(snapshot);
      await store.save(name, { tools: {} });
      expect(await store.load(name)).toEqual({ tools: {} });
    });

    it('stores with different prefixes keep separate documents', async () => {
      const [one, two] = [await create(), await create()];
      const name = unique('server');
      await one.save(name, 1);
      expect(await two.load(name)).toBeUndefined();
    });

    if (shared) {
      it('instances sharing a prefix share documents', async () => {
        const prefix = unique('prefix');
        const [one, two] = [await create(prefix), await create(prefix)];
        const name = unique('server');
        await one.save(name, { from: 'one' });
        expect(await two.load(name)).toEqual({ from: 'one' });
      });
    }
  });
}
