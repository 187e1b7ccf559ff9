/**
 * Three RabbitMQ 3.10 brokers (Debian's rabbitmq-server, Erlang 25) in network namespaces, set
 * up from what `openstack_ha::profile::rabbitmq` renders for three controllers: the catalog's
 * rabbitmq.config as rendered, its rabbitmq-env.conf with only the inetrc path remapped, its
 * Erlang cookie, and its host entries (which the base profile writes to /etc/hosts on a node)
 * given to Erlang's resolver through that inetrc. Every node has its own namespace, so the
 * rendered addresses and ports (5672, 25672, epmd's 4369) stay as they are.
 *
 * The brokers are run as `rabbitmq-server` with `RUNNING_UNDER_SYSTEMD=true`, which makes the
 * script exec the Erlang VM: the PID recorded is beam's. Each namespace gets its own epmd,
 * started first and ended by its PID (otherwise the first Erlang node would spawn an
 * `epmd -daemon` that outlives everything). The scripts in /usr/lib/rabbitmq/bin are called
 * directly: the /usr/sbin wrappers switch to the rabbitmq user and its /var/lib/rabbitmq.
 */
import { execFileSync } from 'child_process';
import { createRequire } from 'module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { RABBITMQ_KEYS } from '../../../lib/documents/hiera-keys';
import { catalogFile } from '../../real/support/catalog-files';
import { ClusterNode, entry } from '../../real/support/cluster-node';
import { PuppetCatalog } from '../../real/support/puppet';
import { NetLab } from './netlab';
import { ProcessSet, RunResult, sleep, Started } from './processes';

export const RABBIT_BIN = '/usr/lib/rabbitmq/bin';
export const CONFIG = '/etc/rabbitmq/rabbitmq.config';
export const ENV_CONFIG = '/etc/rabbitmq/rabbitmq-env.conf';
export const INETRC = '/etc/rabbitmq/inetrc';
export const COOKIE = '/var/lib/rabbitmq/.erlang.cookie';

/** A password with the characters that break an unescaped Erlang binary: the login proves it was rendered right. */
export const RABBIT_PASSWORD = 'rabbit "pass\\word" for live';
export const RABBIT_COOKIE = 'Cookie-For-Live-Tests-0123456789';

/** Hiera of one controller's RabbitMQ member, as the constructs write it. */
export function rabbitHiera(node: ClusterNode, all: readonly ClusterNode[]) {
  return {
    nodeData: [entry(RABBITMQ_KEYS.nodeAddress, node.address), entry(RABBITMQ_KEYS.clusterNodes, all.map((c) => c.hostname))],
    secrets: [entry(RABBITMQ_KEYS.erlangCookie, RABBIT_COOKIE), entry(RABBITMQ_KEYS.password, RABBIT_PASSWORD)],
  };
}

/** One broker's paths and identity on this machine. */
export interface Broker {
  readonly name: string;
  readonly nodeName: string;
  readonly address: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly stdoutLog: string;
}

/** The catalog's host entries as Erlang inetrc terms (`{host, IP, Names}.`). */
function hostTerms(catalog: PuppetCatalog): string[] {
  return catalog.resources
    .filter((r) => r.type === 'Host' && r.parameters?.ensure !== 'absent')
    .map((r) => {
      const names = [r.title, ...((r.parameters?.host_aliases as string[] | undefined) ?? [])];
      const ip = String(r.parameters?.ip).split('.').join(',');
      return `{host, {${ip}}, [${names.map((n) => JSON.stringify(n)).join(', ')}]}.`;
    });
}

/**
 * Writes one broker's files: rabbitmq.config as rendered, rabbitmq-env.conf with the inetrc
 * path remapped, the inetrc as rendered plus the host entries (looked up in that table first),
 * and the cookie (mode 0400) in the broker's own HOME.
 */
export function stageBroker(base: string, node: ClusterNode, catalog: PuppetCatalog): Broker {
  const home = join(base, node.hostname);
  const etc = join(home, 'etc/rabbitmq');
  for (const dir of [etc, join(home, 'home'), join(home, 'mnesia'), join(home, 'log')]) mkdirSync(dir, { recursive: true });
  const config = join(etc, 'rabbitmq.config');
  writeFileSync(config, catalogFile(catalog, CONFIG).content);
  const inetrc = join(etc, 'inetrc');
  writeFileSync(
    inetrc,
    `${catalogFile(catalog, INETRC).content.trimEnd()}\n` +
      '%% live test: the host entries the base profile writes to /etc/hosts on a node\n' +
      `{lookup, [file, native]}.\n${hostTerms(catalog).join('\n')}\n`,
  );
  const envConf = join(etc, 'rabbitmq-env.conf');
  const renderedEnv = catalogFile(catalog, ENV_CONFIG).content;
  if (!renderedEnv.includes(`ERL_INETRC=${INETRC}`)) throw new Error(`the rendered rabbitmq-env.conf sets no ERL_INETRC=${INETRC}`);
  writeFileSync(envConf, renderedEnv.replace(`ERL_INETRC=${INETRC}`, `ERL_INETRC=${inetrc}`));
  const cookie = join(home, 'home/.erlang.cookie');
  writeFileSync(cookie, catalogFile(catalog, COOKIE).content, { mode: 0o400 });
  const nodeName = `rabbit@${node.hostname}`;
  const env: NodeJS.ProcessEnv = {
    HOME: join(home, 'home'),
    // The node name a broker takes from its host name on the node.
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_CONF_ENV_FILE: envConf,
    RABBITMQ_CONFIG_FILE: config,
    RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
    RABBITMQ_LOG_BASE: join(home, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(etc, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(home, 'rabbitmq.pid'),
    // The CLI tools read it from the environment (the server from rabbitmq-env.conf).
    ERL_INETRC: inetrc,
    ERL_CRASH_DUMP_SECONDS: '0',
    LC_ALL: 'C.UTF-8',
  };
  return { name: node.hostname, nodeName, address: node.address, home, env, logFile: join(home, 'log', `${nodeName}.log`), stdoutLog: join(home, 'stdout.log') };
}

/** Starts epmd in a broker's namespace (foreground, so its PID is recorded) and waits until it listens. */
export async function startEpmd(lab: NetLab, broker: Broker): Promise<Started> {
  const epmd = lab.start(broker.name, 'epmd', ['-port', '4369'], `epmd ${broker.name}`, { logFile: join(broker.home, 'epmd.log') });
  for (let i = 0; i < 100; i++) {
    if (listening(lab, broker.name, 4369)) return epmd;
    await sleep(50);
  }
  throw new Error(`epmd in ${broker.name} does not listen`);
}

function listening(lab: NetLab, host: string, port: number): boolean {
  const out = execFileSync('ip', ['netns', 'exec', lab.ns(host), 'ss', '-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  return out.trim() !== '';
}

/** Starts a broker; the PID is beam's (the script execs erl under RUNNING_UNDER_SYSTEMD). */
export function startBroker(lab: NetLab, broker: Broker): Started {
  return lab.start(broker.name, join(RABBIT_BIN, 'rabbitmq-server'), [], `rabbitmq-server ${broker.name}`, {
    env: { ...broker.env, RUNNING_UNDER_SYSTEMD: 'true' },
    logFile: broker.stdoutLog,
  });
}

/** Times a broker's log says it completed its start-up (one per start). */
export function startupsCompleted(broker: Broker): number {
  if (!existsSync(broker.logFile)) return 0;
  return (readFileSync(broker.logFile, 'utf8').match(/Server startup complete/g) ?? []).length;
}

/** Waits until a broker's log reports `count` completed start-ups; fails early if it exits. */
export async function waitStartup(broker: Broker, started: Started, count: number, timeoutMs: number): Promise<void> {
  let exited: number | string | undefined;
  void started.exited.then((code) => (exited = code));
  const deadline = Date.now() + timeoutMs;
  while (startupsCompleted(broker) < count) {
    if (exited !== undefined) throw new Error(`${broker.nodeName} exited (${exited}) during start-up:\n${tail(broker.logFile)}\n${tail(broker.stdoutLog)}`);
    if (Date.now() > deadline) throw new Error(`${broker.nodeName} did not start within ${timeoutMs} ms:\n${tail(broker.logFile)}`);
    await sleep(250);
  }
}

export function tail(path: string, lines = 25): string {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n') : `(no ${path})`;
}

/** Runs rabbitmqctl (or another CLI tool) against a broker, from inside its namespace. */
export function ctl(lab: NetLab, broker: Broker, args: readonly string[], tool = 'rabbitmqctl', timeoutMs = 60_000): Promise<RunResult> {
  return lab.run(broker.name, join(RABBIT_BIN, tool), ['-n', broker.nodeName, ...args], { env: broker.env, timeoutMs });
}

/** `rabbitmqctl cluster_status --formatter json`, parsed. */
export async function clusterStatus(lab: NetLab, broker: Broker): Promise<{ running_nodes: string[]; disk_nodes: string[]; partitions: Record<string, string[]> }> {
  const result = await ctl(lab, broker, ['cluster_status', '--formatter', 'json']);
  if (result.status !== 0) throw new Error(`cluster_status on ${broker.nodeName} failed: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout);
}

/** The leader and members of a quorum queue, from `rabbitmqctl list_queues`. */
export async function queueLeader(lab: NetLab, broker: Broker, queue: string): Promise<{ leader: string; members: string[]; type: string }> {
  const result = await ctl(lab, broker, ['list_queues', 'name', 'type', 'leader', 'members', '--formatter', 'json']);
  if (result.status !== 0) throw new Error(`list_queues on ${broker.nodeName} failed: ${result.stderr}`);
  const found = (JSON.parse(result.stdout) as { name: string; leader: string; members: string[]; type: string }[]).find((q) => q.name === queue);
  if (!found) throw new Error(`no queue ${queue} on ${broker.nodeName}: ${result.stdout}`);
  return found;
}

/** The directory of an amqplib 0.10 install: this repository's, or one made with npm in `dir`. */
export async function amqplibPath(processes: ProcessSet, dir: string): Promise<{ nodePath: string; how: string }> {
  try {
    const local = createRequire(join(process.cwd(), 'package.json')).resolve('amqplib');
    return { nodePath: local.slice(0, local.lastIndexOf('/node_modules/') + '/node_modules'.length), how: 'from node_modules' };
  } catch {
    // not a dependency: install it privately
  }
  mkdirSync(dir, { recursive: true });
  const result = await processes.run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, 'amqplib@0.10'], { timeoutMs: 180_000, cwd: dir });
  if (result.status !== 0) throw new Error(`npm install amqplib@0.10 failed: ${result.stderr}`);
  const version = JSON.parse(readFileSync(join(dir, 'node_modules/amqplib/package.json'), 'utf8')).version;
  return { nodePath: join(dir, 'node_modules'), how: `npm install --no-save amqplib@0.10 (${version}) into the scratch directory` };
}

/** The AMQP URL of a broker, with the user and password the catalog renders. */
export function amqpUrl(broker: Broker): string {
  return `amqp://openstack:${encodeURIComponent(RABBIT_PASSWORD)}@${broker.address}:5672/%2F`;
}

/** Runs the AMQP client (support/amqp-client.cjs) in the client namespace. */
export async function amqp<T>(lab: NetLab, clientHost: string, nodePath: string, request: Record<string, unknown>, timeoutMs = 120_000): Promise<T> {
  const script = join(__dirname, 'amqp-client.cjs');
  const result = await lab.run(clientHost, process.execPath, [script, JSON.stringify(request)], { env: { NODE_PATH: nodePath }, timeoutMs });
  if (result.status !== 0) throw new Error(`amqp client ${request.op} failed (${result.status}): ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as T;
}
