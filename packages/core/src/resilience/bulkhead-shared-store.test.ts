import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SlotStoreV1 } from '../contracts/stores/v1/slot-store.js';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';
import { createMemorySlotStore } from './stores/memory-slot-store.js';

/** Two processors sharing one slot store, as two instances sharing a Redis do. */
function twoInstances(store: SlotStoreV1) {
  const stats = { started: [] as number[] };
  const make = () => {
    const { tool } = countingTool('work', async (_n, _args, ctx) => {
      stats.started.push(Date.now());
      await delay(100, ctx.signal);
      return 'done';
    });
    return harness(
      { bulkhead: { global: 1, acquireTimeoutMs: 5000 }, stores: { bulkhead: store } },
      tool,
    );
  };
  return { one: make(), two: make(), stats };
}

describe('bulkhead over a store shared by several instances', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a waiter is woken at once by another instance's release (onRelease)", async () => {
    const { one, two, stats } = twoInstances(createMemorySlotStore());
    const first = one.run('work');
    await vi.advanceTimersByTimeAsync(1);
    const second = two.run('work');
    await vi.advanceTimersByTimeAsync(100);
    expect(stats.started).toHaveLength(2);
    // Started as soon as the first released, not at the next poll.
    expect(stats.started[1]! - stats.started[0]!).toBe(100);
    await vi.advanceTimersByTimeAsync(100);
    expect((await first).ok && (await second).ok).toBe(true);
  });

  it('without onRelease, waiters poll with backoff and still get the slot', async () => {
    const shared = createMemorySlotStore();
    const { onRelease: _ignored, ...withoutNotifications } = shared;
    const { one, two, stats } = twoInstances(withoutNotifications);
    const first = one.run('work');
    await vi.advanceTimersByTimeAsync(1);
    const second = two.run('work');
    await vi.advanceTimersByTimeAsync(2000);
    expect(stats.started).toHaveLength(2);
    const gap = stats.started[1]! - stats.started[0]!;
    // Polls at 10, 20, 40, 80 ms...: the slot freed at 100 ms is found by the poll at ~150 ms.
    expect(gap).toBeGreaterThanOrEqual(100);
    expect(gap).toBeLessThan(400);
    expect((await first).ok && (await second).ok).toBe(true);
  });

  it("a crashed holder's lease expires and a polling waiter takes the slot", async () => {
    const store = createMemorySlotStore();
    const crashedAt = Date.now();
    expect(store.tryAcquire([{ key: 'global', limit: 1 }], 'crashed', 300, crashedAt)).toBe(true);
    const { one, stats } = twoInstances(store);
    const pending = one.run('work');
    await vi.advanceTimersByTimeAsync(1500);
    expect(stats.started).toHaveLength(1);
    expect(stats.started[0]! - crashedAt).toBeGreaterThanOrEqual(300);
    expect((await pending).ok).toBe(true);
  });
});
