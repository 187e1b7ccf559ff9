import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    include: ['.ha-scratch/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 600_000, hookTimeout: 600_000, pool: 'forks', maxWorkers: 1, update: false,
  },
});
