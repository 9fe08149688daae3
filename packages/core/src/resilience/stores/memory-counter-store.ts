import type { CounterStoreV1 } from '../../contracts/stores/v1/counter-store.js';

/** Totals kept in memory; answers synchronously. */
export function createMemoryCounterStore(): CounterStoreV1 {
  const totals = new Map<string, number>();
  return {
    specificationVersion: 'v1',
    add(key, amount, limit) {
      const before = totals.get(key) ?? 0;
      const after = before + amount;
      if (limit !== undefined && after > limit) return { added: false, total: before };
      totals.set(key, after);
      return { added: true, total: after };
    },
    get: (key) => totals.get(key) ?? 0,
    reset(key) {
      totals.delete(key);
    },
    dispose() {
      totals.clear();
    },
  };
}
