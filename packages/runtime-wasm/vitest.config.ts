import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Integration tests start worker pools; keep files sequential so they do not starve each other.
    fileParallelism: false,
    // The files share one module graph: the fixtures are built and transpiled once, not per file
    // (halves the suite's time). No test relies on fresh module state.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
