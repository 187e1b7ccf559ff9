/**
 * The on-node wrapper `openstack-ha-apply`, run for real with a stand-in `puppet` that records
 * its arguments and exits with scripted statuses: success rules, bounded retries, logging, and
 * the lock that keeps two runs from overlapping.
 */
import { spawn } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../lib/documents/puppet-payload';
import { CommandResult, runCommand, withScratchDir } from './support/run';

const SCRIPT = join(findPackageRoot(__dirname), 'lib', 'puppet', 'bin', 'openstack-ha-apply');

/**
 * A stand-in for puppet: logs its start, end, arguments and whether it inherited the lock's
 * file descriptor, sleeps $FAKE_SLEEP seconds, and exits with the next status in $FAKE_DIR/codes.
 */
const FAKE_PUPPET = `#!/bin/bash
state=$FAKE_DIR
code=$(head -n1 "$state/codes"); sed -i 1d "$state/codes"
fd9=no; [ -e /proc/$$/fd/9 ] && fd9=yes
echo "start $(date +%s.%N) fd9=$fd9 args=$*" >> "$state/calls"
echo "puppet output of a run that exits $code"
sleep "\${FAKE_SLEEP:-0}"
echo "end $(date +%s.%N)" >> "$state/calls"
exit "$code"
`;

interface Sandbox {
  readonly dir: string;
  readonly logDir: string;
  run(codes: number[], env?: NodeJS.ProcessEnv): Promise<CommandResult>;
  calls(): string[];
}

async function withSandbox(body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  await withScratchDir('apply', async (dir) => {
    const fake = join(dir, 'puppet');
    writeFileSync(fake, FAKE_PUPPET);
    chmodSync(fake, 0o755);
    writeFileSync(join(dir, 'codes'), '');
    const logDir = join(dir, 'log');
    const baseEnv = {
      FAKE_DIR: dir,
      OPENSTACK_HA_PUPPET: fake,
      OPENSTACK_HA_LOG_DIR: logDir,
      OPENSTACK_HA_LOCK_FILE: join(dir, 'lock', 'apply.lock'),
      OPENSTACK_HA_RETRY_DELAY: '0',
    };
    await body({
      dir,
      logDir,
      run: (codes, env = {}) => {
        writeFileSync(join(dir, 'codes'), codes.map((c) => `${c}\n`).join(''), { flag: 'a' });
        return runCommand('bash', [SCRIPT], { env: { ...baseEnv, ...env }, timeoutMs: 60_000 });
      },
      calls: () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : []),
    });
  });
}

function summary(logDir: string): string {
  return readFileSync(join(logDir, 'apply.log'), 'utf8');
}

function runLogs(logDir: string): string[] {
  return readdirSync(logDir).filter((f) => f.startsWith('puppet-apply-')).sort();
}

describe('openstack-ha-apply', () => {
  it('is valid bash', async () => {
    const result = await runCommand('bash', ['-n', SCRIPT]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs puppet apply on the node layout and counts "changes applied" (exit 2) as success', async () => {
    await withSandbox(async (box) => {
      const result = await box.run([2]);
      expect(result.status).toBe(0);
      const calls = box.calls();
      expect(calls).toHaveLength(2);
      expect(calls[0]).toContain(
        'args=apply --detailed-exitcodes --color false ' +
          '--modulepath /etc/openstack-ha/puppet/modules:/usr/share/puppet/modules ' +
          '--hiera_config /etc/openstack-ha/puppet/hiera.yaml /etc/openstack-ha/puppet/manifests/site.pp',
      );
      expect(calls[0]).toContain('fd9=no'); // the lock is not inherited by what puppet starts
      expect(summary(box.logDir)).toMatch(/attempt 1 succeeded: changes applied/);
      const logs = runLogs(box.logDir);
      expect(logs).toHaveLength(1);
      expect(readFileSync(join(box.logDir, logs[0]), 'utf8')).toBe('puppet output of a run that exits 2\n');
      expect(result.stdout).toContain('puppet output of a run that exits 2');
    });
  });

  it('counts "nothing to change" (exit 0) as success', async () => {
    await withSandbox(async (box) => {
      expect((await box.run([0])).status).toBe(0);
      expect(summary(box.logDir)).toMatch(/attempt 1 succeeded: nothing to change/);
    });
  });

  it('retries failed runs (exit 4, 1) and succeeds when a later attempt does', async () => {
    await withSandbox(async (box) => {
      const result = await box.run([4, 1, 2]);
      expect(result.status).toBe(0);
      const lines = summary(box.logDir);
      expect(lines).toMatch(/attempt 1 failed with exit status 4/);
      expect(lines).toMatch(/attempt 2 failed with exit status 1/);
      expect(lines).toMatch(/attempt 3 succeeded: changes applied/);
      expect(runLogs(box.logDir)).toHaveLength(3);
    });
  });

  it('gives up after the configured number of attempts and exits 1', async () => {
    await withSandbox(async (box) => {
      const result = await box.run([6, 4, 4, 0], { OPENSTACK_HA_APPLY_ATTEMPTS: '3' });
      expect(result.status).toBe(1);
      expect(box.calls().filter((c) => c.startsWith('start'))).toHaveLength(3);
      expect(summary(box.logDir)).toMatch(/giving up after 3 attempts/);
    });
  });

  it('never lets two runs overlap: the second waits for the first', async () => {
    await withSandbox(async (box) => {
      const [first, second] = await Promise.all([box.run([2], { FAKE_SLEEP: '1' }), box.run([0], { FAKE_SLEEP: '1' })]);
      expect([first.status, second.status]).toEqual([0, 0]);
      const times = box.calls().map((line) => Number(line.split(' ')[1]));
      expect(box.calls().map((line) => line.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
      expect(times[2]).toBeGreaterThanOrEqual(times[1]);
    });
  });

  it('exits 75 when another run holds the lock for longer than it may wait', async () => {
    await withSandbox(async (box) => {
      const lock = join(box.dir, 'lock', 'apply.lock');
      mkdirSync(join(box.dir, 'lock'));
      // The holder execs into sleep, so its one PID is all there is to end afterwards.
      const holder = spawn('bash', ['-c', `exec 9>>"${lock}"; flock 9; echo locked; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise<void>((resolve) => holder.on('close', () => resolve()));
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
          holder.on('error', reject);
        });
        const result = await box.run([0], { OPENSTACK_HA_LOCK_WAIT: '1' });
        expect(result.status).toBe(75);
        expect(box.calls()).toEqual([]);
        expect(summary(box.logDir)).toMatch(/another run still holds .* after 1s; giving up/);
      } finally {
        holder.kill('SIGTERM');
        await exited;
      }
    });
  });

  it('keeps only the newest 20 run logs', async () => {
    await withSandbox(async (box) => {
      mkdirSync(box.logDir, { recursive: true });
      for (let i = 0; i < 25; i++) {
        const old = join(box.logDir, `puppet-apply-20200101T0000${String(i).padStart(2, '0')}Z-1-1.log`);
        writeFileSync(old, 'old');
        utimesSync(old, 1_600_000_000 + i, 1_600_000_000 + i);
      }
      expect((await box.run([0])).status).toBe(0);
      const logs = runLogs(box.logDir);
      expect(logs).toHaveLength(20);
      expect(logs.some((f) => !f.startsWith('puppet-apply-2020'))).toBe(true); // the new one is kept
      expect(logs).not.toContain('puppet-apply-20200101T000000Z-1-1.log'); // the oldest went
    });
  });

  it('refuses tunables that are not whole numbers', async () => {
    await withSandbox(async (box) => {
      const result = await box.run([0], { OPENSTACK_HA_APPLY_ATTEMPTS: 'many' });
      expect(result.status).toBe(64);
      expect(result.stderr).toMatch(/must be whole numbers, got 'many'/);
      expect(box.calls()).toEqual([]);
    });
  });
});
