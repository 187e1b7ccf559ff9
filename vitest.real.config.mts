import { defineConfig } from 'vitest/config';

// The real-tool suite: checks generated artifacts with the real Debian tools (Puppet and the
// puppet-openstack modules, puppet-strings, cloud-init). Install them first with
// `bash scripts/install-real-tools.sh`, then run `npx vitest run -c vitest.real.config.mts`.
export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    globalSetup: ['test/real/support/global-setup.ts'],
    // One Puppet compile takes 2-5 s and a cold puppet-strings index about 5 s; a whole
    // blueprint's nodes take minutes on 2 cores.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Each worker runs its own Puppet processes; two match the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
    maxConcurrency: 2,
    update: false,
  },
});
