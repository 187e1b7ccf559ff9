import { defineConfig } from 'vitest/config';

// The live suite: starts real daemons (a throw-away single-host Ceph with cephx) on private
// ports and in private temporary directories, checks behaviour against them, and ends every
// daemon it started by its PID. Install the Debian packages first with
// `bash scripts/install-real-tools.sh`, then run `npx vitest run -c vitest.live.config.mts`.
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Starting a cluster takes 10-40 s on 2 cores, more when the machine is busy.
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // One worker, one file at a time: daemons compete for the same two cores.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    update: false,
  },
});
