/**
 * Live proof of the Galera profile: three real MariaDB Galera members (Debian's mariadbd with
 * galera-4), each in its own network namespace with the address it was compiled for, set up
 * from the catalogs of three controllers (`openstack_ha::profile::galera`, real Puppet
 * modules, hiera as the constructs write it; only paths remapped), and driven by the scripts
 * the library ships to the nodes:
 *
 * 1. First boot: `openstack-ha-galera-start` runs on all three at once; they form one cluster
 *    (the bootstrap member bootstraps and creates the accounts, the others join by SST).
 * 2. Rows are written continuously on two members; `kill -9` of the third: the writes resume
 *    once it is evicted, and `openstack-ha-galera-start` brings it back by IST, not SST.
 * 3. `kill -9` of all three: `openstack-ha-galera-recover` on all three brings the cluster
 *    back with the same cluster UUID, the other members rejoining by IST (or with nothing to
 *    transfer), and no acknowledged row is lost.
 *
 * Every process is ended by its PID, the namespaces are deleted and the directory removed in
 * afterAll, whatever happened. Run with `npm run test:live` (as root, after
 * `bash scripts/install-real-tools.sh`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterNode } from '../real/support/cluster-node';
import {
  compileGaleraControllers,
  lastIstRange,
  launchedPid,
  MemberPaths,
  memberPaths,
  RowWriter,
  runScript,
  serverPid,
  sql,
  stageMember,
  stateTransfers,
  wsrepStatus,
} from './support/galera';
import { NetLab } from './support/netlab';
import { ProcessSet, RunResult, sleep, waitGone, waitReaped } from './support/processes';
import { Figures, makeTraversableScratch, removeScratch, seconds, Timeline } from './support/report';

const CONTROLLERS: readonly ClusterNode[] = [
  { hostname: 'ctl1', address: '10.199.1.11' },
  { hostname: 'ctl2', address: '10.199.1.12' },
  { hostname: 'ctl3', address: '10.199.1.13' },
];
const NAMES = CONTROLLERS.map((c) => c.hostname);

const processes = new ProcessSet('galera live test');
const lab = new NetLab('gal', processes);
const figures = new Figures('Galera (3 x mariadbd 10.11 + galera-4, mariabackup SST, network namespaces)');
const timeline = new Timeline();
let base: string | undefined;
const paths: Record<string, MemberPaths> = {};
const pids: Record<string, number> = {};
let writers: RowWriter[] = [];
let clusterUuid = '';

function expectOk(result: RunResult, what: string): void {
  expect(result.status, `${what} failed (exit ${result.status}):\n${result.stderr.slice(-6000)}\n--- timeline\n${timeline}`).toBe(0);
}

async function adoptServer(name: string, scriptOutput: string): Promise<number> {
  const pid = await serverPid(paths[name]);
  const reported = launchedPid(scriptOutput);
  // The script's own report and the pid file name the same process.
  expect(reported, `the script's reported PID for ${name}`).toBe(pid);
  processes.adopt(pid, `mariadbd ${name}`);
  pids[name] = pid;
  return pid;
}

async function expectOneCluster(names: readonly string[], size: number): Promise<string> {
  const uuids = new Set<string>();
  for (const name of names) {
    const status = await wsrepStatus(processes, paths[name]);
    expect(status, `${name} answers`).toBeDefined();
    expect(status, name).toMatchObject({
      wsrep_cluster_size: String(size),
      wsrep_cluster_status: 'Primary',
      wsrep_local_state_comment: 'Synced',
      wsrep_ready: 'ON',
    });
    uuids.add(status!.wsrep_cluster_state_uuid);
  }
  expect([...uuids], 'one cluster state UUID on every member').toHaveLength(1);
  return [...uuids][0];
}

/** Waits (bounded) until `member` reports the cluster size. */
async function waitClusterSize(name: string, size: number, timeoutMs: number): Promise<number> {
  const started = timeline.now();
  for (;;) {
    const status = await wsrepStatus(processes, paths[name]);
    if (status?.wsrep_cluster_size === String(size)) return timeline.now() - started;
    if (timeline.now() - started > timeoutMs) throw new Error(`${name}: cluster size not ${size} after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await sleep(200);
  }
}

/** Every (writer, seq) row on a member, read after the member has applied everything before. */
async function rowsOn(name: string): Promise<Set<string>> {
  const out = await sql(processes, paths[name], 'SET SESSION wsrep_sync_wait = 1; SELECT writer, seq FROM ha_live.rows', 60_000);
  return new Set(out.trim().split('\n').filter(Boolean).map((line) => line.replace('\t', ':')));
}

function ackedKeys(): string[] {
  return writers.flatMap((w) => w.acked.map((a) => `${w.name}:${a.seq}`));
}

beforeAll(async () => {
  base = makeTraversableScratch('galera');
  timeline.step(`scratch ${base}; compiling the three controllers' catalogs`);
  const compileStarted = timeline.now();
  const catalogs = await compileGaleraControllers(CONTROLLERS);
  figures.add('catalog compiles (3 controllers, in parallel)', seconds(timeline.now() - compileStarted));
  lab.create(CONTROLLERS.map((c) => ({ name: c.hostname, address: c.address })));
  CONTROLLERS.forEach((c, i) => {
    paths[c.hostname] = memberPaths(base!, c.hostname);
    const { myCnfChanges } = stageMember(catalogs[i], paths[c.hostname]);
    // Only paths differ from the rendered my.cnf.
    expect(myCnfChanges.map((line) => line.split('=')[0].trim()).sort()).toEqual(
      ['!includedir ' + paths[c.hostname].confd + '/', 'datadir', 'pid-file', 'socket', 'socket', 'tmpdir'].sort(),
    );
  });
  // What the package's postinst does on every node: an initial data directory.
  const installed = await Promise.all(
    NAMES.map((name) =>
      lab.run(name, 'mariadb-install-db', [`--defaults-file=${paths[name].myCnf}`, '--skip-test-db'], { timeoutMs: 120_000 }),
    ),
  );
  installed.forEach((result, i) => expectOk(result, `mariadb-install-db on ${NAMES[i]}`));
  timeline.step('staged: rendered files written, data directories initialised');
});

afterAll(async () => {
  try {
    await Promise.all(writers.map((w) => w.stop()));
    const ended = await processes.killAll();
    const leftover = await lab.destroy();
    processes.dispose();
    figures.add('clean-up: processes ended by PID / left in namespaces', `${ended.length} / ${leftover.length}`);
  } finally {
    if (process.env.OHA_LIVE_KEEP) console.log(`kept ${base}`);
    else removeScratch(base);
    figures.print();
    if (process.env.OHA_LIVE_VERBOSE) console.log(timeline.toString());
  }
});

describe('Galera: the library\'s start and recovery scripts against three real members', () => {
  it('first boot: openstack-ha-galera-start on all three at once forms one cluster', async () => {
    const started = timeline.now();
    const results = await Promise.all(NAMES.map((name) => runScript(lab, name, paths[name].start, paths[name])));
    results.forEach((result, i) => expectOk(result, `openstack-ha-galera-start on ${NAMES[i]}`));
    figures.add('first boot: all three Synced after', seconds(timeline.now() - started));
    expect(results[0].stderr).toContain('this is the bootstrap member (10.199.1.11:3306:4444) and no member is Primary: bootstrapping a new cluster');
    expect(results[0].stderr).toContain('creating the cluster\'s accounts from');
    for (const i of [1, 2]) expect(results[i].stderr).toMatch(/member 10\.199\.1\.11:3306:4444 is Primary \(cluster [0-9a-f-]{36}\): joining it/);
    for (const [i, name] of NAMES.entries()) await adoptServer(name, results[i].stderr);
    clusterUuid = await expectOneCluster(NAMES, 3);
    figures.add('cluster state UUID', clusterUuid);
    for (const name of NAMES.slice(1)) {
      const transfers = stateTransfers(paths[name]);
      // An empty member joins by a full copy: the SST (mariabackup, with the rendered sst account).
      expect(transfers.sst, `${name} first joined by SST`).toBe(1);
    }
    figures.add('first boot: ctl2, ctl3 joined by', 'SST (mariabackup) each, as expected for empty members');
    // The script refuses nothing and is idempotent: --check reports Synced on every member.
    const checks = await Promise.all(NAMES.map((name) => runScript(lab, name, paths[name].start, paths[name], ['--check'])));
    checks.forEach((result, i) => expectOk(result, `openstack-ha-galera-start --check on ${NAMES[i]}`));
    await sql(processes, paths.ctl1, 'CREATE DATABASE ha_live; CREATE TABLE ha_live.rows (writer VARCHAR(8) NOT NULL, seq INT NOT NULL, PRIMARY KEY (writer, seq)) ENGINE=InnoDB');
    timeline.step('one cluster of three');
  });

  it('kill -9 of one member: writes resume after its eviction, and it rejoins by IST, not SST', async () => {
    writers = [new RowWriter('w1', processes, paths.ctl1, () => timeline.now()), new RowWriter('w2', processes, paths.ctl2, () => timeline.now())];
    writers.forEach((w) => w.start());
    await sleep(2000);
    for (const w of writers) expect(w.acked.length, `${w.name} writes`).toBeGreaterThan(10);
    const before = stateTransfers(paths.ctl3);

    const killedAt = timeline.now();
    processes.kill(pids.ctl3, 'SIGKILL');
    expect(await waitGone([pids.ctl3], 10_000)).toBe(true);
    processes.forget(pids.ctl3);
    timeline.step('kill -9 ctl3');

    // Writes stall until the dead member is evicted (evs.suspect_timeout), then go on.
    const deadline = killedAt + 60_000;
    while (writers.some((w) => w.ackedAfter(killedAt + 500).length === 0) && timeline.now() < deadline) await sleep(100);
    const resumed = writers.map((w) => {
      const after = w.ackedAfter(killedAt);
      let gap = 0;
      let previous = w.acked.filter((a) => a.at <= killedAt).pop()?.at ?? killedAt;
      for (const a of after) {
        gap = Math.max(gap, a.at - previous);
        previous = a.at;
      }
      return gap;
    });
    for (const w of writers) expect(w.ackedAfter(killedAt + 500).length, `${w.name} writes again after the kill`).toBeGreaterThan(0);
    figures.add('kill -9 ctl3: longest write stall (w1 on ctl1, w2 on ctl2)', resumed.map(seconds).join(', '));
    figures.add('cluster size on ctl1 after eviction', (await wsrepStatus(processes, paths.ctl1))?.wsrep_cluster_size ?? '?');
    await sleep(1500); // ctl3 falls further behind

    const rejoinStarted = timeline.now();
    const rejoin = await runScript(lab, 'ctl3', paths.ctl3.start, paths.ctl3);
    expectOk(rejoin, 'openstack-ha-galera-start on ctl3 after kill -9');
    figures.add('ctl3 rejoin (openstack-ha-galera-start) took', seconds(timeline.now() - rejoinStarted));
    expect(rejoin.stderr).toContain(`this member holds the data of cluster ${clusterUuid}`);
    expect(rejoin.stderr).toMatch(new RegExp(`this member's recovered position: ${clusterUuid}:\\d+`));
    await adoptServer('ctl3', rejoin.stderr);
    const after = stateTransfers(paths.ctl3);
    expect(after.sst, 'ctl3 rejoined without a full SST').toBe(before.sst);
    expect(after.ist, 'ctl3 rejoined by IST').toBe(before.ist + 1);
    figures.add('ctl3 rejoined by', `IST (seqno ${lastIstRange(paths.ctl3) ?? '?'}), 0 SST`);
    await sleep(1000);
    expect(await expectOneCluster(NAMES, 3)).toBe(clusterUuid);
    timeline.step('ctl3 back by IST');
  });

  it('kill -9 of all three: openstack-ha-galera-recover brings back the same cluster, the others by IST, no acknowledged row lost', async () => {
    const transfersBefore = Object.fromEntries(NAMES.map((name) => [name, stateTransfers(paths[name])]));
    for (const name of NAMES) processes.kill(pids[name], 'SIGKILL');
    expect(await waitGone(NAMES.map((n) => pids[n]), 10_000)).toBe(true);
    // As under systemd, which reaps its service at once: the scripts look at the pid file, and
    // `kill -0` succeeds on a zombie that this machine's PID 1 has not reaped yet.
    expect(await waitReaped(NAMES.map((n) => pids[n]), 10_000)).toBe(true);
    NAMES.forEach((name) => processes.forget(pids[name]));
    timeline.step('kill -9 of all three');
    await Promise.all(writers.map((w) => w.stop()));
    const acked = ackedKeys();
    figures.add('rows acknowledged (w1 + w2) before the full crash', `${writers[0].acked.length} + ${writers[1].acked.length} = ${acked.length}`);

    const recoverStarted = timeline.now();
    const results = await Promise.all(NAMES.map((name) => runScript(lab, name, paths[name].recover, paths[name])));
    results.forEach((result, i) => expectOk(result, `openstack-ha-galera-recover on ${NAMES[i]}`));
    figures.add('full-crash recovery (openstack-ha-galera-recover on all three) took', seconds(timeline.now() - recoverStarted));
    const choice = /bootstrapping from member (\S+): cluster ([0-9a-f-]{36}), seqno (\d+)/;
    const chosen = results.map((r) => choice.exec(r.stderr));
    for (const c of chosen) expect(c, 'every member states its choice').not.toBeNull();
    expect(new Set(chosen.map((c) => c![1])).size, 'all members chose the same member').toBe(1);
    expect(chosen[0]![2], 'the recovered cluster is the one that crashed').toBe(clusterUuid);
    const chosenName = CONTROLLERS.find((c) => chosen[0]![1].startsWith(`${c.address}:`))!.hostname;
    const positions = results.map((r, i) => `${NAMES[i]} ${/this member's position: \S+:(-?\d+)/.exec(r.stderr)?.[1] ?? '?'}`);
    figures.add('recovered positions (seqno)', positions.join(', '));
    figures.add('bootstrapped from', `${chosenName} (seqno ${chosen[0]![3]})`);
    for (const [i, name] of NAMES.entries()) await adoptServer(name, results[i].stderr);

    const uuid = await expectOneCluster(NAMES, 3);
    expect(uuid, 'same cluster UUID after the full-crash recovery').toBe(clusterUuid);
    figures.add('cluster UUID after recovery', uuid === clusterUuid ? 'unchanged' : `CHANGED to ${uuid}`);
    const how: string[] = [];
    for (const name of NAMES.filter((n) => n !== chosenName)) {
      const now = stateTransfers(paths[name]);
      expect(now.sst, `${name} rejoined without a full SST`).toBe(transfersBefore[name].sst);
      how.push(`${name} ${now.ist > transfersBefore[name].ist ? `IST (${lastIstRange(paths[name]) ?? '?'})` : 'nothing to transfer (already at the seqno)'}`);
    }
    figures.add('rejoined after recovery by', `${how.join(', ')}; 0 SST`);

    const rows = await Promise.all(NAMES.map((name) => rowsOn(name)));
    const counts = rows.map((set) => set.size);
    figures.add('rows on ctl1, ctl2, ctl3 after recovery', counts.join(', '));
    for (const [i, set] of rows.entries()) {
      const lost = acked.filter((key) => !set.has(key));
      expect(lost, `acknowledged rows missing on ${NAMES[i]}`).toEqual([]);
    }
    expect(new Set(counts).size, 'every member holds the same rows').toBe(1);
    const extra = counts[0] - acked.length;
    const unacked = writers.reduce((n, w) => n + w.unacknowledged.length, 0);
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra, 'rows beyond the acknowledged ones can only be in-flight ones').toBeLessThanOrEqual(unacked);
    figures.add('acknowledged rows lost', `0 of ${acked.length} (plus ${extra} of ${unacked} in-flight rows committed)`);
    // Every member takes writes again.
    for (const name of NAMES) await sql(processes, paths[name], `INSERT INTO ha_live.rows (writer, seq) VALUES ('after', ${NAMES.indexOf(name)})`);
    timeline.step('recovered');
  });
});
