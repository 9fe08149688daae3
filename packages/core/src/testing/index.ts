// @tp/core/testing: conformance suites for plugin authors (requires vitest).
export {
  type ConformanceFixtures,
  type RuntimeConformanceOptions,
  runRuntimeConformance,
} from './run-runtime-conformance.js';
export {
  runStoreConformance,
  type StoreConformanceOptions,
  type StoreFactoryOptions,
} from './run-store-conformance.js';
