/**
 * A throw-away single-host Ceph cluster for live tests: one monitor, one manager and one
 * memstore OSD from the Debian packages (ceph-mon, ceph-mgr, ceph-osd, ceph-common), started
 * by hand (the CI machine has no systemd), with cephx required, on loopback, on two private
 * monitor ports and in a private temporary directory.
 *
 * Every daemon's PID is recorded when it is spawned, and {@link ThrowawayCeph.stop} ends each
 * one by that PID (never by name), waits until it has exited and removes the directory. Pools
 * of size 1 need two health mutes to reach HEALTH_OK on one host: no warning for pools without
 * redundancy, and a low free-space warning threshold for the monitor (the CI disk is often
 * less than 30 % free).
 */
import { ChildProcess, spawn } from 'child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { CommandResult, removeDir, runCommand } from '../../real/support/run';

/** A daemon the cluster started. */
interface Daemon {
  /** `mon.a`, `mgr.x`, `osd.0`. */
  readonly name: string;
  /** The PID recorded at spawn time. */
  readonly pid: number;
  /** The child process. */
  readonly child: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<void>;
}

/** The keyrings a cluster is bootstrapped from, as files the caller wrote into {@link ThrowawayCeph.dir}. */
export interface BootstrapKeyrings {
  /** The initial monitor keyring: `mon.`, `client.admin` and `client.bootstrap-osd`, with caps. */
  readonly monitor: string;
  /** A keyring holding `client.admin`'s key (the cluster's administrator). */
  readonly admin: string;
  /** A keyring holding `client.bootstrap-osd`'s key, which the OSD is created with. */
  readonly bootstrapOsd: string;
}

/** Two free TCP ports on loopback (released just before the monitor binds them). */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  for (const server of servers) {
    const address = server.address();
    if (address && typeof address === 'object') ports.push(address.port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return ports;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fails with the command, its status and its output. */
export function assertSucceeded(result: CommandResult, what: string): CommandResult {
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** A single-host Ceph cluster in a private directory; see the module documentation. */
export class ThrowawayCeph {
  /** The private directory: configuration, keyrings, daemon data, logs. */
  public readonly dir: string;
  /** The configuration file every command is given with `--conf`. */
  public readonly conf: string;
  /** The cluster's fsid. */
  public readonly fsid: string;
  private readonly daemons: Daemon[] = [];
  private monitorAddress = '';

  private constructor(dir: string, fsid: string) {
    this.dir = dir;
    this.conf = join(dir, 'ceph.conf');
    this.fsid = fsid;
  }

  /** Creates the private directory and the configuration; starts nothing yet. */
  public static async prepare(fsid: string): Promise<ThrowawayCeph> {
    const cluster = new ThrowawayCeph(mkdtempSync(join(tmpdir(), 'openstack-ha-live-ceph-')), fsid);
    for (const sub of ['run', 'log', 'mon', 'osd', 'mgr']) mkdirSync(join(cluster.dir, sub));
    const [v2, v1] = await freePorts(2);
    cluster.monitorAddress = `[v2:127.0.0.1:${v2},v1:127.0.0.1:${v1}]`;
    const dir = cluster.dir;
    writeFileSync(
      cluster.conf,
      [
        '[global]',
        `fsid = ${fsid}`,
        `mon host = ${cluster.monitorAddress}`,
        'public network = 127.0.0.0/8',
        'ms bind ipv6 = false',
        'auth cluster required = cephx',
        'auth service required = cephx',
        'auth client required = cephx',
        // Every client here is a patched Pacific one; Ceph warns while the old mode is allowed.
        'auth allow insecure global id reclaim = false',
        // One host, one OSD: pools of size 1, and the two mutes HEALTH_OK needs then.
        'osd pool default size = 1',
        'osd pool default min size = 1',
        'mon allow pool size one = true',
        'mon warn on pool no redundancy = false',
        'mon data avail warn = 2',
        'osd crush chooseleaf type = 0',
        'osd objectstore = memstore',
        'memstore device bytes = 536870912',
        `run dir = ${dir}/run`,
        `admin socket = ${dir}/run/$name.asok`,
        `log file = ${dir}/log/$name.log`,
        `mon data = ${dir}/mon/$name`,
        `mgr data = ${dir}/mgr/$name`,
        `osd data = ${dir}/osd/$name`,
        '',
      ].join('\n'),
    );
    return cluster;
  }

  /** Runs `ceph` as `client.admin`. */
  public ceph(args: readonly string[], keyring: string): Promise<CommandResult> {
    return this.as('ceph', 'admin', keyring, args);
  }

  /** Runs a Ceph client tool (`ceph`, `rbd`, `rados`) as `client.<id>` with the given keyring. */
  public as(tool: 'ceph' | 'rbd' | 'rados', id: string, keyring: string, args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
    return runCommand(tool, ['--conf', this.conf, '--id', id, '--keyring', keyring, ...args], { timeoutMs });
  }

  /**
   * Creates the monitor's store from the initial keyring and starts the monitor, the manager
   * (its key created with `client.admin`, as `openstack_ha::profile::ceph_mgr` does) and one
   * OSD (created with `client.bootstrap-osd`, as `ceph-volume` does); resolves once the OSD
   * is up.
   */
  public async start(keyrings: BootstrapKeyrings): Promise<void> {
    const { dir, conf } = this;
    assertSucceeded(
      await runCommand('monmaptool', ['--create', '--fsid', this.fsid, '--addv', 'a', this.monitorAddress, join(dir, 'monmap')]),
      'monmaptool',
    );
    assertSucceeded(
      await runCommand('ceph-mon', ['--conf', conf, '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap'), '--keyring', keyrings.monitor]),
      'ceph-mon --mkfs',
    );
    this.spawnDaemon('mon.a', 'ceph-mon', ['-i', 'a']);
    await this.waitFor('the monitor to answer', async () => (await this.ceph(['status', '--connect-timeout', '5'], keyrings.admin)).status === 0);

    const mgrKeyring = join(dir, 'mgr', 'mgr.x', 'keyring');
    mkdirSync(join(dir, 'mgr', 'mgr.x'));
    assertSucceeded(
      await this.ceph(['auth', 'get-or-create', 'mgr.x', 'mon', 'allow profile mgr', 'osd', 'allow *', 'mds', 'allow *', '-o', mgrKeyring], keyrings.admin),
      'creating the key of mgr.x',
    );
    this.spawnDaemon('mgr.x', 'ceph-mgr', ['-i', 'x']);

    // The OSD's own key is generated here and registered by client.bootstrap-osd.
    const osdUuid = (await runCommand('uuidgen', [])).stdout.trim();
    const osdSecret = assertSucceeded(await runCommand('ceph-authtool', ['--gen-print-key']), 'ceph-authtool --gen-print-key').stdout.trim();
    const created = assertSucceeded(
      await runCommand(
        'ceph',
        ['--conf', conf, '--name', 'client.bootstrap-osd', '--keyring', keyrings.bootstrapOsd, 'osd', 'new', osdUuid, '-i', '-'],
        { input: JSON.stringify({ cephx_secret: osdSecret }) },
      ),
      'ceph osd new (as client.bootstrap-osd)',
    );
    const osdId = created.stdout.trim();
    const osdData = join(dir, 'osd', `osd.${osdId}`);
    mkdirSync(osdData);
    assertSucceeded(
      await runCommand('ceph-authtool', ['--create-keyring', join(osdData, 'keyring'), '--name', `osd.${osdId}`, '--add-key', osdSecret]),
      'the OSD keyring',
    );
    assertSucceeded(await runCommand('ceph-osd', ['--conf', conf, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid]), 'ceph-osd --mkfs');
    this.spawnDaemon(`osd.${osdId}`, 'ceph-osd', ['-i', osdId]);
    await this.waitFor('the OSD to come up', async () => {
      const stat = await this.ceph(['osd', 'stat', '--format', 'json'], keyrings.admin);
      return stat.status === 0 && JSON.parse(stat.stdout).num_up_osds === 1;
    });
  }

  /** Waits until `ceph health` says HEALTH_OK; throws with `ceph health detail` otherwise. */
  public async waitForHealthOk(adminKeyring: string, timeoutMs = 180_000): Promise<void> {
    await this.waitFor(
      'HEALTH_OK',
      async () => (await this.ceph(['health'], adminKeyring)).stdout.startsWith('HEALTH_OK'),
      timeoutMs,
      async () => (await this.ceph(['health', 'detail'], adminKeyring)).stdout,
    );
  }

  /** The PIDs of the daemons started so far. */
  public get pids(): number[] {
    return this.daemons.map((d) => d.pid);
  }

  /**
   * Ends every daemon by its recorded PID (SIGTERM, then SIGKILL after 10 s), waits until each
   * has exited, and removes the directory. Safe to call more than once.
   */
  public async stop(): Promise<void> {
    await Promise.all(
      this.daemons.map(async (daemon) => {
        if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
        process.kill(daemon.pid, 'SIGTERM');
        const killed = await Promise.race([daemon.exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!killed) {
          process.kill(daemon.pid, 'SIGKILL');
          await daemon.exited;
        }
      }),
    );
    removeDir(this.dir);
  }

  /** Ends the daemons at once, without waiting (for a process that is exiting). */
  public killNow(): void {
    for (const daemon of this.daemons) {
      if (daemon.child.exitCode === null && daemon.child.signalCode === null) {
        try {
          process.kill(daemon.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    removeDir(this.dir);
  }

  private spawnDaemon(name: string, command: string, args: readonly string[]): void {
    // Foreground (-f), so the PID spawned is the daemon's own; output to a file of its own.
    const log = openSync(join(this.dir, 'log', `${name}.out`), 'a');
    const child = spawn(command, ['--conf', this.conf, ...args, '-f'], { stdio: ['ignore', log, log] });
    closeSync(log);
    if (child.pid === undefined) throw new Error(`cannot start ${command}`);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.daemons.push({ name, pid: child.pid, child, exited });
  }

  private async waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 120_000, explain?: () => Promise<string>): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const dead = this.daemons.find((d) => d.child.exitCode !== null || d.child.signalCode !== null);
      if (dead) {
        const output = readFileSync(join(this.dir, 'log', `${dead.name}.out`), 'utf8').split('\n').slice(-20).join('\n');
        throw new Error(`${dead.name} (PID ${dead.pid}) exited while waiting for ${what}:\n${output}`);
      }
      if (await ready()) return;
      await sleep(500);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `:\n${await explain()}` : ''}`);
  }
}
