import { runStoreConformance } from '../../testing/run-store-conformance.js';
import { createMemoryCacheStore } from './memory-cache-store.js';
import { createMemoryCircuitStateStore } from './memory-circuit-state-store.js';
import { createMemoryRateLimitStore } from './memory-rate-limit-store.js';
import { createMemorySlotStore } from './memory-slot-store.js';

runStoreConformance({
  name: 'in-memory',
  cache: () => createMemoryCacheStore(),
  rateLimit: () => createMemoryRateLimitStore(),
  circuit: () => createMemoryCircuitStateStore(),
  slots: () => createMemorySlotStore(),
});
