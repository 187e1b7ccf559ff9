/**
 * Live proof of the RabbitMQ profile: three real brokers (Debian's rabbitmq-server 3.10 on
 * Erlang 25), each in its own network namespace with the address it was compiled for, set up
 * from the catalogs of three controllers (`openstack_ha::profile::rabbitmq`, real Puppet
 * modules, hiera as the constructs write it; see support/rabbitmq.ts for the one path
 * remapped), started all at once:
 *
 * 1. They form one cluster by themselves (classic peer discovery from the rendered
 *    `cluster_nodes`), and the rendered user and password log in.
 * 2. Partition: one broker's link is taken down. With the rendered `pause_minority` it pauses
 *    (its RabbitMQ application stops), while the majority keeps serving a quorum queue
 *    (publish with confirms, consume everything). After the link comes back there is one
 *    cluster again, not two: every broker lists the same three running nodes.
 * 3. A quorum queue declared as the OpenStack services declare it (`rabbit_quorum_queue`:
 *    durable, `x-queue-type: quorum`) gets 20,000 persistent messages with publisher confirms;
 *    `kill -9` of the queue's leader; a survivor delivers all 20,000.
 *
 * The partition runs before the leader kill so that it has three brokers without restarting
 * one. The AMQP client is amqplib 0.10, installed with npm into the scratch directory when the
 * repository does not have it. Every process is ended by its PID, the namespaces deleted and
 * the directory removed in afterAll, whatever happened.
 */
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterNode } from '../real/support/cluster-node';
import { findResource } from '../real/support/puppet';
import { NetLab } from './support/netlab';
import { ProcessSet, sleep, Started, waitGone } from './support/processes';
import {
  amqp,
  amqplibPath,
  amqpUrl,
  Broker,
  clusterStatus,
  compileRabbitControllers,
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
import { PuppetCatalog } from '../real/support/puppet';

const CONTROLLERS: readonly ClusterNode[] = [
  { hostname: 'ctl1', address: '10.199.2.11' },
  { hostname: 'ctl2', address: '10.199.2.12' },
  { hostname: 'ctl3', address: '10.199.2.13' },
];
const CLIENT = { name: 'client', address: '10.199.2.100' };
const MESSAGES = 20_000;
const ALL_NODES = CONTROLLERS.map((c) => `rabbit@${c.hostname}`).sort();

const processes = new ProcessSet('rabbitmq live test');
const lab = new NetLab('mq', processes);
const figures = new Figures('RabbitMQ (3 x rabbitmq-server 3.10.8, Erlang 25, network namespaces)');
const timeline = new Timeline();
let base: string | undefined;
let nodePath = '';
let catalogs: PuppetCatalog[] = [];
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

const byName = (name: string) => brokers.find((b) => b.name === name)!;

function publish(broker: Broker, queue: string, from: number, count: number): Promise<Published> {
  return amqp<Published>(lab, CLIENT.name, nodePath, { op: 'publish', url: amqpUrl(broker), queue, from, count });
}

function consume(broker: Broker, queue: string, from: number, count: number, timeoutMs = 90_000): Promise<Consumed> {
  return amqp<Consumed>(lab, CLIENT.name, nodePath, { op: 'consume', url: amqpUrl(broker), queue, from, count, timeoutMs }, timeoutMs + 30_000);
}

/** Waits (bounded) until every broker lists the same running nodes, all three of them, and no partition. */
async function waitOneCluster(timeoutMs: number): Promise<Record<string, string[]>> {
  const deadline = timeline.now() + timeoutMs;
  let last: Record<string, unknown> = {};
  for (;;) {
    const statuses = await Promise.all(brokers.map((b) => clusterStatus(lab, b).catch((e: Error) => e)));
    last = Object.fromEntries(brokers.map((b, i) => [b.name, statuses[i] instanceof Error ? String(statuses[i]) : statuses[i]]));
    const running = statuses.map((s) => (s instanceof Error ? [] : [...s.running_nodes].sort()));
    const partitions = statuses.map((s) => (s instanceof Error ? ['?'] : Object.keys(s.partitions ?? {})));
    if (running.every((r) => JSON.stringify(r) === JSON.stringify(ALL_NODES)) && partitions.every((p) => p.length === 0)) {
      return Object.fromEntries(brokers.map((b, i) => [b.name, running[i]]));
    }
    if (timeline.now() > deadline) throw new Error(`not one cluster of three after ${timeoutMs} ms: ${JSON.stringify(last, null, 1)}`);
    await sleep(1000);
  }
}

beforeAll(async () => {
  base = makeTraversableScratch('rabbitmq');
  timeline.step(`scratch ${base}; compiling the three controllers' catalogs`);
  const compileStarted = timeline.now();
  const [compiled, client] = await Promise.all([compileRabbitControllers(CONTROLLERS), amqplibPath(processes, join(base, 'amqplib'))]);
  catalogs = compiled;
  nodePath = client.nodePath;
  figures.add('catalog compiles (3 controllers, in parallel)', seconds(timeline.now() - compileStarted));
  figures.add('AMQP client', `amqplib ${client.how}`);
  lab.create([...CONTROLLERS.map((c) => ({ name: c.hostname, address: c.address })), CLIENT]);
  CONTROLLERS.forEach((c, i) => brokers.push(stageBroker(base!, c, catalogs[i])));
  timeline.step('staged');
});

afterAll(async () => {
  try {
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

describe('RabbitMQ: three real brokers from the rendered configuration', () => {
  it('all three start at once and form one cluster; the rendered user logs in', async () => {
    const started = timeline.now();
    for (const broker of brokers) await startEpmd(lab, broker);
    for (const broker of brokers) servers[broker.name] = startBroker(lab, broker);
    await Promise.all(brokers.map((b) => waitStartup(b, servers[b.name], 1, 240_000)));
    figures.add('start-up: all three brokers started after', seconds(timeline.now() - started));
    const running = await waitOneCluster(120_000);
    figures.add('one cluster after', seconds(timeline.now() - started));
    figures.add('cluster_status running_nodes (each broker)', running.ctl1.join(' '));
    for (const b of brokers) processes.adopt(servers[b.name].pid, `beam ${b.nodeName}`);
    // The policy Puppet declares for classic queues (rabbitmqctl provider), as on the nodes.
    const policy = findResource(catalogs[0], 'Rabbitmq_policy', 'ha-classic-queues@/')!.parameters!;
    const set = await ctl(lab, brokers[0], [
      'set_policy',
      '--apply-to', String(policy.applyto),
      '--priority', String(policy.priority),
      'ha-classic-queues',
      String(policy.pattern),
      JSON.stringify(policy.definition),
    ]);
    expect(set.status, set.stderr).toBe(0);
    timeline.step('one cluster of three');
  });

  it('partition: the cut-off broker pauses (pause_minority), the majority serves, and after healing there is one cluster', async () => {
    const queue = 'ha-live.partition';
    const before = await publish(byName('ctl1'), queue, 0, 1000);
    expect(before).toMatchObject({ confirmed: 1000, nacked: 0 });
    const minority = byName('ctl3');
    const startupsBefore = startupsCompleted(minority);

    const cutAt = timeline.now();
    lab.linkDown('ctl3');
    timeline.step('ctl3 cut off (link down)');
    // The minority notices the others gone after the Erlang distribution's tick time-out
    // (net_ticktime, 60 s by default: the rendered configuration keeps it), then pauses.
    const pauseLine = /Cluster minority\/secondary status detected - awaiting recovery/;
    while (!pauseLine.test(tail(minority.logFile, 400)) && timeline.now() - cutAt < 150_000) await sleep(500);
    expect(tail(minority.logFile, 400), 'ctl3 log: pause_minority').toMatch(pauseLine);
    figures.add('partition: ctl3 paused itself after', seconds(timeline.now() - cutAt));
    // Its status: the Erlang node runs, the RabbitMQ application does not.
    let check = await ctl(lab, minority, ['-q', 'check_running'], 'rabbitmq-diagnostics');
    for (let i = 0; i < 20 && check.status === 0; i++) {
      await sleep(500);
      check = await ctl(lab, minority, ['-q', 'check_running'], 'rabbitmq-diagnostics');
    }
    expect(check.status, 'rabbitmq-diagnostics check_running on the paused broker').not.toBe(0);
    const checkOutput = `${check.stdout}${check.stderr}`;
    expect(checkOutput).toMatch(/not running/i);
    const checkSays = checkOutput.split('\n').find((line) => /not running/i.test(line))!.trim();
    figures.add('ctl3 status while cut off (check_running)', checkSays);

    // The majority serves: publish with confirms and consume everything, through ctl1 and ctl2.
    const majority = await clusterStatus(lab, byName('ctl1'));
    expect([...majority.running_nodes].sort()).toEqual(['rabbit@ctl1', 'rabbit@ctl2']);
    const during = await publish(byName('ctl1'), queue, 1000, 1000);
    expect(during).toMatchObject({ confirmed: 1000, nacked: 0 });
    const drained = await consume(byName('ctl2'), queue, 0, 2000);
    expect(drained.distinct, JSON.stringify(drained)).toBe(2000);
    expect(drained.outside).toBe(0);
    figures.add('majority during the partition: confirmed / consumed', `${before.confirmed + during.confirmed} / ${drained.distinct} of 2000`);

    const healAt = timeline.now();
    lab.linkUp('ctl3');
    timeline.step('ctl3 link up');
    while (startupsCompleted(minority) <= startupsBefore && timeline.now() - healAt < 150_000) await sleep(250);
    expect(startupsCompleted(minority), 'ctl3 restarted its application after the heal').toBeGreaterThan(startupsBefore);
    figures.add('heal: ctl3 running again after', seconds(timeline.now() - healAt));
    const running = await waitOneCluster(120_000);
    figures.add('heal: one cluster (same running nodes on all three) after', seconds(timeline.now() - healAt));
    for (const b of brokers) expect(running[b.name], `running nodes seen by ${b.name}`).toEqual(ALL_NODES);
    figures.add('cluster_status after the heal (ctl1 | ctl2 | ctl3)', brokers.map((b) => running[b.name].length).join(' | ') + ' running nodes, the same on each');
    // The healed broker serves again.
    const after = await publish(byName('ctl3'), queue, 2000, 100);
    expect(after).toMatchObject({ confirmed: 100, nacked: 0 });
    const afterDrained = await consume(byName('ctl3'), queue, 2000, 100);
    expect(afterDrained.distinct).toBe(100);
    timeline.step('healed');
  });

  it(`a quorum queue keeps all ${MESSAGES} confirmed messages when its leader is killed (kill -9)`, async () => {
    const queue = 'ha-live.qq';
    const published = await publish(byName('ctl1'), queue, 0, MESSAGES);
    expect(published).toMatchObject({ confirmed: MESSAGES, nacked: 0 });
    figures.add('quorum queue: messages published / confirmed', `${MESSAGES} / ${published.confirmed} in ${seconds(published.ms)}`);
    const { leader, members, type } = await queueLeader(lab, brokers[0], queue);
    expect(type).toBe('quorum');
    expect([...members].sort()).toEqual(ALL_NODES);
    const victim = brokers.find((b) => b.nodeName === leader)!;
    expect(victim, `leader ${leader}`).toBeDefined();

    const killedAt = timeline.now();
    processes.kill(servers[victim.name].pid, 'SIGKILL');
    expect(await waitGone([servers[victim.name].pid], 10_000)).toBe(true);
    timeline.step(`kill -9 ${leader}`);
    const survivor = brokers.find((b) => b !== victim)!;
    const consumed = await consume(survivor, queue, 0, MESSAGES);
    figures.add(`kill -9 of the leader (${leader}); consumed from ${survivor.nodeName}`, `${consumed.distinct} of ${MESSAGES} distinct (${consumed.received} deliveries) in ${seconds(timeline.now() - killedAt)}`);
    expect(consumed.missing, JSON.stringify(consumed)).toEqual([]);
    expect(consumed.distinct).toBe(MESSAGES);
    expect(consumed.outside).toBe(0);
    const now = await queueLeader(lab, survivor, queue);
    expect(now.leader).not.toBe(leader);
    figures.add('new leader', now.leader);
    timeline.step('drained');
  });
});
