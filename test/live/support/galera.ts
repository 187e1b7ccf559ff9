/**
 * Three Galera members (MariaDB 10.11 + galera-4 from Debian) in network namespaces, set up
 * from what the library renders for three controllers: `openstack_ha::profile::galera`
 * compiled with the real Puppet modules, its files written to a private directory with only
 * paths remapped (the addresses and ports are the namespaces' own, so they stay as rendered),
 * and the members started and recovered by the rendered `openstack-ha-galera-start` and
 * `openstack-ha-galera-recover`, run as rendered with the settings their header documents.
 */
import { createInterface } from 'readline';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ChildProcess, execFileSync } from 'child_process';
import { GALERA_KEYS } from '../../../lib/documents/hiera-keys';
import { catalogFile } from '../../real/support/catalog-files';
import { ClusterNode, entry } from '../../real/support/cluster-node';
import { PuppetCatalog } from '../../real/support/puppet';
import { NetLab } from './netlab';
import { isAlive, ProcessSet, readPidFile, RunResult, sleep, Started } from './processes';

export const MY_CNF = '/etc/mysql/my.cnf';
export const CHECK_CNF = '/etc/mysql/openstack-ha-clustercheck.cnf';
export const ACCOUNTS_SQL = '/etc/mysql/openstack-ha-accounts.sql';
export const START = '/usr/local/sbin/openstack-ha-galera-start';
export const RECOVER = '/usr/local/sbin/openstack-ha-galera-recover';

/** Secrets with characters that break naive quoting (as in test/real/galera.test.ts). */
export const GALERA_SECRETS = {
  root: 'root-password-for-live-01',
  sst: `Se#cret"pa\\ss'word; 1`,
  status: 'status "pass#word" for live',
} as const;

/** Hiera of one controller's Galera member, as the constructs write it. */
export function galeraHiera(node: ClusterNode, all: readonly ClusterNode[]) {
  const members = all.map((n) => n.address);
  return {
    nodeData: [
      entry(GALERA_KEYS.clusterName, 'openstack'),
      entry(GALERA_KEYS.nodeAddress, node.address),
      entry(GALERA_KEYS.members, members),
      entry(GALERA_KEYS.bootstrapAddress, members[0]),
      entry(GALERA_KEYS.databases, { keystone: 'keystone' }),
      // The write-set cache is a preallocated file: 128 MiB instead of 1 GiB per member keeps
      // the three members' files small. It is far larger than what the test writes.
      entry(GALERA_KEYS.gcacheSize, '128M'),
    ],
    secrets: [
      entry(GALERA_KEYS.rootPassword, GALERA_SECRETS.root),
      entry(GALERA_KEYS.sstPassword, GALERA_SECRETS.sst),
      entry(GALERA_KEYS.statusPassword, GALERA_SECRETS.status),
      entry(GALERA_KEYS.databasePasswords, { keystone: 'keystone-db-password-01' }),
    ],
  };
}

/** Replaces `from` (which must occur) by `to`; the remapping fails loudly if the rendering changes. */
function remap(text: string, from: string | RegExp, to: string, what: string): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`the rendered ${what} has no ${String(from)} to remap`);
  return typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
}

/** The paths of one member on this machine. */
export interface MemberPaths {
  readonly home: string;
  readonly myCnf: string;
  readonly checkCnf: string;
  readonly accountsSql: string;
  readonly start: string;
  readonly recover: string;
  readonly data: string;
  readonly run: string;
  readonly socket: string;
  readonly pidFile: string;
  /** Where the start script sends mariadbd's output (its default: beside the pid file). */
  readonly serverLog: string;
  readonly tmp: string;
  readonly confd: string;
}

export function memberPaths(base: string, name: string): MemberPaths {
  const home = join(base, name);
  return {
    home,
    myCnf: join(home, 'etc/mysql/my.cnf'),
    checkCnf: join(home, 'etc/mysql/openstack-ha-clustercheck.cnf'),
    accountsSql: join(home, 'etc/mysql/openstack-ha-accounts.sql'),
    start: join(home, 'sbin/openstack-ha-galera-start'),
    recover: join(home, 'sbin/openstack-ha-galera-recover'),
    data: join(home, 'data'),
    run: join(home, 'run'),
    socket: join(home, 'run/mysqld.sock'),
    pidFile: join(home, 'run/mysqld.pid'),
    serverLog: join(home, 'run/mariadbd.log'),
    tmp: join(home, 'tmp'),
    confd: join(home, 'etc/mysql/conf.d'),
  };
}

/** The rendered my.cnf with the node's paths replaced by the member's private ones. */
export function remapMyCnf(rendered: string, paths: MemberPaths): string {
  let text = rendered;
  text = remap(text, /^datadir = \/var\/lib\/mysql\/?$/m, `datadir = ${paths.data}`, 'my.cnf');
  text = remap(text, '/run/mysqld/mysqld.sock', paths.socket, 'my.cnf');
  text = remap(text, '/run/mysqld/mysqld.pid', paths.pidFile, 'my.cnf');
  text = remap(text, /^tmpdir = \/tmp$/m, `tmpdir = ${paths.tmp}`, 'my.cnf');
  text = remap(text, /^!includedir \/etc\/mysql\/conf\.d\/$/m, `!includedir ${paths.confd}/`, 'my.cnf');
  return text;
}

/** The lines of `remapped` that differ from `rendered` (each must be a path remap). */
export function changedLines(rendered: string, remapped: string): string[] {
  const a = rendered.split('\n');
  const b = remapped.split('\n');
  if (a.length !== b.length) throw new Error('the remapping changed the number of lines');
  return b.filter((line, i) => line !== a[i]);
}

const MYSQL_UID = Number(execFileSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).trim());
const MYSQL_GID = Number(execFileSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).trim());

/**
 * Writes one member's files: the rendered my.cnf (paths remapped, root:mysql 0640 as Puppet
 * writes it), the health-check client options, the accounts SQL and the two scripts as
 * rendered; creates the data, temp and include directories. The SST log archive, which the
 * mariabackup SST script keeps in /tmp/sst_log_archive by default, goes to the member's own
 * directory through the include directory (a path, like the others).
 */
export function stageMember(catalog: PuppetCatalog, paths: MemberPaths): { myCnfChanges: string[] } {
  for (const dir of [paths.home, join(paths.home, 'etc/mysql'), join(paths.home, 'sbin'), paths.confd, paths.tmp]) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
  }
  chownSync(paths.tmp, MYSQL_UID, MYSQL_GID);
  const rendered = catalogFile(catalog, MY_CNF).content;
  const myCnf = remapMyCnf(rendered, paths);
  writeFileSync(paths.myCnf, myCnf, { mode: 0o640 });
  chownSync(paths.myCnf, 0, MYSQL_GID);
  writeFileSync(join(paths.confd, 'sst-log-archive.cnf'), `[sst]\nsst-log-archive-dir = ${join(paths.home, 'sst_log_archive')}\n`, { mode: 0o644 });
  writeFileSync(paths.checkCnf, remap(catalogFile(catalog, CHECK_CNF).content, '/run/mysqld/mysqld.sock', paths.socket, 'clustercheck.cnf'), { mode: 0o600 });
  writeFileSync(paths.accountsSql, catalogFile(catalog, ACCOUNTS_SQL).content, { mode: 0o600 });
  writeFileSync(paths.start, catalogFile(catalog, START).content, { mode: 0o755 });
  writeFileSync(paths.recover, catalogFile(catalog, RECOVER).content, { mode: 0o755 });
  return { myCnfChanges: changedLines(rendered, myCnf) };
}

/**
 * The environment the rendered scripts are run with: their documented settings, remapping
 * paths only (the option files), plus the launcher (no systemd here: mariadbd in the
 * background), a one-second poll instead of five and waits bounded to the test's time-outs.
 * Members, node and bootstrap member are left at their rendered values: the namespaces have
 * the rendered addresses and ports.
 */
export function scriptEnv(paths: MemberPaths): NodeJS.ProcessEnv {
  return {
    OPENSTACK_HA_GALERA_DEFAULTS_FILE: paths.myCnf,
    OPENSTACK_HA_GALERA_CHECK_FILE: paths.checkCnf,
    OPENSTACK_HA_GALERA_ACCOUNTS_SQL: paths.accountsSql,
    OPENSTACK_HA_GALERA_LAUNCHER: 'direct',
    OPENSTACK_HA_GALERA_POLL: '1',
    OPENSTACK_HA_GALERA_PRIMARY_WAIT: '240',
    OPENSTACK_HA_GALERA_SYNCED_WAIT: '240',
    OPENSTACK_HA_GALERA_EXCHANGE_WAIT: '120',
    // mktemp (the recovered position, the position exchange) stays in the member's directory.
    TMPDIR: paths.tmp,
  };
}

/** Runs SQL as root over a member's socket; throws with the client's message on failure. */
export async function sql(processes: ProcessSet, paths: MemberPaths, query: string, timeoutMs = 30_000): Promise<string> {
  const result = await processes.run(
    'mariadb',
    [`--defaults-file=${paths.myCnf}`, '--user=root', '--protocol=socket', '--batch', '--skip-column-names', '--connect-timeout=5', `--execute=${query}`],
    { timeoutMs },
  );
  if (result.status !== 0) throw new Error(`SQL on ${paths.home} failed (${result.status}): ${result.stderr.trim()}\n${query}`);
  return result.stdout;
}

/** The wsrep status of a member, or undefined when it does not answer. */
export async function wsrepStatus(processes: ProcessSet, paths: MemberPaths): Promise<Record<string, string> | undefined> {
  try {
    const out = await sql(processes, paths, "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size','wsrep_cluster_status','wsrep_local_state_comment','wsrep_cluster_state_uuid','wsrep_ready','wsrep_last_committed')", 10_000);
    return Object.fromEntries(out.trim().split('\n').map((line) => line.split('\t') as [string, string]));
  } catch {
    return undefined;
  }
}

/** What a member's server log says about the state transfers it received as a joiner. */
export function stateTransfers(paths: MemberPaths): { sst: number; ist: number } {
  const log = existsSync(paths.serverLog) ? readFileSync(paths.serverLog, 'utf8') : '';
  // The SST script runs for an IST as well; it then reports "<method> IST completed on joiner".
  return {
    sst: (log.match(/ SST completed on joiner/g) ?? []).length,
    ist: (log.match(/ IST completed on joiner/g) ?? []).length,
  };
}

/** The last "Prepared IST receiver for A-B" line of a member's log (the IST's seqno range). */
export function lastIstRange(paths: MemberPaths): string | undefined {
  const log = existsSync(paths.serverLog) ? readFileSync(paths.serverLog, 'utf8') : '';
  const all = [...log.matchAll(/Prepared IST receiver for (\S+)/g)];
  return all.length ? all[all.length - 1][1].replace(/,$/, '') : undefined;
}

/** The PID of a member's mariadbd from its pid file, once it is alive. */
export async function serverPid(paths: MemberPaths, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = readPidFile(paths.pidFile);
    if (pid !== undefined && isAlive(pid)) return pid;
    if (Date.now() > deadline) throw new Error(`no live mariadbd in ${paths.pidFile}`);
    await sleep(100);
  }
}

/** The PID the start or recovery script reports having started mariadbd with. */
export function launchedPid(scriptOutput: string): number | undefined {
  const all = [...scriptOutput.matchAll(/mariadbd started in the background, pid (\d+)/g)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

/** Runs one of the rendered scripts inside a member's namespace; its messages are also kept in `scripts.log`. */
export async function runScript(lab: NetLab, host: string, script: string, paths: MemberPaths, args: string[] = []): Promise<RunResult> {
  const result = await lab.run(host, 'bash', [script, ...args], { env: scriptEnv(paths), timeoutMs: 300_000 });
  appendFileSync(join(paths.home, 'scripts.log'), `--- ${script} ${args.join(' ')} (exit ${result.status})\n${result.stderr}`);
  return result;
}

/** One acknowledged row. */
export interface Ack {
  readonly seq: number;
  /** When the acknowledgement arrived (Timeline ms). */
  readonly at: number;
}

/**
 * Writes rows one at a time into one member through a long-lived `mariadb` client, and
 * records each acknowledged row: a row counts as acknowledged once the client has printed
 * the `SELECT <seq>` that follows its INSERT (autocommit: the INSERT was committed and
 * certified by the cluster). When the client dies (its server was killed) the writer starts
 * a new one, pausing briefly, until it is stopped.
 */
export class RowWriter {
  readonly acked: Ack[] = [];
  /** Rows sent whose acknowledgement never came (the client or server died meanwhile). */
  readonly unacknowledged: number[] = [];
  private seq = 0;
  private stopped = false;
  private client: (Started & { child: ChildProcess }) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly processes: ProcessSet,
    private readonly paths: MemberPaths,
    private readonly clock: () => number,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Stops writing; the client is ended by its PID. */
  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    if (client && isAlive(client.pid)) {
      try {
        this.processes.kill(client.pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    await this.loop;
  }

  /** Acknowledgements after time `t`. */
  ackedAfter(t: number): Ack[] {
    return this.acked.filter((a) => a.at > t);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const client = this.processes.startPiped(
        'mariadb',
        [`--defaults-file=${this.paths.myCnf}`, '--user=root', '--protocol=socket', '--batch', '--skip-column-names', '--unbuffered', '--connect-timeout=3'],
        `mariadb client of writer ${this.name}`,
      );
      this.client = client;
      const lines = createInterface({ input: client.child.stdout! });
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      let dead = false;
      lines.on('line', (line) => {
        queue.push(line.trim());
        wake?.();
      });
      client.child.stderr?.resume();
      void client.exited.then(() => {
        dead = true;
        wake?.();
      });
      while (!this.stopped && !dead) {
        const seq = ++this.seq;
        client.child.stdin!.write(`INSERT INTO ha_live.rows (writer, seq) VALUES ('${this.name}', ${seq}); SELECT ${seq};\n`);
        let acked = false;
        while (!acked && !dead && !this.stopped) {
          const line = queue.shift();
          if (line === undefined) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          } else if (line === String(seq)) {
            acked = true;
          }
        }
        if (acked) this.acked.push({ seq, at: this.clock() });
        else this.unacknowledged.push(seq);
      }
      await client.exited;
      this.processes.forget(client.pid);
      if (!this.stopped) await sleep(200);
    }
  }
}
