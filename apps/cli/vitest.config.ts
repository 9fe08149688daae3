import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The tests spawn the built binary; a cold node start on a busy 2-core machine is slow.
    testTimeout: 120_000,
  },
});
