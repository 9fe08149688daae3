import { runStoreConformance } from '../../testing/run-store-conformance.js';
import { createMemoryCacheStore } from './memory-cache-store.js';
import { createMemoryCircuitStateStore } from './memory-circuit-state-store.js';
import { createMemoryCounterStore } from './memory-counter-store.js';
import { createMemoryRateLimitStore } from './memory-rate-limit-store.js';
import { createMemorySlotStore } from './memory-slot-store.js';
import { createMemorySnapshotStore } from './memory-snapshot-store.js';

// In-memory stores are one per instance: a prefix has nothing to namespace, and nothing is shared.
runStoreConformance({
  name: 'in-memory',
  cache: () => createMemoryCacheStore(),
  rateLimit: () => createMemoryRateLimitStore(),
  circuit: () => createMemoryCircuitStateStore(),
  slots: () => createMemorySlotStore(),
  counters: () => createMemoryCounterStore(),
  snapshots: () => createMemorySnapshotStore(),
});
