/**
 * The RabbitMQ profile compiled against the real puppet-rabbitmq 8.5.0, with hiera as the
 * constructs write it, and the classic Erlang-term rabbitmq.config it renders read back by
 * Erlang's own parser (file:consult). erl runs without a node name, so no epmd and no
 * distribution is ever started, and no broker is started either.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GALERA_KEYS, RABBITMQ_KEYS } from '../../lib/documents/hiera-keys';
import { catalogFile } from './support/catalog-files';
import {
  ClusterNode,
  ClusterNodeSpec,
  compileClusterNode,
  compileClusterNodeError,
  CompiledClusterNode,
  entry,
  HieraEntry,
  isOrderedBefore,
  logCompileTimes,
  writeCatalogFile,
} from './support/cluster-node';
import { catalogClasses, findResource, formatUnknownKeys, PuppetCatalog } from './support/puppet';
import { makeScratchDir, removeDir, runCommand } from './support/run';

const MQ: readonly ClusterNode[] = [
  { hostname: 'mq1', address: '198.51.100.21' },
  { hostname: 'mq2', address: '198.51.100.22' },
  { hostname: 'mq3', address: '198.51.100.23' },
];
const CONTROLLERS: readonly ClusterNode[] = [
  { hostname: 'ctl1', address: '198.51.100.11' },
  { hostname: 'ctl2', address: '198.51.100.12' },
  { hostname: 'ctl3', address: '198.51.100.13' },
];

/** A password and a cookie with the characters that break an unescaped Erlang binary. */
const PASSWORD = 'rabbit "pass\\word" for tests';
const COOKIE = 'Cookie-For-Tests-0123456789abcdef';

const CONFIG = '/etc/rabbitmq/rabbitmq.config';
const ENV_CONFIG = '/etc/rabbitmq/rabbitmq-env.conf';

/** Hiera of a RabbitMQ member as the constructs write it; `change` replaces or adds entries. */
function rabbitNode(
  node: ClusterNode,
  change: { nodeData?: readonly HieraEntry[]; secrets?: readonly HieraEntry[]; cluster?: readonly ClusterNode[] } = {},
): ClusterNodeSpec {
  const cluster = change.cluster ?? MQ;
  const nodeData = new Map<string, HieraEntry[1]>([
    entry(RABBITMQ_KEYS.nodeAddress, node.address),
    entry(RABBITMQ_KEYS.clusterNodes, cluster.map((member) => member.hostname)),
    ...(change.nodeData ?? []),
  ]);
  const secrets = new Map<string, HieraEntry[1]>([
    entry(RABBITMQ_KEYS.erlangCookie, COOKIE),
    entry(RABBITMQ_KEYS.password, PASSWORD),
    ...(change.secrets ?? []),
  ]);
  return {
    node,
    role: 'messaging',
    profiles: ['rabbitmq'],
    hosts: [...cluster],
    nodeData: [...nodeData],
    secrets: [...secrets],
  };
}

let scratch: string;
let members: CompiledClusterNode[];

beforeAll(async () => {
  scratch = makeScratchDir('rabbitmq-test');
  members = await Promise.all([compileClusterNode(rabbitNode(MQ[0]), true), compileClusterNode(rabbitNode(MQ[2]), true)]);
});

afterAll(() => {
  if (scratch) removeDir(scratch);
  logCompileTimes('rabbitmq');
});

/**
 * How erl runs here: in the scratch directory, and without writing a crash dump when the
 * parse fails (a failed match ends the VM with one by default).
 */
const ERL_OPTIONS = {
  get cwd() {
    return scratch;
  },
  env: { ERL_CRASH_DUMP_SECONDS: '0' },
  timeoutMs: 60_000,
};

/** The values of a rabbitmq.config that RabbitMQ reads, as Erlang's parser returns them. */
async function consultConfig(path: string): Promise<Record<string, string>> {
  const program = [
    '[File] = init:get_plain_arguments(),',
    '{ok, [Config]} = file:consult(File),',
    'Rabbit = proplists:get_value(rabbit, Config),',
    'Kernel = proplists:get_value(kernel, Config),',
    'Show = fun(Name, Format, Value) -> io:format("~s=" ++ Format ++ "~n", [Name, Value]) end,',
    'Show("applications", "~w", [element(1, App) || App <- Config]),',
    'Show("cluster_nodes", "~w", proplists:get_value(cluster_nodes, Rabbit)),',
    'Show("cluster_partition_handling", "~w", proplists:get_value(cluster_partition_handling, Rabbit)),',
    'Show("default_user", "~s", proplists:get_value(default_user, Rabbit)),',
    'Show("default_pass", "~s", proplists:get_value(default_pass, Rabbit)),',
    'Show("loopback_users", "~p", proplists:get_value(loopback_users, Rabbit)),',
    'Show("inet_dist_listen_min", "~w", proplists:get_value(inet_dist_listen_min, Kernel)),',
    'Show("inet_dist_listen_max", "~w", proplists:get_value(inet_dist_listen_max, Kernel)),',
    'halt().',
  ].join(' ');
  const result = await runCommand('erl', ['-noshell', '-eval', program, '-extra', path], ERL_OPTIONS);
  expect(result.status, result.stderr + result.stdout).toBe(0);
  return Object.fromEntries(
    result.stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The check from the spike, exactly: does Erlang parse the file as one term? */
function consultOnly(path: string) {
  return runCommand('erl', ['-noshell', '-eval', `{ok,[_]}=file:consult("${path}"), halt().`], ERL_OPTIONS);
}

function stage(catalog: PuppetCatalog, nodePath: string, name: string): string {
  return writeCatalogFile(catalog, nodePath, scratch, name);
}

describe('openstack_ha::profile::rabbitmq on a three-node cluster', () => {
  it('compiles two members, and every hiera key binds to a class parameter', () => {
    for (const member of members) {
      expect(member.keys?.unknown, formatUnknownKeys(member.keys!)).toEqual([]);
      expect(member.keys?.files).toEqual(['common.yaml', expect.stringMatching(/^nodes\/mq[13]\.example\.test\.yaml$/), 'secrets.yaml']);
      expect(member.compiled.warnings).toEqual([]);
      expect(catalogClasses(member.compiled.catalog)).toEqual(
        expect.arrayContaining(['openstack_ha::profile::rabbitmq', 'rabbitmq', 'rabbitmq::config', 'rabbitmq::service']),
      );
    }
  });

  it('renders a rabbitmq.config that Erlang parses, with the cluster, pause_minority and the distribution port', async () => {
    for (const [member, node] of [
      [members[0], MQ[0]],
      [members[1], MQ[2]],
    ] as const) {
      const path = stage(member.compiled.catalog, CONFIG, `${node.hostname}-rabbitmq.config`);
      const parsed = await consultOnly(path);
      expect(parsed.stderr + parsed.stdout).toBe('');
      expect(parsed.status).toBe(0);
      expect(await consultConfig(path)).toEqual({
        applications: '[rabbit,kernel]',
        cluster_nodes: '{[rabbit@mq1,rabbit@mq2,rabbit@mq3],disc}',
        cluster_partition_handling: 'pause_minority',
        default_user: 'openstack',
        default_pass: PASSWORD,
        loopback_users: '[<<"guest">>]',
        inet_dist_listen_min: '25672',
        inet_dist_listen_max: '25672',
      });
      const text = catalogFile(member.compiled.catalog, CONFIG).content;
      expect(text).toContain('{cluster_partition_handling, pause_minority}');
      expect(text).toContain("{cluster_nodes, {['rabbit@mq1', 'rabbit@mq2', 'rabbit@mq3'], disc}}");
    }
  });

  it('renders a rabbitmq-env.conf that the server script sources: the node address, the AMQP and distribution ports', async () => {
    const path = stage(members[0].compiled.catalog, ENV_CONFIG, 'rabbitmq-env.conf');
    const syntax = await runCommand('sh', ['-n', path]);
    expect(syntax.status, syntax.stderr).toBe(0);
    const sourced = await runCommand('sh', [
      '-uc',
      '. "$1" && printf "%s\\n" "$NODE_IP_ADDRESS" "$NODE_PORT" "$DIST_PORT" "$LC_ALL" "$ERL_INETRC"',
      'check',
      path,
    ]);
    expect(sourced.stderr).toBe('');
    expect(sourced.stdout).toBe('198.51.100.21\n5672\n25672\nC.UTF-8\n/etc/rabbitmq/inetrc\n');
  });

  it('catches a broken config: Erlang rejects a missing comma', async () => {
    const good = catalogFile(members[0].compiled.catalog, CONFIG).content;
    const path = join(scratch, 'broken-rabbitmq.config');
    writeFileSync(path, good.replace('{cluster_partition_handling, pause_minority},', '{cluster_partition_handling, pause_minority}'));
    const parsed = await consultOnly(path);
    expect(parsed.status).not.toBe(0);
    expect(parsed.stdout + parsed.stderr).toMatch(/syntax error before/);
  });

  it('keeps the openstack user (not admin, full permissions on /), deletes guest, and mirrors only classic queues', () => {
    const catalog = members[0].compiled.catalog;
    expect(findResource(catalog, 'Rabbitmq_user', 'openstack')?.parameters).toMatchObject({
      ensure: 'present',
      admin: false,
      password: PASSWORD,
    });
    expect(findResource(catalog, 'Rabbitmq_user', 'guest')?.parameters).toMatchObject({ ensure: 'absent' });
    expect(findResource(catalog, 'Rabbitmq_user_permissions', 'openstack@/')?.parameters).toMatchObject({
      configure_permission: '.*',
      read_permission: '.*',
      write_permission: '.*',
    });
    expect(findResource(catalog, 'Rabbitmq_policy', 'ha-classic-queues@/')?.parameters).toMatchObject({
      pattern: '^(?!amq\\.).*',
      applyto: 'queues',
      priority: 0,
      definition: {
        'ha-mode': 'exactly',
        'ha-params': 2,
        'ha-sync-mode': 'automatic',
        'ha-promote-on-shutdown': 'always',
        'ha-promote-on-failure': 'always',
      },
    });
    expect(findResource(catalog, 'Rabbitmq_erlang_cookie', '/var/lib/rabbitmq/.erlang.cookie')?.parameters).toMatchObject({
      content: COOKIE,
      force: false,
    });
    // Before the first install: the unit is masked and the cookie in place, never replaced after.
    expect(isOrderedBefore(catalog, 'Exec[openstack_ha rabbitmq: keep rabbitmq-server stopped until configured]', 'Package[rabbitmq-server]')).toBe(true);
    expect(isOrderedBefore(catalog, 'File[/var/lib/rabbitmq/.erlang.cookie]', 'Package[rabbitmq-server]')).toBe(true);
    expect(findResource(catalog, 'File', '/var/lib/rabbitmq/.erlang.cookie')?.parameters).toMatchObject({
      replace: false,
      mode: '0400',
      content: COOKIE,
    });
    expect(findResource(catalog, 'Service', 'rabbitmq-server')?.parameters).toMatchObject({ ensure: 'running', enable: true });
    expect(catalogFile(catalog, '/etc/systemd/system/rabbitmq-server.service.d/90-limits.conf').content).toContain('LimitNOFILE=65536');
  });

  it('renders the settings given instead of the defaults (autoheal, ports, user, five members)', async () => {
    const five = [...MQ, { hostname: 'mq4', address: '198.51.100.24' }, { hostname: 'mq5', address: '198.51.100.25' }];
    const { compiled } = await compileClusterNode(
      rabbitNode(five[3], {
        cluster: five,
        nodeData: [
          entry(RABBITMQ_KEYS.partitionHandling, 'autoheal'),
          entry(RABBITMQ_KEYS.port, 5673),
          entry(RABBITMQ_KEYS.distributionPort, 25673),
          entry(RABBITMQ_KEYS.user, 'os_rpc'),
        ],
      }),
    );
    const values = await consultConfig(stage(compiled.catalog, CONFIG, 'mq4-rabbitmq.config'));
    expect(values).toMatchObject({
      cluster_nodes: '{[rabbit@mq1,rabbit@mq2,rabbit@mq3,rabbit@mq4,rabbit@mq5],disc}',
      cluster_partition_handling: 'autoheal',
      default_user: 'os_rpc',
      inet_dist_listen_min: '25673',
      inet_dist_listen_max: '25673',
    });
    expect(catalogFile(compiled.catalog, ENV_CONFIG).content).toMatch(/^NODE_PORT=5673$/m);
    expect(catalogFile(compiled.catalog, ENV_CONFIG).content).toMatch(/^DIST_PORT=25673$/m);
    expect(findResource(compiled.catalog, 'Rabbitmq_user_permissions', 'os_rpc@/')).toBeDefined();
    expect(findResource(compiled.catalog, 'Rabbitmq_policy', 'ha-classic-queues@/')?.parameters).toMatchObject({
      definition: { 'ha-mode': 'exactly', 'ha-params': 3 },
    });
  });
});

describe('a collapsed controller', () => {
  it('compiles with Galera, RabbitMQ and memcached side by side', async () => {
    const members = CONTROLLERS.map((node) => node.address);
    const { compiled, keys } = await compileClusterNode(
      {
        node: CONTROLLERS[1],
        role: 'controller',
        profiles: ['galera', 'rabbitmq', 'memcached'],
        hosts: CONTROLLERS,
        nodeData: [
          entry(GALERA_KEYS.clusterName, 'openstack'),
          entry(GALERA_KEYS.nodeAddress, CONTROLLERS[1].address),
          entry(GALERA_KEYS.members, members),
          entry(GALERA_KEYS.bootstrapAddress, members[0]),
          entry(RABBITMQ_KEYS.nodeAddress, CONTROLLERS[1].address),
          entry(RABBITMQ_KEYS.clusterNodes, CONTROLLERS.map((node) => node.hostname)),
          ['openstack_ha::profile::memcached::listen', CONTROLLERS[1].address],
        ],
        secrets: [
          entry(GALERA_KEYS.rootPassword, 'root-password-for-tests-01'),
          entry(GALERA_KEYS.sstPassword, 'sst-password-for-tests-001'),
          entry(GALERA_KEYS.statusPassword, 'status-password-for-tests-1'),
          entry(RABBITMQ_KEYS.erlangCookie, COOKIE),
          entry(RABBITMQ_KEYS.password, PASSWORD),
        ],
      },
      true,
    );
    expect(keys?.unknown, formatUnknownKeys(keys!)).toEqual([]);
    expect(compiled.warnings).toEqual([]);
    expect(catalogClasses(compiled.catalog)).toEqual(
      expect.arrayContaining(['openstack_ha::profile::galera', 'openstack_ha::profile::rabbitmq', 'openstack_ha::profile::memcached']),
    );
    expect(catalogFile(compiled.catalog, CONFIG).content).toContain("{cluster_nodes, {['rabbit@ctl1', 'rabbit@ctl2', 'rabbit@ctl3'], disc}}");
    expect(catalogFile(compiled.catalog, '/etc/mysql/my.cnf').content).toContain('wsrep_node_address = 198.51.100.12\n');
  });
});

describe.concurrent('mistakes that compilation catches', () => {
  it.each<[string, readonly HieraEntry[], RegExp]>([
    [
      "partition handling 'ignore'",
      [['openstack_ha::profile::rabbitmq::partition_handling', 'ignore']],
      /Class\[Openstack_ha::Profile::Rabbitmq\]: parameter 'partition_handling' expects a match for Enum\['autoheal', 'pause_minority'\], got 'ignore'/,
    ],
    [
      'no cluster nodes',
      [entry(RABBITMQ_KEYS.clusterNodes, [])],
      /parameter 'cluster_nodes' expects size to be at least 1, got 0/,
    ],
    [
      'a cluster node given by its FQDN',
      [entry(RABBITMQ_KEYS.clusterNodes, ['mq1.example.test', 'mq2', 'mq3'])],
      /parameter 'cluster_nodes' index 0 expects a match for Openstack_ha::Short_hostname = Pattern\[.*\], got 'mq1\.example\.test'/,
    ],
    [
      'the distribution port as a string',
      [['openstack_ha::profile::rabbitmq::distribution_port', '25672']],
      /parameter 'distribution_port' expects .*Integer.*, got String/,
    ],
    [
      'a node missing from its own cluster',
      [entry(RABBITMQ_KEYS.clusterNodes, ['mq2', 'mq3'])],
      /openstack_ha::profile::rabbitmq: this node's host name 'mq1' is not one of the cluster_nodes \[mq2, mq3\]/,
    ],
    [
      'the same port twice',
      [entry(RABBITMQ_KEYS.distributionPort, 5672)],
      /port 5672, distribution_port 5672 and epmd's 4369 must all differ/,
    ],
  ])('%s', async (_name, nodeData, message) => {
    expect(await compileClusterNodeError(rabbitNode(MQ[0], { nodeData }))).toMatch(message);
  });

  it.each<[string, string, RegExp]>([
    ['a cookie shorter than 20 characters', 'short-cookie', /parameter 'erlang_cookie' expects a String\[20\] value, got String/],
    [
      'a cookie the Debian package would replace',
      'ABCDEFGHIJKLMNOPQRST',
      /erlang_cookie must not be exactly 20 upper-case letters: the Debian package replaces such a cookie/,
    ],
  ])('%s', async (_name, cookie, message) => {
    expect(await compileClusterNodeError(rabbitNode(MQ[0], { secrets: [entry(RABBITMQ_KEYS.erlangCookie, cookie)] }))).toMatch(message);
  });
});
