import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The tests spawn the built server and real MCP clients; cold starts on a busy 2-core machine are slow.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
