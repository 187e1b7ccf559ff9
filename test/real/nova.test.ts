/**
 * The Placement and Nova profiles compiled against puppet-placement 8.0.0 and puppet-nova 21.x:
 * three controllers that run the whole API tier together (Keystone, HAProxy, memcached,
 * Placement and the four Nova control-plane services), and a compute node of a pool, with
 * hiera written through the library's keys (nova-keys.ts) as the constructs write it:
 * deployment-wide values in `common.yaml`, a controller's own values in `nodes/<fqdn>.yaml`,
 * a compute pool's values in `pool.yaml` (its members have no file of their own), secrets in
 * `secrets.yaml`.
 */
import { rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import { HieraKey, HieraValue } from '../../lib/documents/hiera';
import {
  NOVA_API_KEYS,
  NOVA_COMMON_KEYS,
  NOVA_COMPUTE_KEYS,
  NOVA_CONDUCTOR_KEYS,
  NOVA_NOVNCPROXY_KEYS,
  NOVA_SCHEDULER_KEYS,
  PLACEMENT_KEYS,
} from '../../lib/documents/nova-keys';
import { MEMCACHED_KEYS } from '../../lib/documents/hiera-keys';
import { CONTROLLER_NAMES, haproxyHiera, keystoneNodeHiera, keystoneSecrets, SAMPLE_VIP } from './support/api-tier';
import { catalogFiles } from './support/catalog-files';
import { buildStagedFixture, hieraYaml } from './support/fixture';
import {
  catalogClasses,
  checkHieraKeys,
  classParameters,
  compileCatalog,
  CompiledCatalog,
  findResource,
  formatUnknownKeys,
  HieraKeyReport,
  PuppetCatalog,
  puppetStringsIndex,
  stagedPuppetDir,
} from './support/puppet';
import { withScratchDir } from './support/run';
import { SAMPLE_CONTROLLERS, SAMPLE_DOMAIN, sampleCommonHiera, sampleFacts } from './support/sample-nodes';

/** The sample compute node, a member of a compute pool. */
const COMPUTE = { name: 'cmp1', address: '198.51.100.21' } as const;

/** Every profile a sample controller runs: the API tier with Placement and Nova. */
const CONTROLLER_PROFILES = [
  'memcached',
  'haproxy',
  'keystone',
  'placement',
  'nova_api',
  'nova_conductor',
  'nova_scheduler',
  'nova_novncproxy',
] as const;

const CONTROLLER_ADDRESSES = CONTROLLER_NAMES.map((name) => SAMPLE_CONTROLLERS[name]);
const RABBIT_HOSTS = CONTROLLER_ADDRESSES.map((address) => `${address}:5672`);
const MEMCACHED_SERVERS = CONTROLLER_ADDRESSES.map((address) => `${address}:11211`);
const KEYSTONE_URL = `http://${SAMPLE_VIP}:5000`;
const NEUTRON_URL = `http://${SAMPLE_VIP}:9696`;
const NOVNCPROXY_BASE_URL = `http://${SAMPLE_VIP}:6080/vnc_auto.html`;

/** The sample secrets, one per hiera key (each at least 16 characters, as the types want). */
const SECRETS = {
  rabbit: 'rabbit-password-0123456789',
  novaService: 'nova-service-password-0123',
  novaDatabase: 'nova-db-password-0123456789',
  novaApiDatabase: 'nova-api-db-password-012345',
  placementService: 'placement-service-pw-012345',
  placementDatabase: 'placement-db-password-01234',
  neutronService: 'neutron-service-pw-0123456',
  metadata: 'metadata-secret-0123456789',
  cephKey: 'AQBzYNpeAAAAABAAvJZwrJPd2ZMJ0ePwwY6Kgw==',
} as const;

const RBD_SECRET_UUID = '5b6c7a1e-2f3d-4c8b-9a0e-1d2c3b4a5f60';

/** Hiera data assembled through the library's keys, so each value has its key's type. */
class HieraFile {
  public readonly data: Record<string, unknown> = {};

  public set<T extends HieraValue>(key: HieraKey<T>, value: T): this {
    this.data[key.name] = value;
    return this;
  }
}

/** Deployment-wide data: the sample base data, and every value that is the same on all nodes. */
function commonHiera(): Record<string, unknown> {
  const file = new HieraFile()
    .set(NOVA_COMMON_KEYS.keystoneUrl, KEYSTONE_URL)
    .set(NOVA_COMMON_KEYS.databaseHost, SAMPLE_VIP)
    .set(NOVA_COMMON_KEYS.rabbitHosts, RABBIT_HOSTS)
    .set(NOVA_COMMON_KEYS.rabbitUser, 'openstack')
    .set(NOVA_COMMON_KEYS.memcachedServers, MEMCACHED_SERVERS)
    .set(NOVA_COMMON_KEYS.neutronUrl, NEUTRON_URL)
    .set(NOVA_COMMON_KEYS.region, 'RegionOne')
    .set(NOVA_COMMON_KEYS.cellName, 'cell1')
    .set(NOVA_API_KEYS.publicUrl, `http://${SAMPLE_VIP}:8774/v2.1`)
    .set(NOVA_NOVNCPROXY_KEYS.novncproxyBaseUrl, NOVNCPROXY_BASE_URL)
    .set(NOVA_SCHEDULER_KEYS.discoverHostsInCellsInterval, 300)
    .set(PLACEMENT_KEYS.publicUrl, `http://${SAMPLE_VIP}:8778`)
    .set(PLACEMENT_KEYS.keystoneUrl, KEYSTONE_URL)
    .set(PLACEMENT_KEYS.databaseHost, SAMPLE_VIP)
    .set(PLACEMENT_KEYS.memcachedServers, MEMCACHED_SERVERS)
    .set(PLACEMENT_KEYS.region, 'RegionOne');
  return { ...sampleCommonHiera(), ...file.data };
}

/** A controller's own data: its addresses, and whether it is the bootstrap node (`ctl1`). */
function controllerNodeHiera(name: string): Record<string, unknown> {
  const address = SAMPLE_CONTROLLERS[name];
  const bootstrap = name === CONTROLLER_NAMES[0];
  const file = new HieraFile()
    .set(MEMCACHED_KEYS.listen, address)
    .set(PLACEMENT_KEYS.bindAddress, address)
    .set(PLACEMENT_KEYS.bootstrapNode, bootstrap)
    .set(NOVA_API_KEYS.bindAddress, address)
    .set(NOVA_API_KEYS.bootstrapNode, bootstrap)
    .set(NOVA_NOVNCPROXY_KEYS.bindAddress, address);
  return { ...haproxyHiera(name), ...keystoneNodeHiera(name), ...file.data };
}

/** A controller's secrets. */
function controllerSecrets(): Record<string, unknown> {
  const file = new HieraFile()
    .set(NOVA_COMMON_KEYS.servicePassword, SECRETS.novaService)
    .set(NOVA_COMMON_KEYS.databasePassword, SECRETS.novaDatabase)
    .set(NOVA_COMMON_KEYS.apiDatabasePassword, SECRETS.novaApiDatabase)
    .set(NOVA_COMMON_KEYS.rabbitPassword, SECRETS.rabbit)
    .set(NOVA_COMMON_KEYS.placementPassword, SECRETS.placementService)
    .set(NOVA_COMMON_KEYS.neutronPassword, SECRETS.neutronService)
    .set(NOVA_API_KEYS.metadataSecret, SECRETS.metadata)
    .set(PLACEMENT_KEYS.servicePassword, SECRETS.placementService)
    .set(PLACEMENT_KEYS.databasePassword, SECRETS.placementDatabase);
  return { ...keystoneSecrets(), ...file.data };
}

/** The compute pool's data (no address: each member takes its own from its facts). */
function computePoolHiera(): Record<string, unknown> {
  return new HieraFile()
    .set(NOVA_COMPUTE_KEYS.keystoneUrl, KEYSTONE_URL)
    .set(NOVA_COMPUTE_KEYS.rabbitHosts, RABBIT_HOSTS)
    .set(NOVA_COMPUTE_KEYS.rabbitUser, 'openstack')
    .set(NOVA_COMPUTE_KEYS.neutronUrl, NEUTRON_URL)
    .set(NOVA_COMPUTE_KEYS.novncproxyBaseUrl, NOVNCPROXY_BASE_URL)
    .set(NOVA_COMPUTE_KEYS.region, 'RegionOne')
    .set(NOVA_COMPUTE_KEYS.virtType, 'kvm').data;
}

/** The compute pool's secrets: no database password among them. */
function computeSecrets(): Record<string, unknown> {
  return new HieraFile()
    .set(NOVA_COMPUTE_KEYS.servicePassword, SECRETS.novaService)
    .set(NOVA_COMPUTE_KEYS.rabbitPassword, SECRETS.rabbit)
    .set(NOVA_COMPUTE_KEYS.placementPassword, SECRETS.placementService)
    .set(NOVA_COMPUTE_KEYS.neutronPassword, SECRETS.neutronService).data;
}

/** What to stage for one node. */
interface NodeInput {
  readonly name: string;
  readonly address: string;
  readonly role: 'controller' | 'compute';
  readonly profiles: readonly string[];
  readonly common?: Record<string, unknown>;
  readonly secrets: Record<string, unknown>;
  /** The node's own file (controllers). */
  readonly node?: Record<string, unknown>;
  /** The pool's file, which also carries the role (compute pool members, which have no node file). */
  readonly pool?: Record<string, unknown>;
}

/** A compiled node, with the hiera key report of its data files. */
interface CompiledNode extends CompiledCatalog {
  readonly keys: HieraKeyReport;
}

const compileTimes: { name: string; ms: number }[] = [];

afterAll(() => {
  if (compileTimes.length === 0) return;
  const list = compileTimes.map((c) => `${c.name} ${(c.ms / 1000).toFixed(2)}`).join(', ');
  console.log(`nova profiles: ${compileTimes.length} catalog compiles (s): ${list}`);
});

/** Stages a node, checks its hiera keys, compiles it and removes the staging tree. */
async function compileNode(input: NodeInput): Promise<CompiledNode> {
  return withScratchDir('nova-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: input.role,
      profiles: input.profiles,
      facts: sampleFacts(input.name, input.address),
      hiera: {
        common: input.common ?? commonHiera(),
        node: input.pool ? undefined : input.node,
        secrets: input.secrets,
      },
    });
    if (input.pool) {
      const dataDir = join(stagedPuppetDir(dir), 'data');
      rmSync(join(dataDir, 'nodes', `${fixture.certname}.yaml`));
      const pool = {
        'openstack_ha::role': input.role,
        [`openstack_ha::role::${input.role}::profiles`]: [...input.profiles],
        ...input.pool,
      };
      writeFileSync(join(dataDir, 'pool.yaml'), hieraYaml(pool));
    }
    const keys = await checkHieraKeys(dir);
    const compiled = await compileCatalog(fixture);
    compileTimes.push({ name: input.name, ms: compiled.durationMs });
    return { ...compiled, keys };
  });
}

/** The message of the compile error of a node that must not compile. */
async function compileError(input: NodeInput): Promise<string> {
  try {
    await compileNode(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${input.name} compiled, but it must not`);
}

function controllerInput(name: string, change: Partial<NodeInput> = {}): NodeInput {
  return {
    name,
    address: SAMPLE_CONTROLLERS[name],
    role: 'controller',
    profiles: CONTROLLER_PROFILES,
    node: controllerNodeHiera(name),
    secrets: controllerSecrets(),
    ...change,
  };
}

function computeInput(change: Partial<NodeInput> = {}): NodeInput {
  return {
    name: COMPUTE.name,
    address: COMPUTE.address,
    role: 'compute',
    profiles: ['nova_compute'],
    pool: computePoolHiera(),
    secrets: computeSecrets(),
    ...change,
  };
}

// Each sample controller is compiled once and shared by the tests that read it.
const controllerCatalogs = new Map<string, Promise<CompiledNode>>();
function controller(name: string): Promise<CompiledNode> {
  let compiled = controllerCatalogs.get(name);
  if (!compiled) {
    compiled = compileNode(controllerInput(name));
    controllerCatalogs.set(name, compiled);
  }
  return compiled;
}

/** The values of every `<type>` ini setting of a catalog, by `section/option` title. */
function iniSettings(catalog: PuppetCatalog, type: string): Map<string, unknown> {
  return new Map(catalog.resources.filter((r) => r.type === type).map((r) => [r.title, r.parameters?.value]));
}

/** The value of one ini setting; fails, naming it, when the catalog does not set it. */
function setting(catalog: PuppetCatalog, type: string, title: string): unknown {
  const resource = findResource(catalog, type, title);
  expect(resource, `${type}[${title}] in the catalog`).toBeDefined();
  return resource!.parameters?.value;
}

function novaConfig(catalog: PuppetCatalog, title: string): unknown {
  return setting(catalog, 'Nova_config', title);
}

/** The `before` relationships of a resource, as `Type[title]` strings. */
function before(catalog: PuppetCatalog, type: string, title: string): string[] {
  const value = findResource(catalog, type, title)?.parameters?.before;
  return value === undefined ? [] : ([] as unknown[]).concat(value).map(String);
}

const RELATIONSHIP_PARAMETERS = ['before', 'require', 'notify', 'subscribe'] as const;

/**
 * A dependency cycle of a catalog, as the `Type[title]` references on it, or undefined when
 * there is none. Compilation does not look for cycles; the agent refuses a catalog that has
 * one, before it changes anything. The graph is built as the agent builds it: a container (a
 * class, a defined resource) is entered before its members and left after them, and a
 * relationship to or from a container goes to its entry or from its exit. Relationships the
 * agent adds itself (autorequire) are not included.
 */
function dependencyCycle(catalog: PuppetCatalog): string[] | undefined {
  const key = (type: string, title: string) => `${type}[${title}]`;
  const byKey = new Map(catalog.resources.map((r) => [key(r.type, r.title), r]));
  const byName = new Map<string, string>();
  for (const r of catalog.resources) {
    const name = r.parameters?.name;
    if (typeof name === 'string') byName.set(key(r.type, name), key(r.type, r.title));
  }
  const resolve = (ref: string): string | undefined => (byKey.has(ref) ? ref : byName.get(ref));
  const containers = new Set(catalog.edges.map((e) => e.source));
  const entry = (ref: string) => (containers.has(ref) ? `${ref}:entry` : ref);
  const exit = (ref: string) => (containers.has(ref) ? `${ref}:exit` : ref);
  const next = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  };
  for (const container of containers) link(entry(container), exit(container));
  for (const edge of catalog.edges) {
    link(entry(edge.source), entry(edge.target));
    link(exit(edge.target), exit(edge.source));
  }
  const unresolved: string[] = [];
  for (const r of catalog.resources) {
    const self = key(r.type, r.title);
    for (const parameter of RELATIONSHIP_PARAMETERS) {
      const value = r.parameters?.[parameter];
      if (value === undefined) continue;
      for (const ref of ([] as unknown[]).concat(value).map(String)) {
        const other = resolve(ref);
        if (other === undefined) {
          unresolved.push(`${self} ${parameter} ${ref}`);
        } else if (parameter === 'before' || parameter === 'notify') {
          link(exit(self), entry(other));
        } else {
          link(exit(other), entry(self));
        }
      }
    }
  }
  expect(unresolved, 'relationships to resources that are not in the catalog').toEqual([]);
  // Depth-first search, iterative: 0 unvisited, 1 on the current path, 2 done.
  const state = new Map<string, number>();
  for (const start of next.keys()) {
    if (state.get(start)) continue;
    const path: string[] = [start];
    const pending: Iterator<string>[] = [next.get(start)!.values()];
    state.set(start, 1);
    while (path.length > 0) {
      const step = pending[pending.length - 1].next();
      if (step.done) {
        state.set(path.pop()!, 2);
        pending.pop();
        continue;
      }
      const node = step.value;
      if (state.get(node) === 1) {
        const cycle = path.slice(path.indexOf(node)).concat(node);
        return cycle.map((n) => n.replace(/:(entry|exit)$/, ''));
      }
      if (!state.get(node)) {
        state.set(node, 1);
        path.push(node);
        pending.push((next.get(node) ?? new Set<string>()).values());
      }
    }
  }
  return undefined;
}

const TRANSPORT_URL =
  `rabbit://openstack:${SECRETS.rabbit}@198.51.100.11:5672,openstack:${SECRETS.rabbit}@198.51.100.12:5672,` +
  `openstack:${SECRETS.rabbit}@198.51.100.13:5672/`;
const MEMCACHED_LIST = '198.51.100.11:11211,198.51.100.12:11211,198.51.100.13:11211';

describe('the Nova and Placement hiera keys', () => {
  it('name exactly the parameters of their classes', async () => {
    const keySets: Record<string, Record<string, HieraKey<HieraValue>>> = {
      'openstack_ha::profile::placement': PLACEMENT_KEYS,
      'openstack_ha::profile::nova_common': NOVA_COMMON_KEYS,
      'openstack_ha::profile::nova_api': NOVA_API_KEYS,
      'openstack_ha::profile::nova_conductor': NOVA_CONDUCTOR_KEYS,
      'openstack_ha::profile::nova_scheduler': NOVA_SCHEDULER_KEYS,
      'openstack_ha::profile::nova_novncproxy': NOVA_NOVNCPROXY_KEYS,
      'openstack_ha::profile::nova_compute': NOVA_COMPUTE_KEYS,
    };
    const index = await withScratchDir('nova-strings', async (dir) => {
      const fixture = buildStagedFixture(dir, { role: 'base', profiles: [], facts: sampleFacts('ctl1', SAMPLE_CONTROLLERS.ctl1) });
      return puppetStringsIndex(fixture.stagedDir);
    });
    for (const [className, keys] of Object.entries(keySets)) {
      const puppetClass = index.puppet_classes.find((c) => c.name === className);
      expect(puppetClass, className).toBeDefined();
      const declared = Object.values(keys);
      expect(declared.filter((key) => key.className !== className).map((key) => key.name), className).toEqual([]);
      expect(declared.map((key) => key.param).sort(), className).toEqual([...classParameters(puppetClass!)].sort());
    }
  });
});

describe('the dependency cycle check', () => {
  it('finds a cycle through a class, and none in an ordered chain', () => {
    const resource = (type: string, title: string, parameters: Record<string, unknown> = {}) => ({ type, title, parameters });
    const catalog: PuppetCatalog = {
      name: 'test',
      resources: [
        resource('Class', 'A'),
        resource('Package', 'a', { before: 'Service[b]' }),
        resource('Service', 'b'),
        resource('Exec', 'c', { require: ['Service[b]'] }),
      ],
      edges: [
        { source: 'Class[A]', target: 'Package[a]' },
        { source: 'Class[A]', target: 'Service[b]' },
      ],
    };
    expect(dependencyCycle(catalog)).toBeUndefined();
    catalog.resources.push(resource('File', 'd', { require: 'Exec[c]', before: 'Class[A]' }));
    expect(dependencyCycle(catalog)).toEqual(expect.arrayContaining(['Class[A]', 'Service[b]', 'Exec[c]', 'File[d]']));
  });
});

describe.concurrent('Placement and the Nova control plane on three controllers', () => {
  it.each(CONTROLLER_NAMES)('%s: compiles with the whole API tier, and every hiera key binds', async (name) => {
    const compiled = await controller(name);
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.keys.checkedKeys).toBeGreaterThanOrEqual(40);
    const classes = catalogClasses(compiled.catalog);
    for (const profile of CONTROLLER_PROFILES) expect(classes).toContain(`openstack_ha::profile::${profile}`);
    expect(classes).toContain('openstack_ha::profile::nova_common');
    expect(compiled.warnings).toEqual([]);
    expect(dependencyCycle(compiled.catalog)).toBeUndefined();
  });

  it('nova.conf: every broker, quorum queues, both databases, memcached, Placement, Neutron, the service user', async () => {
    const { catalog } = await controller('ctl2');
    expect(novaConfig(catalog, 'DEFAULT/transport_url')).toBe(TRANSPORT_URL);
    expect(novaConfig(catalog, 'oslo_messaging_rabbit/rabbit_quorum_queue')).toBe(true);
    expect(novaConfig(catalog, 'database/connection')).toBe(`mysql+pymysql://nova:${SECRETS.novaDatabase}@${SAMPLE_VIP}/nova`);
    expect(novaConfig(catalog, 'api_database/connection')).toBe(
      `mysql+pymysql://nova_api:${SECRETS.novaApiDatabase}@${SAMPLE_VIP}/nova_api`,
    );
    expect(novaConfig(catalog, 'keystone_authtoken/memcached_servers')).toBe(MEMCACHED_LIST);
    expect(novaConfig(catalog, 'keystone_authtoken/www_authenticate_uri')).toBe(KEYSTONE_URL);
    expect(novaConfig(catalog, 'keystone_authtoken/auth_url')).toBe(KEYSTONE_URL);
    expect(novaConfig(catalog, 'keystone_authtoken/password')).toBe(SECRETS.novaService);
    expect(novaConfig(catalog, 'cache/enabled')).toBe(true);
    expect(novaConfig(catalog, 'cache/backend')).toBe('oslo_cache.memcache_pool');
    expect(novaConfig(catalog, 'cache/memcache_servers')).toBe(MEMCACHED_LIST);
    expect(novaConfig(catalog, 'service_user/send_service_user_token')).toBe(true);
    expect(novaConfig(catalog, 'service_user/username')).toBe('nova');
    expect(novaConfig(catalog, 'placement/username')).toBe('placement');
    expect(novaConfig(catalog, 'placement/password')).toBe(SECRETS.placementService);
    expect(novaConfig(catalog, 'placement/auth_url')).toBe(KEYSTONE_URL);
    expect(novaConfig(catalog, 'neutron/username')).toBe('neutron');
    expect(novaConfig(catalog, 'neutron/password')).toBe(SECRETS.neutronService);
    expect(novaConfig(catalog, 'neutron/endpoint_override')).toBe(NEUTRON_URL);
    expect(novaConfig(catalog, 'neutron/service_metadata_proxy')).toBe(true);
    expect(novaConfig(catalog, 'neutron/metadata_proxy_shared_secret')).toBe(SECRETS.metadata);
    expect(novaConfig(catalog, 'oslo_middleware/enable_proxy_headers_parsing')).toBe(true);
    // Secrets are marked so that Puppet does not log them.
    for (const title of ['DEFAULT/transport_url', 'database/connection', 'placement/password', 'neutron/password']) {
      expect(findResource(catalog, 'Nova_config', title)?.parameters?.secret, title).toBe(true);
    }
  });

  it('the workers come from the facts, and every scheduler looks for new compute nodes', async () => {
    const { catalog } = await controller('ctl3');
    // 8 vCPUs: openstacklib's os_workers is 4.
    expect(novaConfig(catalog, 'conductor/workers')).toBe(4);
    expect(novaConfig(catalog, 'scheduler/workers')).toBe(4);
    expect(novaConfig(catalog, 'scheduler/discover_hosts_in_cells_interval')).toBe(300);
  });

  it('each service listens on the node address; the Debian uWSGI and proxy services are stopped before HAProxy', async () => {
    const { catalog } = await controller('ctl2');
    const address = SAMPLE_CONTROLLERS.ctl2;
    const vhosts = catalog.resources.filter((r) => r.type === 'Apache::Vhost');
    const bound = Object.fromEntries(vhosts.map((v) => [v.title, `${v.parameters?.ip}:${v.parameters?.port}`]));
    expect(bound).toMatchObject({
      nova_api_wsgi: `${address}:8774`,
      nova_metadata_wsgi: `${address}:8775`,
      placement_wsgi: `${address}:8778`,
      keystone_wsgi: `${address}:5000`,
    });
    const files = catalogFiles(catalog);
    const ports = files.get('/etc/apache2/ports.conf')?.content ?? '';
    for (const port of [5000, 8774, 8775, 8778]) expect(ports).toContain(`Listen ${address}:${port}`);
    expect(ports).not.toMatch(/^Listen (0\.0\.0\.0:)?(5000|8774|8775|8778)$/m);

    expect(novaConfig(catalog, 'vnc/novncproxy_host')).toBe(address);
    expect(novaConfig(catalog, 'vnc/novncproxy_port')).toBe(6080);
    expect(novaConfig(catalog, 'vnc/novncproxy_base_url')).toBe(NOVNCPROXY_BASE_URL);

    // Debian's own servers hold every address's ports until they are stopped.
    for (const service of ['nova-api', 'nova-api-metadata', 'placement-api']) {
      expect(findResource(catalog, 'Service', service)?.parameters, service).toMatchObject({ ensure: 'stopped', enable: false });
      expect(before(catalog, 'Service', service), service).toEqual(expect.arrayContaining(['Service[haproxy]', 'Service[httpd]']));
    }
    expect(findResource(catalog, 'Service', 'nova-vncproxy')?.parameters).toMatchObject({ ensure: 'running', enable: true });
    expect(before(catalog, 'Service', 'nova-vncproxy')).toContain('Service[haproxy]');
    for (const service of ['nova-conductor', 'nova-scheduler']) {
      expect(findResource(catalog, 'Service', service)?.parameters, service).toMatchObject({ ensure: 'running', enable: true });
    }
  });

  it('placement.conf: its database through the VIP, memcached for tokens', async () => {
    const { catalog } = await controller('ctl3');
    expect(setting(catalog, 'Placement_config', 'placement_database/connection')).toBe(
      `mysql+pymysql://placement:${SECRETS.placementDatabase}@${SAMPLE_VIP}/placement`,
    );
    expect(setting(catalog, 'Placement_config', 'keystone_authtoken/memcached_servers')).toBe(MEMCACHED_LIST);
    expect(setting(catalog, 'Placement_config', 'keystone_authtoken/password')).toBe(SECRETS.placementService);
    expect(setting(catalog, 'Placement_config', 'oslo_middleware/enable_proxy_headers_parsing')).toBe(true);
    // Placement uses no message broker.
    expect([...iniSettings(catalog, 'Placement_config').keys()].filter((t) => t.includes('transport_url'))).toEqual([]);
  });

  it('only the bootstrap node syncs the databases, sets up the cells and registers the services in Keystone', async () => {
    const [ctl1, ctl2, ctl3] = await Promise.all(CONTROLLER_NAMES.map((name) => controller(name)));
    const bootstrapOnly: [string, string][] = [
      ['Exec', 'nova-db-sync'],
      ['Exec', 'nova-db-sync-api'],
      ['Exec', 'nova-cell_v2-map_cell0'],
      ['Exec', 'nova-cell_v2-discover_hosts'],
      ['Nova_cell_v2', 'cell0'],
      ['Nova_cell_v2', 'default'],
      ['Exec', 'placement-manage-db-sync'],
      ['Keystone_user', 'nova'],
      ['Keystone_user', 'placement'],
      ['Keystone_service', 'nova::compute'],
      ['Keystone_service', 'placement::placement'],
    ];
    for (const [type, title] of bootstrapOnly) {
      expect(findResource(ctl1.catalog, type, title), `${type}[${title}] on ctl1`).toBeDefined();
      expect(findResource(ctl2.catalog, type, title), `${type}[${title}] on ctl2`).toBeUndefined();
      expect(findResource(ctl3.catalog, type, title), `${type}[${title}] on ctl3`).toBeUndefined();
    }
    // The one cell is named by cell_name; its database and transport URL are nova.conf's.
    expect(findResource(ctl1.catalog, 'Nova_cell_v2', 'default')?.parameters).toMatchObject({
      name: 'cell1',
      transport_url: 'default',
      database_connection: 'default',
    });
    const endpoints = ctl1.catalog.resources.filter((r) => r.type === 'Keystone_endpoint');
    const novaEndpoints = endpoints.filter((e) => e.title.endsWith('/nova::compute'));
    expect(novaEndpoints.map((e) => e.title)).toEqual(['RegionOne/nova::compute']);
    expect(novaEndpoints[0].parameters).toMatchObject({
      public_url: `http://${SAMPLE_VIP}:8774/v2.1`,
      internal_url: `http://${SAMPLE_VIP}:8774/v2.1`,
      admin_url: `http://${SAMPLE_VIP}:8774/v2.1`,
    });
    const placementEndpoint = endpoints.find((e) => e.title === 'RegionOne/placement::placement');
    expect(placementEndpoint?.parameters).toMatchObject({ public_url: `http://${SAMPLE_VIP}:8778` });
    expect(findResource(ctl1.catalog, 'Keystone_user', 'nova')?.parameters?.password).toBe(SECRETS.novaService);
  });

  it('the Nova profiles share nova_common in any order, and each one compiles on a node of its own', async () => {
    const reversed = await compileNode(
      controllerInput('ctl2', { profiles: ['nova_novncproxy', 'nova_scheduler', 'nova_conductor', 'nova_api', 'memcached'] }),
    );
    expect(formatUnknownKeys(reversed.keys)).toBe('');
    expect(novaConfig(reversed.catalog, 'DEFAULT/transport_url')).toBe(TRANSPORT_URL);
    const node = { ...controllerNodeHiera('ctl3'), ...new HieraFile().set(NOVA_CONDUCTOR_KEYS.workers, 2).data };
    const conductorOnly = await compileNode(controllerInput('ctl3', { profiles: ['nova_conductor'], node }));
    expect(formatUnknownKeys(conductorOnly.keys)).toBe('');
    expect(novaConfig(conductorOnly.catalog, 'conductor/workers')).toBe(2);
    const classes = catalogClasses(conductorOnly.catalog);
    expect(classes).toContain('nova::conductor');
    expect(classes).not.toContain('nova::api');
    expect(novaConfig(conductorOnly.catalog, 'database/connection')).toBe(
      `mysql+pymysql://nova:${SECRETS.novaDatabase}@${SAMPLE_VIP}/nova`,
    );
  });
});

describe.concurrent('Nova compute, a member of a compute pool', () => {
  it('compiles from the pool data alone, with no database credentials, its address from its facts', async () => {
    const compiled = await compileNode(computeInput());
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.keys.files).toEqual(['common.yaml', 'pool.yaml', 'secrets.yaml']);
    expect(compiled.warnings).toEqual([]);
    const { catalog } = compiled;
    expect(dependencyCycle(catalog)).toBeUndefined();
    const classes = catalogClasses(catalog);
    expect(classes).toEqual(expect.arrayContaining(['openstack_ha::role::compute', 'nova::compute', 'nova::compute::libvirt']));
    expect(classes).not.toContain('nova::db');
    expect(classes).not.toContain('openstack_ha::profile::nova_common');
    expect(classes).not.toContain('nova::compute::rbd');
    const settings = iniSettings(catalog, 'Nova_config');
    const databaseSettings = [...settings.entries()].filter(([title]) => /^(api_)?database\/connection$/.test(title));
    expect(databaseSettings.every(([, value]) => value === '<SERVICE DEFAULT>')).toBe(true);

    expect(novaConfig(catalog, 'DEFAULT/transport_url')).toBe(TRANSPORT_URL);
    expect(novaConfig(catalog, 'oslo_messaging_rabbit/rabbit_quorum_queue')).toBe(true);
    expect(novaConfig(catalog, 'DEFAULT/my_ip')).toBe(COMPUTE.address);
    expect(novaConfig(catalog, 'vnc/enabled')).toBe(true);
    expect(novaConfig(catalog, 'vnc/server_listen')).toBe(COMPUTE.address);
    expect(novaConfig(catalog, 'vnc/server_proxyclient_address')).toBe(COMPUTE.address);
    expect(novaConfig(catalog, 'vnc/novncproxy_base_url')).toBe(NOVNCPROXY_BASE_URL);
    expect(novaConfig(catalog, 'libvirt/virt_type')).toBe('kvm');
    expect(novaConfig(catalog, 'libvirt/images_type')).toBe('<SERVICE DEFAULT>');
    expect(novaConfig(catalog, 'DEFAULT/resume_guests_state_on_host_boot')).toBe(true);
    expect(novaConfig(catalog, 'placement/password')).toBe(SECRETS.placementService);
    expect(novaConfig(catalog, 'neutron/password')).toBe(SECRETS.neutronService);
    expect(novaConfig(catalog, 'neutron/endpoint_override')).toBe(NEUTRON_URL);
    expect(novaConfig(catalog, 'service_user/send_service_user_token')).toBe(true);
    expect(novaConfig(catalog, 'service_user/password')).toBe(SECRETS.novaService);
    expect(findResource(catalog, 'Service', 'nova-compute')?.parameters).toMatchObject({ ensure: 'running', enable: true });
    expect(findResource(catalog, 'Package', 'nova-compute-kvm')).toBeDefined();
  });

  it('RBD ephemeral disks: images_type rbd, the pool and user, and the libvirt secret', async () => {
    const pool = new HieraFile()
      .set(NOVA_COMPUTE_KEYS.virtType, 'qemu')
      .set(NOVA_COMPUTE_KEYS.rbdEnabled, true)
      .set(NOVA_COMPUTE_KEYS.rbdSecretUuid, RBD_SECRET_UUID).data;
    const secrets = new HieraFile().set(NOVA_COMPUTE_KEYS.rbdSecretKey, SECRETS.cephKey).data;
    const compiled = await compileNode(
      computeInput({ pool: { ...computePoolHiera(), ...pool }, secrets: { ...computeSecrets(), ...secrets } }),
    );
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.warnings).toEqual([]);
    const { catalog } = compiled;
    expect(dependencyCycle(catalog)).toBeUndefined();
    expect(catalogClasses(catalog)).toContain('nova::compute::rbd');
    expect(novaConfig(catalog, 'libvirt/virt_type')).toBe('qemu');
    expect(novaConfig(catalog, 'libvirt/images_type')).toBe('rbd');
    expect(novaConfig(catalog, 'libvirt/images_rbd_pool')).toBe('vms');
    expect(novaConfig(catalog, 'libvirt/rbd_user')).toBe('nova');
    expect(novaConfig(catalog, 'libvirt/rbd_secret_uuid')).toBe(RBD_SECRET_UUID);
    const secretXml = catalogFiles(catalog).get('/etc/nova/secret.xml')?.content ?? '';
    expect(secretXml).toContain(`<uuid>${RBD_SECRET_UUID}</uuid>`);
    expect(secretXml).toContain('client.nova');
    expect(String(findResource(catalog, 'Exec', 'set-secret-value virsh')?.parameters?.command)).toContain(SECRETS.cephKey);
    // ceph-common is left to the ceph_client profile.
    expect(findResource(catalog, 'Package', 'ceph-client-package')).toBeUndefined();
  });
});

describe.concurrent('Nova and Placement mistakes that compilation catches', () => {
  it('RBD enabled without the libvirt secret or its key', async () => {
    const pool = new HieraFile().set(NOVA_COMPUTE_KEYS.rbdEnabled, true).data;
    const message = await compileError(computeInput({ pool: { ...computePoolHiera(), ...pool } }));
    expect(message).toMatch(/nova_compute: rbd_enabled needs rbd_secret_uuid and rbd_secret_key \(/);
    const withUuid = { ...computePoolHiera(), ...pool, [NOVA_COMPUTE_KEYS.rbdSecretUuid.name]: RBD_SECRET_UUID };
    expect(await compileError(computeInput({ pool: withUuid }))).toMatch(/nova_compute: rbd_enabled needs rbd_secret_key \(/);
  });

  it('a hypervisor type other than kvm or qemu', async () => {
    const message = await compileError(computeInput({ pool: { ...computePoolHiera(), [NOVA_COMPUTE_KEYS.virtType.name]: 'xen' } }));
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Nova_compute\]: parameter 'virt_type' expects a match for Enum\['kvm', 'qemu'\], got 'xen'/);
  });

  it('a libvirt secret UUID that is not a lower-case UUID', async () => {
    // Upper case too: one UUID has one spelling.
    const pool = new HieraFile()
      .set(NOVA_COMPUTE_KEYS.rbdEnabled, true)
      .set(NOVA_COMPUTE_KEYS.rbdSecretUuid, RBD_SECRET_UUID.toUpperCase()).data;
    const message = await compileError(computeInput({ pool: { ...computePoolHiera(), ...pool } }));
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Nova_compute\]: parameter 'rbd_secret_uuid' expects a match for Openstack_ha::Nova_uuid/);
  });

  it('a broker given without its port, in the shared Nova data', async () => {
    const common = { ...commonHiera(), [NOVA_COMMON_KEYS.rabbitHosts.name]: [SAMPLE_VIP] };
    const message = await compileError(controllerInput('ctl2', { profiles: ['nova_conductor'], common }));
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Nova_common\]: parameter 'rabbit_hosts' index 0 expects a match for Openstack_ha::Ipv4_endpoint/);
  });

  it('cell0 given as the name of a cell', async () => {
    const common = { ...commonHiera(), [NOVA_COMMON_KEYS.cellName.name]: 'cell0' };
    const message = await compileError(controllerInput('ctl2', { profiles: ['nova_scheduler'], common }));
    expect(message).toMatch(/parameter 'cell_name' expects a match for Openstack_ha::Nova_cell_name/);
  });

  it('a metadata secret shorter than 16 characters', async () => {
    const secrets = { ...controllerSecrets(), [NOVA_API_KEYS.metadataSecret.name]: 'short' };
    const message = await compileError(controllerInput('ctl2', { profiles: ['nova_api'], secrets }));
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Nova_api\]: parameter 'metadata_secret' expects a String\[16\] value, got String/);
  });

  it('a host name where Placement wants the address to bind', async () => {
    const node = { ...controllerNodeHiera('ctl3'), [PLACEMENT_KEYS.bindAddress.name]: `ctl3.${SAMPLE_DOMAIN}` };
    const message = await compileError(controllerInput('ctl3', { profiles: ['placement'], node }));
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Placement\]: parameter 'bind_address' expects a match for Stdlib::IP::Address::V4::Nosubnet/);
  });
});
