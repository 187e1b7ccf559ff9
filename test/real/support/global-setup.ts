/**
 * Global setup of the real-tool suite: checks the Debian tools are installed (with a clear
 * message when they are not), creates the run-wide scratch directory and removes it at the end.
 */
import { existsSync } from 'fs';
import type { TestProject } from 'vitest/node';
import { makeScratchDir, removeDir } from './run';

const REQUIRED = [
  '/usr/bin/puppet',
  '/usr/bin/cloud-init',
  '/usr/share/puppet/modules/openstacklib',
  '/usr/share/puppet/modules/memcached',
  '/usr/share/puppet/modules/host_core',
];

export default function setup(project: TestProject): () => void {
  const missing = REQUIRED.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`the real tools are not installed (missing ${missing.join(', ')}): run bash scripts/install-real-tools.sh`);
  }
  const dir = makeScratchDir('real-run');
  project.provide('realRunDir', dir);
  return () => removeDir(dir);
}
