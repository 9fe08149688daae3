import type { SlotStoreV1 } from '../../contracts/stores/v1/slot-store.js';

/**
 * Bulkhead slots kept in memory: per key, lease id → expiry. Answers synchronously; releases are
 * announced to `onRelease` listeners (several processors may share one store).
 */
export function createMemorySlotStore(): SlotStoreV1 {
  const holders = new Map<string, Map<string, number>>();
  const listeners = new Set<(keys: readonly string[]) => void>();

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
      const released: string[] = [];
      for (const { key } of limits) if (holders.get(key)?.delete(leaseId)) released.push(key);
      if (released.length === 0) return;
      for (const listener of listeners) {
        try {
          listener(released);
        } catch {
          // One listener failing must not keep the others (or the releasing call) from going on.
        }
      }
    },
    inUse(key, now) {
      const leases = holders.get(key);
      if (!leases) return 0;
      reclaimExpired(leases, now);
      return leases.size;
    },
    onRelease(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      holders.clear();
      listeners.clear();
    },
  };
}
