/**
 * Live proof of the two cluster profiles of three controllers, against the real daemons from
 * Debian, set up from what the library renders: one catalog per controller with the `galera`
 * and `rabbitmq` profiles (real Puppet modules, hiera as the constructs write it), its files
 * written to a private directory with only paths remapped. Every member runs in a network
 * namespace of its own that has the address it was compiled for (a database network
 * 10.199.1.0/24 and a messaging network 10.199.2.0/24, each a bridge in a namespace of its
 * own), so the rendered addresses and ports stay as they are.
 *
 * Galera (3 x mariadbd with galera-4), driven by the scripts the library ships to the nodes:
 * 1. First boot: `openstack-ha-galera-start` on all three at once forms one cluster (the
 *    bootstrap member bootstraps and creates the accounts, the others join by SST).
 * 2. Rows are written continuously on two members; `kill -9` of the third: the writes resume
 *    once it is evicted, and `openstack-ha-galera-start` brings it back by IST, not SST.
 * 3. `kill -9` of all three: `openstack-ha-galera-recover` on all three brings the cluster back
 *    with the same cluster UUID, the others rejoining by IST, and no acknowledged row is lost.
 *
 * RabbitMQ (3 x rabbitmq-server 3.10):
 * 1. All three start at once and form one cluster (classic peer discovery from the rendered
 *    `cluster_nodes`); the rendered user (a password with quotes and a backslash) logs in.
 * 2. Partition: one broker's link goes down. With the rendered `pause_minority` it pauses (its
 *    RabbitMQ application stops), while the majority keeps serving a quorum queue; after the
 *    link is back there is one cluster, not two: every broker lists the same running nodes.
 * 3. A quorum queue declared as the OpenStack services declare it (`rabbit_quorum_queue`:
 *    durable, `x-queue-type: quorum`) gets 20,000 persistent messages with publisher confirms;
 *    `kill -9` of its leader; a survivor delivers all 20,000. (This runs after the partition,
 *    so the partition has three brokers without restarting one.)
 *
 * The two clusters run side by side (concurrent tests): most of the RabbitMQ scenario is the
 * minute the cut-off broker needs to notice the partition. The AMQP client is amqplib 0.10,
 * installed with npm into the scratch directory when the repository does not have it.
 *
 * Every process is recorded by its PID and ended by it; afterAll also ends whatever is left in
 * the namespaces (by the PIDs `ip netns pids` lists), deletes them and removes the scratch
 * directory, whatever happened. Run with `npm run test:live` (as root, after
 * `bash scripts/install-real-tools.sh`). OHA_LIVE_VERBOSE=1 prints the steps as they happen,
 * OHA_LIVE_KEEP=1 keeps the scratch directory (logs) for a post-mortem.
 */
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterNode } from '../real/support/cluster-node';
import { findResource, PuppetCatalog } from '../real/support/puppet';
import { compileControllers } from './support/controllers';
import {
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
import { ProcessSet, RunResult, sleep, Started, waitGone, waitReaped } from './support/processes';
import {
  amqp,
  amqplibPath,
  amqpUrl,
  Broker,
  clusterStatus,
  ctl,
  queueLeader,
  stageBroker,
  startBroker,
  startEpmd,
  startupsCompleted,
  tail,
  waitStartup,
} from './support/rabbitmq';
import { Figures, makeTraversableScratch, removeScratch, seconds, Timeline } from './support/report';

const DATABASE: readonly ClusterNode[] = [
  { hostname: 'ctl1', address: '10.199.1.11' },
  { hostname: 'ctl2', address: '10.199.1.12' },
  { hostname: 'ctl3', address: '10.199.1.13' },
];
const MESSAGING: readonly ClusterNode[] = [
  { hostname: 'ctl1', address: '10.199.2.11' },
  { hostname: 'ctl2', address: '10.199.2.12' },
  { hostname: 'ctl3', address: '10.199.2.13' },
];
const NAMES = DATABASE.map((c) => c.hostname);
const AMQP_CLIENT = { name: 'client', address: '10.199.2.100' };
const MESSAGES = 20_000;
const PARTITION_QUEUE = 'ha-live.partition';
const ALL_BROKERS = MESSAGING.map((c) => `rabbit@${c.hostname}`).sort();

const processes = new ProcessSet('controllers live test');
const galeraLab = new NetLab('db', processes);
const rabbitLab = new NetLab('mq', processes);
const started = performance.now();
const common = new Figures('Three controllers (galera + rabbitmq profiles)');
const galeraFigures = new Figures('Galera (3 x mariadbd 10.11.19 + galera-4 26.4, mariabackup SST, network namespaces)');
const rabbitFigures = new Figures('RabbitMQ (3 x rabbitmq-server 3.10.8, Erlang 25, network namespaces)');
const galeraTimeline = new Timeline();
const rabbitTimeline = new Timeline();
let base: string | undefined;
let catalogs: PuppetCatalog[] = [];

// ---------------------------------------------------------------------------------------------
// Galera

const paths: Record<string, MemberPaths> = {};
const pids: Record<string, number> = {};
let writers: RowWriter[] = [];
let clusterUuid = '';

function expectOk(result: RunResult, what: string): void {
  expect(result.status, `${what} failed (exit ${result.status}):\n${result.stderr.slice(-6000)}\n--- steps\n${galeraTimeline}`).toBe(0);
}

async function adoptServer(name: string, scriptOutput: string): Promise<void> {
  const pid = await serverPid(paths[name]);
  // The script's own report and the pid file name the same process.
  expect(launchedPid(scriptOutput), `the PID the script reports for ${name}`).toBe(pid);
  processes.adopt(pid, `mariadbd ${name}`);
  pids[name] = pid;
}

async function expectOneGaleraCluster(size: number): Promise<string> {
  const uuids = new Set<string>();
  for (const name of NAMES) {
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

/** Every (writer, seq) row on a member, read once the member has applied everything before. */
async function rowsOn(name: string): Promise<Set<string>> {
  const out = await sql(processes, paths[name], 'SET SESSION wsrep_sync_wait = 1; SELECT writer, seq FROM ha_live.rows', 60_000);
  return new Set(out.trim().split('\n').filter(Boolean).map((line) => line.replace('\t', ':')));
}

async function galeraFirstBoot(): Promise<void> {
  const t0 = galeraTimeline.now();
  const results = await Promise.all(NAMES.map((name) => runScript(galeraLab, name, paths[name].start, paths[name])));
  results.forEach((result, i) => expectOk(result, `openstack-ha-galera-start on ${NAMES[i]}`));
  galeraFigures.add('first boot (openstack-ha-galera-start on all three at once): all Synced after', seconds(galeraTimeline.now() - t0));
  expect(results[0].stderr).toContain('this is the bootstrap member (10.199.1.11:3306:4444) and no member is Primary: bootstrapping a new cluster');
  expect(results[0].stderr).toContain("creating the cluster's accounts from");
  for (const i of [1, 2]) expect(results[i].stderr).toMatch(/member 10\.199\.1\.11:3306:4444 is Primary \(cluster [0-9a-f-]{36}\): joining it/);
  for (const [i, name] of NAMES.entries()) await adoptServer(name, results[i].stderr);
  clusterUuid = await expectOneGaleraCluster(3);
  galeraFigures.add('cluster state UUID', clusterUuid);
  // Empty members join by a full copy: an SST with mariabackup and the rendered sst account.
  for (const name of NAMES.slice(1)) expect(stateTransfers(paths[name]).sst, `${name} first joined by SST`).toBe(1);
  galeraFigures.add('first boot: ctl2, ctl3 joined by', 'SST (mariabackup) each, as empty members do');
  const checks = await Promise.all(NAMES.map((name) => runScript(galeraLab, name, paths[name].start, paths[name], ['--check'])));
  checks.forEach((result, i) => expectOk(result, `openstack-ha-galera-start --check on ${NAMES[i]}`));
  await sql(processes, paths.ctl1, 'CREATE DATABASE ha_live; CREATE TABLE ha_live.rows (writer VARCHAR(8) NOT NULL, seq INT NOT NULL, PRIMARY KEY (writer, seq)) ENGINE=InnoDB');
  galeraTimeline.step('one cluster of three');
}

async function galeraKillOne(): Promise<void> {
  const now = () => galeraTimeline.now();
  writers = [new RowWriter('w1', processes, paths.ctl1, now), new RowWriter('w2', processes, paths.ctl2, now)];
  writers.forEach((w) => w.start());
  const warmUp = now() + 60_000;
  while (writers.some((w) => w.acked.length < 50) && now() < warmUp) await sleep(100);
  for (const w of writers) expect(w.acked.length, `${w.name} writes`).toBeGreaterThanOrEqual(50);
  const before = stateTransfers(paths.ctl3);

  const killedAt = now();
  processes.kill(pids.ctl3, 'SIGKILL');
  expect(await waitGone([pids.ctl3], 10_000)).toBe(true);
  galeraTimeline.step('kill -9 ctl3');
  // Writes stall until the dead member is evicted (evs.suspect_timeout, 5 s), then go on.
  while (writers.some((w) => w.ackedAfter(killedAt + 500).length === 0) && now() < killedAt + 60_000) await sleep(100);
  for (const w of writers) expect(w.ackedAfter(killedAt + 500).length, `${w.name} writes again after the kill`).toBeGreaterThan(0);
  const stalls = writers.map((w) => {
    let previous = w.acked.filter((a) => a.at <= killedAt).pop()?.at ?? killedAt;
    let gap = 0;
    for (const a of w.ackedAfter(killedAt)) {
      gap = Math.max(gap, a.at - previous);
      previous = a.at;
    }
    return gap;
  });
  galeraFigures.add('kill -9 ctl3: longest write stall (w1 on ctl1, w2 on ctl2)', stalls.map(seconds).join(', '));
  galeraFigures.add('cluster size on ctl1 after the eviction', (await wsrepStatus(processes, paths.ctl1))?.wsrep_cluster_size ?? '?');
  expect((await wsrepStatus(processes, paths.ctl1))?.wsrep_cluster_size).toBe('2');
  await sleep(1500); // ctl3 falls further behind
  // As under systemd, which reaps the service at once: the script reads the pid file, and
  // `kill -0` succeeds on a zombie that this machine's PID 1 has not reaped yet.
  expect(await waitReaped([pids.ctl3], 10_000)).toBe(true);
  processes.forget(pids.ctl3);

  const rejoinStarted = now();
  const rejoin = await runScript(galeraLab, 'ctl3', paths.ctl3.start, paths.ctl3);
  expectOk(rejoin, 'openstack-ha-galera-start on ctl3 after kill -9');
  galeraFigures.add('ctl3 rejoin (openstack-ha-galera-start, writes going on) took', seconds(now() - rejoinStarted));
  expect(rejoin.stderr).toContain(`this member holds the data of cluster ${clusterUuid}`);
  expect(rejoin.stderr).toMatch(new RegExp(`this member's recovered position: ${clusterUuid}:\\d+`));
  await adoptServer('ctl3', rejoin.stderr);
  const after = stateTransfers(paths.ctl3);
  expect(after.sst, 'ctl3 rejoined without a full SST').toBe(before.sst);
  expect(after.ist, 'ctl3 rejoined by IST').toBe(before.ist + 1);
  galeraFigures.add('ctl3 rejoined by', `IST (seqno ${lastIstRange(paths.ctl3) ?? '?'}), 0 SST`);
  await sleep(1000);
  expect(await expectOneGaleraCluster(3)).toBe(clusterUuid);
  galeraTimeline.step('ctl3 back by IST');
}

async function galeraFullCrash(): Promise<void> {
  const transfersBefore = Object.fromEntries(NAMES.map((name) => [name, stateTransfers(paths[name])]));
  for (const name of NAMES) processes.kill(pids[name], 'SIGKILL');
  expect(await waitGone(NAMES.map((n) => pids[n]), 10_000)).toBe(true);
  galeraTimeline.step('kill -9 of all three');
  await Promise.all(writers.map((w) => w.stop()));
  const acked = writers.flatMap((w) => w.acked.map((a) => `${w.name}:${a.seq}`));
  galeraFigures.add('rows written and acknowledged (w1 + w2) until the full crash', `${writers[0].acked.length} + ${writers[1].acked.length} = ${acked.length}`);
  expect(await waitReaped(NAMES.map((n) => pids[n]), 10_000)).toBe(true);
  NAMES.forEach((name) => processes.forget(pids[name]));

  const recoverStarted = galeraTimeline.now();
  const results = await Promise.all(NAMES.map((name) => runScript(galeraLab, name, paths[name].recover, paths[name])));
  results.forEach((result, i) => expectOk(result, `openstack-ha-galera-recover on ${NAMES[i]}`));
  galeraFigures.add('full-crash recovery (openstack-ha-galera-recover on all three) took', seconds(galeraTimeline.now() - recoverStarted));
  const choices = results.map((r) => /bootstrapping from member (\S+): cluster ([0-9a-f-]{36}), seqno (\d+)/.exec(r.stderr));
  for (const c of choices) expect(c, 'every member states its choice').not.toBeNull();
  expect(new Set(choices.map((c) => c![1])).size, 'all members chose the same member').toBe(1);
  expect(choices[0]![2], 'the recovered cluster is the one that crashed').toBe(clusterUuid);
  const chosen = DATABASE.find((c) => choices[0]![1].startsWith(`${c.address}:`))!.hostname;
  galeraFigures.add('recovered positions (seqno)', results.map((r, i) => `${NAMES[i]} ${/this member's position: \S+:(-?\d+)/.exec(r.stderr)?.[1] ?? '?'}`).join(', '));
  galeraFigures.add('bootstrapped from', `${chosen} (seqno ${choices[0]![3]})`);
  for (const [i, name] of NAMES.entries()) await adoptServer(name, results[i].stderr);

  const uuid = await expectOneGaleraCluster(3);
  expect(uuid, 'the same cluster UUID after the full-crash recovery').toBe(clusterUuid);
  galeraFigures.add('cluster UUID after the recovery', uuid === clusterUuid ? 'unchanged' : `CHANGED to ${uuid}`);
  const how: string[] = [];
  for (const name of NAMES.filter((n) => n !== chosen)) {
    const transfers = stateTransfers(paths[name]);
    expect(transfers.sst, `${name} rejoined without a full SST`).toBe(transfersBefore[name].sst);
    how.push(`${name} ${transfers.ist > transfersBefore[name].ist ? `IST (${lastIstRange(paths[name]) ?? '?'})` : 'nothing to transfer'}`);
  }
  galeraFigures.add('rejoined after the recovery by', `${how.join(', ')}; 0 SST`);

  const rows = await Promise.all(NAMES.map((name) => rowsOn(name)));
  const counts = rows.map((set) => set.size);
  galeraFigures.add('rows read on ctl1, ctl2, ctl3 after the recovery', counts.join(', '));
  for (const [i, set] of rows.entries()) {
    expect(acked.filter((key) => !set.has(key)), `acknowledged rows missing on ${NAMES[i]}`).toEqual([]);
  }
  expect(new Set(counts).size, 'every member holds the same rows').toBe(1);
  const extra = counts[0] - acked.length;
  const inFlight = writers.reduce((n, w) => n + w.unacknowledged.length, 0);
  expect(extra).toBeGreaterThanOrEqual(0);
  expect(extra, 'rows beyond the acknowledged ones can only be in-flight ones').toBeLessThanOrEqual(inFlight);
  galeraFigures.add('acknowledged rows lost', `0 of ${acked.length} (and ${extra} of ${inFlight} unacknowledged in-flight rows committed)`);
  for (const name of NAMES) await sql(processes, paths[name], `INSERT INTO ha_live.rows (writer, seq) VALUES ('after', ${NAMES.indexOf(name)})`);
  galeraTimeline.step('recovered');
}

// ---------------------------------------------------------------------------------------------
// RabbitMQ

let nodePath = '';
const brokers: Broker[] = [];
const servers: Record<string, Started> = {};

interface Published {
  confirmed: number;
  nacked: number;
  ms: number;
}
interface Consumed {
  received: number;
  distinct: number;
  missing: number[];
  outside: number;
  errors: string[];
}

const broker = (name: string) => brokers.find((b) => b.name === name)!;

function publish(to: Broker, queue: string, from: number, count: number): Promise<Published> {
  return amqp<Published>(rabbitLab, AMQP_CLIENT.name, nodePath, { op: 'publish', url: amqpUrl(to), queue, from, count });
}

function consume(from: Broker, queue: string, first: number, count: number, timeoutMs = 90_000): Promise<Consumed> {
  return amqp<Consumed>(rabbitLab, AMQP_CLIENT.name, nodePath, { op: 'consume', url: amqpUrl(from), queue, from: first, count, timeoutMs }, timeoutMs + 30_000);
}

/** Waits (bounded) until every broker lists the same three running nodes and no partition. */
async function waitOneRabbitCluster(timeoutMs: number): Promise<Record<string, string[]>> {
  const deadline = rabbitTimeline.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(brokers.map((b) => clusterStatus(rabbitLab, b).catch((e: Error) => e)));
    const running = statuses.map((s) => (s instanceof Error ? [] : [...s.running_nodes].sort()));
    const partitions = statuses.map((s) => (s instanceof Error ? ['?'] : Object.keys(s.partitions ?? {})));
    if (running.every((r) => JSON.stringify(r) === JSON.stringify(ALL_BROKERS)) && partitions.every((p) => p.length === 0)) {
      return Object.fromEntries(brokers.map((b, i) => [b.name, running[i]]));
    }
    if (rabbitTimeline.now() > deadline) {
      throw new Error(`not one cluster of three after ${timeoutMs} ms: ${JSON.stringify(statuses.map((s) => (s instanceof Error ? s.message : s)), null, 1)}`);
    }
    await sleep(1000);
  }
}

async function rabbitStart(): Promise<void> {
  const t0 = rabbitTimeline.now();
  for (const b of brokers) await startEpmd(rabbitLab, b);
  for (const b of brokers) servers[b.name] = startBroker(rabbitLab, b);
  for (const b of brokers) processes.adopt(servers[b.name].pid, `beam ${b.nodeName}`);
  await Promise.all(brokers.map((b) => waitStartup(b, servers[b.name], 1, 240_000)));
  rabbitFigures.add('start-up (all three at once): every broker started after', seconds(rabbitTimeline.now() - t0));
  const running = await waitOneRabbitCluster(120_000);
  rabbitFigures.add('one cluster after', seconds(rabbitTimeline.now() - t0));
  rabbitFigures.add('cluster_status running_nodes', running.ctl1.join(' '));
  // The policy Puppet declares for classic queues (rabbitmqctl provider), as on the nodes.
  const policy = findResource(catalogs[0], 'Rabbitmq_policy', 'ha-classic-queues@/')!.parameters!;
  const set = await ctl(rabbitLab, brokers[0], [
    'set_policy',
    '--apply-to', String(policy.applyto),
    '--priority', String(policy.priority),
    'ha-classic-queues',
    String(policy.pattern),
    JSON.stringify(policy.definition),
  ]);
  expect(set.status, set.stderr).toBe(0);
  // The rendered user logs in, and a quorum queue takes confirmed messages.
  const first = await publish(broker('ctl1'), PARTITION_QUEUE, 0, 1000);
  expect(first).toMatchObject({ confirmed: 1000, nacked: 0 });
  rabbitTimeline.step('one cluster of three');
}

async function rabbitPartition(): Promise<void> {
  const minority = broker('ctl3');
  const startupsBefore = startupsCompleted(minority);
  const cutAt = rabbitTimeline.now();
  rabbitLab.linkDown('ctl3');
  rabbitTimeline.step('ctl3 cut off (link down)');
  // The minority notices the others gone after the Erlang distribution's tick time-out
  // (net_ticktime: 60 s by default, which the rendered configuration keeps), then pauses.
  const pauseLine = /Cluster minority\/secondary status detected - awaiting recovery/;
  while (!pauseLine.test(tail(minority.logFile, 400)) && rabbitTimeline.now() - cutAt < 150_000) await sleep(500);
  expect(tail(minority.logFile, 400), 'ctl3 log: pause_minority').toMatch(pauseLine);
  rabbitFigures.add('partition: the cut-off ctl3 paused itself after', seconds(rabbitTimeline.now() - cutAt));
  // Its status: the Erlang node runs, the RabbitMQ application does not.
  let check = await ctl(rabbitLab, minority, ['-q', 'check_running'], 'rabbitmq-diagnostics');
  for (let i = 0; i < 20 && check.status === 0; i++) {
    await sleep(500);
    check = await ctl(rabbitLab, minority, ['-q', 'check_running'], 'rabbitmq-diagnostics');
  }
  expect(check.status, 'rabbitmq-diagnostics check_running on the paused broker').not.toBe(0);
  const output = `${check.stdout}${check.stderr}`;
  expect(output).toMatch(/not running/i);
  rabbitFigures.add('ctl3 status while cut off (check_running)', output.split('\n').find((line) => /not running/i.test(line))!.trim());

  // The majority serves: publish with confirms through ctl1, consume everything through ctl2.
  const majority = await clusterStatus(rabbitLab, broker('ctl1'));
  expect([...majority.running_nodes].sort()).toEqual(['rabbit@ctl1', 'rabbit@ctl2']);
  const during = await publish(broker('ctl1'), PARTITION_QUEUE, 1000, 1000);
  expect(during).toMatchObject({ confirmed: 1000, nacked: 0 });
  const drained = await consume(broker('ctl2'), PARTITION_QUEUE, 0, 2000);
  expect(drained.distinct, JSON.stringify(drained)).toBe(2000);
  expect(drained.outside).toBe(0);
  rabbitFigures.add('majority during the partition: confirmed / consumed', `1000 before + ${during.confirmed} during / ${drained.distinct} of 2000`);

  const healAt = rabbitTimeline.now();
  rabbitLab.linkUp('ctl3');
  rabbitTimeline.step('ctl3 link up');
  while (startupsCompleted(minority) <= startupsBefore && rabbitTimeline.now() - healAt < 150_000) await sleep(250);
  expect(startupsCompleted(minority), 'ctl3 restarted its application after the heal').toBeGreaterThan(startupsBefore);
  rabbitFigures.add('heal: ctl3 running again after', seconds(rabbitTimeline.now() - healAt));
  const running = await waitOneRabbitCluster(120_000);
  rabbitFigures.add('heal: one cluster (the same running nodes on all three) after', seconds(rabbitTimeline.now() - healAt));
  for (const b of brokers) expect(running[b.name], `running nodes seen by ${b.name}`).toEqual(ALL_BROKERS);
  rabbitFigures.add('cluster_status after the heal (ctl1 | ctl2 | ctl3)', `${brokers.map((b) => running[b.name].length).join(' | ')} running nodes, the same on each`);
  // The healed broker serves again.
  expect(await publish(minority, PARTITION_QUEUE, 2000, 100)).toMatchObject({ confirmed: 100, nacked: 0 });
  expect((await consume(minority, PARTITION_QUEUE, 2000, 100)).distinct).toBe(100);
  rabbitTimeline.step('healed');
}

async function rabbitKillLeader(): Promise<void> {
  const queue = 'ha-live.qq';
  const published = await publish(broker('ctl1'), queue, 0, MESSAGES);
  expect(published).toMatchObject({ confirmed: MESSAGES, nacked: 0 });
  rabbitFigures.add('quorum queue: messages published / confirmed', `${MESSAGES} / ${published.confirmed} in ${seconds(published.ms)}`);
  const { leader, members, type } = await queueLeader(rabbitLab, brokers[0], queue);
  expect(type).toBe('quorum');
  expect([...members].sort()).toEqual(ALL_BROKERS);
  const victim = brokers.find((b) => b.nodeName === leader);
  expect(victim, `leader ${leader}`).toBeDefined();

  const killedAt = rabbitTimeline.now();
  processes.kill(servers[victim!.name].pid, 'SIGKILL');
  expect(await waitGone([servers[victim!.name].pid], 10_000)).toBe(true);
  rabbitTimeline.step(`kill -9 ${leader}`);
  const survivor = brokers.find((b) => b !== victim)!;
  const consumed = await consume(survivor, queue, 0, MESSAGES);
  rabbitFigures.add(
    `kill -9 of the leader ${leader}; consumed from ${survivor.nodeName}`,
    `${consumed.distinct} of ${MESSAGES} distinct (${consumed.received} deliveries), ${seconds(rabbitTimeline.now() - killedAt)} after the kill`,
  );
  expect(consumed.missing, JSON.stringify(consumed)).toEqual([]);
  expect(consumed.distinct).toBe(MESSAGES);
  expect(consumed.outside).toBe(0);
  const now = await queueLeader(rabbitLab, survivor, queue);
  expect(now.leader).not.toBe(leader);
  rabbitFigures.add('new leader', now.leader);
  rabbitTimeline.step('drained');
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  base = makeTraversableScratch('controllers');
  const t0 = performance.now();
  const [compiled, client] = await Promise.all([compileControllers(DATABASE, MESSAGING), amqplibPath(processes, join(base, 'amqplib'))]);
  catalogs = compiled;
  nodePath = client.nodePath;
  common.add('catalog compiles (3 controllers, galera + rabbitmq, in parallel)', seconds(performance.now() - t0));
  rabbitFigures.add('AMQP client', `amqplib ${client.how}`);

  galeraLab.create(DATABASE.map((c) => ({ name: c.hostname, address: c.address })));
  DATABASE.forEach((c, i) => {
    paths[c.hostname] = memberPaths(join(base!, 'galera'), c.hostname);
    const { myCnfChanges } = stageMember(catalogs[i], paths[c.hostname]);
    // Only paths differ from the rendered my.cnf.
    expect(myCnfChanges.map((line) => line.split('=')[0].trim()).sort()).toEqual(
      [`!includedir ${paths[c.hostname].confd}/`, 'datadir', 'pid-file', 'socket', 'socket', 'tmpdir'].sort(),
    );
  });
  // What the package's postinst does on every node: an initial data directory.
  const installed = await Promise.all(
    NAMES.map((name) => galeraLab.run(name, 'mariadb-install-db', [`--defaults-file=${paths[name].myCnf}`, '--skip-test-db'], { timeoutMs: 120_000 })),
  );
  installed.forEach((result, i) => expectOk(result, `mariadb-install-db on ${NAMES[i]}`));

  rabbitLab.create([...MESSAGING.map((c) => ({ name: c.hostname, address: c.address })), AMQP_CLIENT]);
  MESSAGING.forEach((c, i) => brokers.push(stageBroker(join(base!, 'rabbitmq'), c, catalogs[i])));
  common.add('set-up (compiles, namespaces, files, data directories) took', seconds(performance.now() - t0));
});

afterAll(async () => {
  try {
    await Promise.all(writers.map((w) => w.stop()));
    const ended = await processes.killAll();
    const leftover = [...(await galeraLab.destroy()), ...(await rabbitLab.destroy())];
    processes.dispose();
    common.add('clean-up: processes ended by PID / still in the namespaces', `${ended.length} / ${leftover.length}`);
  } finally {
    if (process.env.OHA_LIVE_KEEP) console.log(`kept ${base}`);
    else removeScratch(base);
    common.add('whole file took', seconds(performance.now() - started));
    galeraFigures.print();
    rabbitFigures.print();
    common.print();
    if (process.env.OHA_LIVE_VERBOSE) console.log(`Galera steps:\n${galeraTimeline}\nRabbitMQ steps:\n${rabbitTimeline}`);
  }
});

describe.concurrent('three controllers: Galera and RabbitMQ side by side', () => {
  it('Galera: one cluster at first boot; kill -9 of a member, which rejoins by IST; kill -9 of all, recovered with the same UUID and no acknowledged row lost', async () => {
    await galeraFirstBoot();
    await galeraKillOne();
    await galeraFullCrash();
  });

  it(`RabbitMQ: one cluster; a partition pauses the minority and heals into one cluster; ${MESSAGES} confirmed messages survive kill -9 of the quorum queue's leader`, async () => {
    await rabbitStart();
    await rabbitPartition();
    await rabbitKillLeader();
  });
});
