import type { SlotStoreV1 } from './slot-store.js';

/** Bulkhead slots kept in memory: per key, lease id → expiry. Answers synchronously. */
export function createMemorySlotStore(): SlotStoreV1 {
  const holders = new Map<string, Map<string, number>>();

  const holdersOf = (key: string) => {
    let leases = holders.get(key);
    if (!leases) holders.set(key, (leases = new Map()));
    return leases;
  };

  const reclaimExpired = (leases: Map<string, number>, now: number) => {
    for (const [leaseId, expiresAt] of leases) if (expiresAt <= now) leases.delete(leaseId);
  };

  return {
    specificationVersion: 'v1',
    tryAcquire(limits, leaseId, leaseMs, now) {
      for (const { key, limit } of limits) {
        const leases = holdersOf(key);
        // Expired leases are only looked for when they could matter: when the key is full.
        if (leases.size >= limit) reclaimExpired(leases, now);
        if (leases.size >= limit) return false;
      }
      const expiresAt = now + leaseMs;
      for (const { key } of limits) holders.get(key)!.set(leaseId, expiresAt);
      return true;
    },
    release(limits, leaseId) {
      for (const { key } of limits) holders.get(key)?.delete(leaseId);
    },
    inUse(key, now) {
      const leases = holders.get(key);
      if (!leases) return 0;
      reclaimExpired(leases, now);
      return leases.size;
    },
  };
}
