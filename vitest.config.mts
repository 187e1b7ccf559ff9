import { defineConfig } from 'vitest/config';

// `npm test` runs the unit suite: fast, no daemons, no Debian packages needed.
// The real-tool and live suites have their own configs and commands.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/real/**', 'test/live/**', 'node_modules/**', 'dist/**'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 60_000,
    // Snapshots are reviewed like code: never write a missing one silently in CI.
    update: false,
    // Transformed modules are kept on disk between runs (node_modules/.experimental-vitest-cache),
    // so a warm run of one file does not transform the library again.
    experimental: { fsModuleCache: true },
  },
});
