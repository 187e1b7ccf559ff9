/**
 * The storage profiles (Glance, Cinder, Ceph) compiled against the real Debian 12
 * puppet-openstack 21.x and openstack-ceph 3.1.1 modules, for a deployment of three collapsed
 * controllers (Glance, Cinder API and volume, Ceph monitors and managers), OSD storage nodes
 * and a compute, with hiera written through the library's keys (storage-keys.ts) as the
 * constructs write it: deployment-wide data in `common.yaml`, node data in `nodes/<fqdn>.yaml`,
 * each node's secrets in its `secrets.yaml`.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CEPH_CLIENT_KEYS,
  CEPH_MGR_KEYS,
  CEPH_MON_KEYS,
  CEPH_OSD_KEYS,
  CephPoolSpec,
  cephClientCaps,
  cephxCaps,
  CINDER_KEYS,
  CINDER_VOLUME_KEYS,
  DEFAULT_OPENSTACK_POOLS,
  GLANCE_KEYS,
} from '../../lib/documents/storage-keys';
import { catalogFile } from './support/catalog-files';
import { buildStagedFixture } from './support/fixture';
import { catalogClasses, checkHieraKeys, compileCatalog, CompiledCatalog, findResource, HieraKeyReport, PuppetCatalog } from './support/puppet';
import { runCommand, withScratchDir } from './support/run';
import { SAMPLE_CONTROLLERS, sampleCommonHiera, sampleFacts } from './support/sample-nodes';

// ---------------------------------------------------------------------------------------------
// The sample deployment

const VIP = '198.51.100.10';
const CONTROLLERS = Object.keys(SAMPLE_CONTROLLERS);
const CONTROLLER_ADDRESSES = Object.values(SAMPLE_CONTROLLERS);
const STORAGE_NODES: Readonly<Record<string, string>> = { st1: '198.51.100.31', st2: '198.51.100.32', st3: '198.51.100.33' };
const COMPUTE = { name: 'cmp1', address: '198.51.100.41' };

const FSID = 'ee4c5eec-5397-4b7e-bb0e-5549e490b4a3';
/** The libvirt secret holding client.cinder's key on the computes. */
const CINDER_SECRET_UUID = '561f1ea7-2f11-47d0-a0b7-a1d5bfec6c75';

/** Real cephx keys (`ceph-authtool --gen-print-key`), for test only. */
const KEYS = {
  mon: 'AQAbLQZr7u2zJBAAp89joU6fSGu4dtSh7dDIDQ==',
  admin: 'AQAbLQZrVhl6LBAAxpG+In/Idy7VEGK5Jx6RtA==',
  bootstrapOsd: 'AQAbLQZrrbZxNBAA3kbJo+noo5FME0r6oNyJOg==',
  glance: 'AQAcLQZrjCxEARAAN8EYl65sL/FCsH6soaLbYw==',
  cinder: 'AQAcLQZrJ+ZmCxAAFIXWG6HVXE23o0dK7y/YuQ==',
  nova: 'AQAcLQZr+QaHFBAAbBEzuQNikbfRrMBLbZuEgA==',
} as const;

const PASSWORDS = {
  glanceDb: 'glance-db-password-0123',
  glanceService: 'glance-service-password-0123',
  cinderDb: 'cinder-db-password-0123',
  cinderService: 'cinder-service-password-0123',
  rabbit: 'rabbit-password-0123456789',
} as const;

const POOLS: Record<string, CephPoolSpec> = {
  images: { pg_num: 32, application: 'rbd' },
  volumes: { pg_num: 64, application: 'rbd' },
  vms: { pg_num: 64, application: 'rbd' },
};

const CLIENT_CAPS = {
  'client.glance': cephClientCaps(cephxCaps('glance', DEFAULT_OPENSTACK_POOLS)),
  'client.cinder': cephClientCaps(cephxCaps('cinder', DEFAULT_OPENSTACK_POOLS)),
  'client.nova': cephClientCaps(cephxCaps('nova', DEFAULT_OPENSTACK_POOLS)),
};

const rabbitHosts = CONTROLLER_ADDRESSES.map((a) => `${a}:5672`);
const memcachedServers = CONTROLLER_ADDRESSES.map((a) => `${a}:11211`);

/** Deployment-wide data: what every node of a service shares. */
function storageCommonHiera(): Record<string, unknown> {
  const cluster = (keys: { fsid: { name: string }; monHosts: { name: string } }) => ({
    [keys.fsid.name]: FSID,
    [keys.monHosts.name]: CONTROLLER_ADDRESSES,
  });
  return {
    ...sampleCommonHiera(),
    [GLANCE_KEYS.publicUrl.name]: `http://${VIP}:9292`,
    [GLANCE_KEYS.keystoneUrl.name]: `http://${VIP}:5000`,
    [GLANCE_KEYS.databaseHost.name]: VIP,
    [GLANCE_KEYS.memcachedServers.name]: memcachedServers,
    [CINDER_KEYS.publicUrl.name]: `http://${VIP}:8776/v3/%(tenant_id)s`,
    [CINDER_KEYS.keystoneUrl.name]: `http://${VIP}:5000`,
    [CINDER_KEYS.databaseHost.name]: VIP,
    [CINDER_KEYS.rabbitHosts.name]: rabbitHosts,
    [CINDER_KEYS.rabbitUser.name]: 'openstack',
    [CINDER_KEYS.memcachedServers.name]: memcachedServers,
    [CINDER_VOLUME_KEYS.keystoneUrl.name]: `http://${VIP}:5000`,
    [CINDER_VOLUME_KEYS.databaseHost.name]: VIP,
    [CINDER_VOLUME_KEYS.rabbitHosts.name]: rabbitHosts,
    [CINDER_VOLUME_KEYS.rabbitUser.name]: 'openstack',
    [CINDER_VOLUME_KEYS.glanceApiServers.name]: [`http://${VIP}:9292`],
    [CINDER_VOLUME_KEYS.rbdSecretUuid.name]: CINDER_SECRET_UUID,
    ...cluster(CEPH_CLIENT_KEYS),
    ...cluster(CEPH_MON_KEYS),
    [CEPH_MON_KEYS.publicNetwork.name]: '198.51.100.0/24',
    [CEPH_MON_KEYS.pools.name]: POOLS,
    [CEPH_MON_KEYS.clients.name]: CLIENT_CAPS,
    ...cluster(CEPH_MGR_KEYS),
    [CEPH_MGR_KEYS.publicNetwork.name]: '198.51.100.0/24',
    ...cluster(CEPH_OSD_KEYS),
    [CEPH_OSD_KEYS.publicNetwork.name]: '198.51.100.0/24',
    [CEPH_OSD_KEYS.clusterNetwork.name]: '203.0.113.0/24',
  };
}

/** The node data of a controller (`ctl1` bootstraps every service). */
function controllerNodeHiera(name: string): Record<string, unknown> {
  const address = SAMPLE_CONTROLLERS[name];
  const bootstrap = name === CONTROLLERS[0];
  return {
    [GLANCE_KEYS.bindAddress.name]: address,
    [GLANCE_KEYS.bootstrapNode.name]: bootstrap,
    [CINDER_KEYS.bindAddress.name]: address,
    [CINDER_KEYS.bootstrapNode.name]: bootstrap,
    [CEPH_MON_KEYS.publicAddress.name]: address,
    [CEPH_MON_KEYS.bootstrapNode.name]: bootstrap,
    [CEPH_CLIENT_KEYS.keyringGroups.name]: { 'client.glance': 'glance', 'client.cinder': 'cinder' },
  };
}

/** The secrets of a controller: only what its profiles take. */
function controllerSecrets(): Record<string, unknown> {
  return {
    [GLANCE_KEYS.servicePassword.name]: PASSWORDS.glanceService,
    [GLANCE_KEYS.databasePassword.name]: PASSWORDS.glanceDb,
    [CINDER_KEYS.servicePassword.name]: PASSWORDS.cinderService,
    [CINDER_KEYS.databasePassword.name]: PASSWORDS.cinderDb,
    [CINDER_KEYS.rabbitPassword.name]: PASSWORDS.rabbit,
    [CINDER_VOLUME_KEYS.servicePassword.name]: PASSWORDS.cinderService,
    [CINDER_VOLUME_KEYS.databasePassword.name]: PASSWORDS.cinderDb,
    [CINDER_VOLUME_KEYS.rabbitPassword.name]: PASSWORDS.rabbit,
    [CEPH_CLIENT_KEYS.keys.name]: { 'client.glance': KEYS.glance, 'client.cinder': KEYS.cinder },
    [CEPH_MON_KEYS.monKey.name]: KEYS.mon,
    [CEPH_MON_KEYS.adminKey.name]: KEYS.admin,
    [CEPH_MON_KEYS.bootstrapOsdKey.name]: KEYS.bootstrapOsd,
    [CEPH_MON_KEYS.clientKeys.name]: { 'client.glance': KEYS.glance, 'client.cinder': KEYS.cinder, 'client.nova': KEYS.nova },
    [CEPH_MGR_KEYS.adminKey.name]: KEYS.admin,
  };
}

const CONTROLLER_PROFILES = ['ceph_mon', 'ceph_mgr', 'ceph_client', 'glance', 'cinder', 'cinder_volume'];

// ---------------------------------------------------------------------------------------------
// Compiling

interface StorageNode {
  /** The node's short name. */
  readonly name: string;
  /** Its address. */
  readonly address: string;
  /** @default 'controller' */
  readonly role?: string;
  readonly profiles: readonly string[];
  readonly common?: Record<string, unknown>;
  readonly node?: Record<string, unknown>;
  readonly secrets?: Record<string, unknown>;
}

interface CompiledStorageNode extends CompiledCatalog {
  readonly keys: HieraKeyReport;
}

const compileTimes: number[] = [];

afterAll(() => {
  if (compileTimes.length === 0) return;
  const seconds = compileTimes.map((ms) => ms / 1000);
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  console.log(
    `storage: ${seconds.length} catalogs compiled, mean ${mean.toFixed(2)} s, ` +
      `min ${Math.min(...seconds).toFixed(2)} s, max ${Math.max(...seconds).toFixed(2)} s (process start-up included)`,
  );
});

async function compileNode(node: StorageNode): Promise<CompiledStorageNode> {
  return withScratchDir('storage-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: node.role ?? 'controller',
      profiles: node.profiles,
      facts: sampleFacts(node.name, node.address),
      hiera: { common: node.common ?? storageCommonHiera(), node: node.node, secrets: node.secrets },
    });
    const keys = await checkHieraKeys(fixture.stagedDir);
    const compiled = await compileCatalog(fixture);
    compileTimes.push(compiled.durationMs);
    expect(relationshipCycle(compiled.catalog), `dependency cycle in ${node.name}'s catalog`).toEqual([]);
    // ceph::pool has a parameter named `tag`, a metaparameter: Puppet warns whenever the define
    // is used, whatever it is given. Nothing else may warn.
    const warnings = compiled.warnings.filter((w) => !w.includes('tag is a metaparam; this value will inherit to all contained resources in the ceph::pool definition'));
    expect(warnings, `warnings of ${node.name}`).toEqual([]);
    return { ...compiled, keys };
  });
}

async function compileError(node: StorageNode): Promise<string> {
  try {
    await compileNode(node);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${node.name} compiled, but it must not`);
}

function controller(name: string, overrides: Partial<StorageNode> = {}): StorageNode {
  return {
    name,
    address: SAMPLE_CONTROLLERS[name],
    profiles: CONTROLLER_PROFILES,
    node: controllerNodeHiera(name),
    secrets: controllerSecrets(),
    ...overrides,
  };
}

/** The value of an OpenStack `*_config` setting (`Glance_api_config`, `Cinder_config`). */
function setting(catalog: PuppetCatalog, type: string, name: string): unknown {
  const resource = findResource(catalog, type, name);
  if (!resource) throw new Error(`${type}[${name}] is not in the catalog`);
  return resource.parameters?.ensure === 'absent' ? undefined : resource.parameters?.value;
}

function hasResource(catalog: PuppetCatalog, type: string, title: string): boolean {
  return findResource(catalog, type, title) !== undefined;
}

/**
 * A dependency cycle in a catalog, as `puppet apply` would find it when it builds the
 * relationship graph (compilation does not look): each class or defined resource becomes a
 * start and an end node around what it contains, `before`/`notify` run from the end of one
 * resource to the start of the other, `require`/`subscribe` the other way. Returns the
 * resources left on a cycle, or an empty list.
 */
function relationshipCycle(catalog: PuppetCatalog): string[] {
  const key = (type: string, title: string) => `${type}[${title}]`;
  const known = new Set(catalog.resources.map((r) => key(r.type, r.title)));
  const successors = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    if (!successors.has(from)) successors.set(from, new Set());
    if (!successors.has(to)) successors.set(to, new Set());
    successors.get(from)!.add(to);
  };
  const start = (ref: string) => `start ${ref}`;
  const end = (ref: string) => `end ${ref}`;
  for (const ref of known) edge(start(ref), end(ref));
  for (const { source, target } of catalog.edges) {
    edge(start(source), start(target));
    edge(end(target), end(source));
  }
  const refs = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
  for (const r of catalog.resources) {
    const self = key(r.type, r.title);
    for (const param of ['before', 'notify']) {
      for (const other of refs(r.parameters?.[param])) if (known.has(other)) edge(end(self), start(other));
    }
    for (const param of ['require', 'subscribe']) {
      for (const other of refs(r.parameters?.[param])) if (known.has(other)) edge(end(other), start(self));
    }
  }
  // Kahn's algorithm: whatever cannot be ordered lies on (or behind) a cycle.
  const indegree = new Map<string, number>([...successors.keys()].map((n) => [n, 0]));
  for (const next of successors.values()) for (const n of next) indegree.set(n, indegree.get(n)! + 1);
  const ready = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
  while (ready.length > 0) {
    for (const n of successors.get(ready.pop()!)!) {
      indegree.set(n, indegree.get(n)! - 1);
      if (indegree.get(n) === 0) ready.push(n);
    }
  }
  return [...indegree].filter(([, d]) => d > 0).map(([n]) => n).sort();
}

/** Lists a keyring with the real `ceph-authtool`: the entities and capabilities it parses. */
async function cephAuthtoolList(content: string): Promise<string> {
  return withScratchDir('keyring', async (dir) => {
    const path = join(dir, 'keyring');
    writeFileSync(path, content);
    const listed = await runCommand('ceph-authtool', [path, '--list']);
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    return listed.stdout;
  });
}

// ---------------------------------------------------------------------------------------------

describe('cephxCaps', () => {
  it('grants each service the rbd profile on its own pools only', () => {
    expect(cephxCaps('glance', DEFAULT_OPENSTACK_POOLS)).toEqual({ mon: 'profile rbd', osd: 'profile rbd pool=images' });
    const cinder = {
      mon: 'profile rbd',
      osd: 'profile rbd pool=volumes, profile rbd pool=vms, profile rbd-read-only pool=images',
    };
    expect(cephxCaps('cinder', DEFAULT_OPENSTACK_POOLS)).toEqual(cinder);
    expect(cephxCaps('nova', DEFAULT_OPENSTACK_POOLS)).toEqual(cinder);
    expect(cephxCaps('glance', { images: 'img', volumes: 'vol', vms: 'disk' }).osd).toBe('profile rbd pool=img');
  });
});

describe.concurrent('storage nodes that compile', () => {
  it('the bootstrap controller: Glance on RBD, Cinder API and RBD volumes, a Ceph monitor and manager', async () => {
    const compiled = await compileNode(controller('ctl1'));
    const { catalog } = compiled;
    expect(compiled.keys.unknown).toEqual([]);

    // Glance: bound to the node, RBD through the multi-store interface, direct URLs on
    const glance = (name: string) => setting(catalog, 'Glance_api_config', name);
    expect(glance('DEFAULT/bind_host')).toBe('198.51.100.11');
    expect(glance('DEFAULT/bind_port')).toBe(9292);
    expect(glance('DEFAULT/enabled_backends')).toBe('rbd:rbd');
    expect(glance('glance_store/default_backend')).toBe('rbd');
    expect(glance('rbd/rbd_store_pool')).toBe('images');
    expect(glance('rbd/rbd_store_user')).toBe('glance');
    expect(glance('rbd/rbd_store_ceph_conf')).toBe('/etc/ceph/ceph.conf');
    expect(glance('DEFAULT/show_image_direct_url')).toBe(true);
    expect(glance('DEFAULT/worker_self_reference_url')).toBe('http://198.51.100.11:9292');
    expect(glance('DEFAULT/public_endpoint')).toBe(`http://${VIP}:9292`);
    expect(glance('oslo_middleware/enable_proxy_headers_parsing')).toBe(true);
    expect(glance('database/connection')).toBe(`mysql+pymysql://glance:${PASSWORDS.glanceDb}@${VIP}/glance`);
    expect(glance('keystone_authtoken/memcached_servers')).toBe(memcachedServers.join(','));
    expect(glance('keystone_authtoken/www_authenticate_uri')).toBe(`http://${VIP}:5000`);

    // Cinder: every broker, quorum queues, the database, the API under Apache on the node
    const cinder = (name: string) => setting(catalog, 'Cinder_config', name);
    expect(cinder('DEFAULT/transport_url')).toBe(
      `rabbit://openstack:${PASSWORDS.rabbit}@198.51.100.11:5672,openstack:${PASSWORDS.rabbit}@198.51.100.12:5672,` +
        `openstack:${PASSWORDS.rabbit}@198.51.100.13:5672/`,
    );
    expect(cinder('oslo_messaging_rabbit/rabbit_quorum_queue')).toBe(true);
    expect(cinder('database/connection')).toBe(`mysql+pymysql://cinder:${PASSWORDS.cinderDb}@${VIP}/cinder`);
    expect(cinder('keystone_authtoken/memcached_servers')).toBe(memcachedServers.join(','));
    expect(cinder('keystone_authtoken/auth_url')).toBe(`http://${VIP}:5000`);
    expect(cinder('nova/auth_url')).toBe(`http://${VIP}:5000`);
    expect(cinder('nova/username')).toBe('cinder');
    expect(cinder('DEFAULT/public_endpoint')).toBe(`http://${VIP}:8776`);
    expect(findResource(catalog, 'Apache::Vhost', 'cinder_wsgi')?.parameters).toMatchObject({ ip: '198.51.100.11', port: 8776 });
    expect(findResource(catalog, 'Service', 'cinder-api')?.parameters).toMatchObject({ ensure: 'stopped', enable: false });
    expect(catalogClasses(catalog)).toContain('cinder::scheduler');

    // Cinder volume: the RBD backend with a shared backend host, no cluster
    expect(cinder('DEFAULT/enabled_backends')).toBe('rbd');
    expect(cinder('rbd/volume_driver')).toBe('cinder.volume.drivers.rbd.RBDDriver');
    expect(cinder('rbd/backend_host')).toBe('rbd:volumes');
    expect(cinder('rbd/rbd_pool')).toBe('volumes');
    expect(cinder('rbd/rbd_user')).toBe('cinder');
    expect(cinder('rbd/rbd_secret_uuid')).toBe(CINDER_SECRET_UUID);
    expect(cinder('DEFAULT/glance_api_servers')).toBe(`http://${VIP}:9292`);
    expect(cinder('DEFAULT/cluster')).toBe('<SERVICE DEFAULT>');
    expect(hasResource(catalog, 'Class', 'Cinder::Coordination')).toBe(false);

    // Ceph: one ceph.conf for the whole node, cephx, every monitor
    const ceph = (name: string) => setting(catalog, 'Ceph_config', name);
    expect(ceph('global/fsid')).toBe(FSID);
    expect(ceph('global/mon_host')).toBe(CONTROLLER_ADDRESSES.join(','));
    expect(ceph('global/auth_cluster_required')).toBe('cephx');
    expect(ceph('global/auth_client_required')).toBe('cephx');
    expect(ceph('mon/public_network')).toBe('198.51.100.0/24');
    expect(ceph('mgr/public_network')).toBe('198.51.100.0/24');
    expect(ceph('mon/osd_pool_default_size')).toBe(3);
    expect(ceph('mon/osd_pool_default_min_size')).toBe(2);
    expect(findResource(catalog, 'Package', 'ceph')).toBeUndefined(); // not the whole of Ceph
    expect(findResource(catalog, 'Ceph::Mon', 'ctl1')?.parameters).toMatchObject({
      public_addr: '198.51.100.11',
      keyring: '/etc/ceph/ceph.mon.keyring',
    });
    expect(hasResource(catalog, 'Ceph::Mgr', 'ctl1')).toBe(true);

    // The initial monitor keyring, as ceph-authtool reads it
    const initial = catalogFile(catalog, '/etc/ceph/ceph.mon.keyring');
    expect(await cephAuthtoolList(initial.content)).toBe(
      `[mon.]\n\tkey = ${KEYS.mon}\n\tcaps mon = "allow *"\n` +
        `[client.admin]\n\tkey = ${KEYS.admin}\n\tcaps mds = "allow *"\n\tcaps mgr = "allow *"\n\tcaps mon = "allow *"\n\tcaps osd = "allow *"\n` +
        `[client.bootstrap-osd]\n\tkey = ${KEYS.bootstrapOsd}\n\tcaps mgr = "allow r"\n\tcaps mon = "profile bootstrap-osd"\n`,
    );
    expect(findResource(catalog, 'File', '/etc/ceph/ceph.mon.keyring')?.parameters).toMatchObject({ owner: 'root', group: 'ceph', mode: '0640' });

    // The services' keyrings: key only, readable by the service's group
    expect(catalogFile(catalog, '/etc/ceph/ceph.client.glance.keyring').content).toBe(`[client.glance]\n\tkey = ${KEYS.glance}\n`);
    expect(findResource(catalog, 'File', '/etc/ceph/ceph.client.glance.keyring')?.parameters).toMatchObject({ group: 'glance', mode: '0640' });
    expect(findResource(catalog, 'File', '/etc/ceph/ceph.client.cinder.keyring')?.parameters).toMatchObject({ group: 'cinder', mode: '0640' });
    expect(findResource(catalog, 'File', '/etc/ceph/ceph.client.admin.keyring')?.parameters).toMatchObject({ group: 'root', mode: '0600' });

    // Bootstrap only: schemas, Keystone registration, pools and users
    for (const cls of ['Glance::Db::Sync', 'Glance::Keystone::Auth', 'Cinder::Db::Sync', 'Cinder::Keystone::Auth']) {
      expect(hasResource(catalog, 'Class', cls), cls).toBe(true);
    }
    expect(findResource(catalog, 'Keystone::Resource::Service_identity', 'cinderv3')?.parameters).toMatchObject({
      public_url: `http://${VIP}:8776/v3/%(tenant_id)s`,
      internal_url: `http://${VIP}:8776/v3/%(tenant_id)s`,
    });
    expect(findResource(catalog, 'Ceph::Pool', 'volumes')?.parameters).toMatchObject({ pg_num: 64, size: 3 });
    expect(findResource(catalog, 'Exec', 'openstack_ha: enable rbd on volumes')?.parameters?.command).toBe(
      'ceph osd pool application enable volumes rbd',
    );
    expect(findResource(catalog, 'Exec', 'openstack_ha: set volumes min_size')?.parameters?.command).toBe(
      'ceph osd pool set volumes min_size 2',
    );
    for (const [name, caps] of Object.entries(CLIENT_CAPS)) {
      const keyring = catalogFile(catalog, `/etc/ceph/openstack-ha/${name}.keyring`).content;
      expect(keyring).toBe(`[${name}]\n\tkey = ${KEYS[name.slice(7) as 'glance']}\n\tcaps mon = "${caps.caps_mon}"\n\tcaps osd = "${caps.caps_osd}"\n`);
      expect(await cephAuthtoolList(keyring)).toBe(keyring);
      expect(findResource(catalog, 'Exec', `openstack_ha: import ${name}`)?.parameters?.command).toBe(
        `ceph auth import -i /etc/ceph/openstack-ha/${name}.keyring`,
      );
    }
    // No secret in a command line Puppet could log
    for (const exec of catalog.resources.filter((r) => r.type === 'Exec')) {
      const text = JSON.stringify(exec.parameters);
      for (const key of Object.values(KEYS)) expect(text, exec.title).not.toContain(key);
    }
  });

  it('another controller: the same services, and none of the bootstrap-only resources', async () => {
    const { catalog, keys } = await compileNode(controller('ctl2'));
    expect(keys.unknown).toEqual([]);
    expect(setting(catalog, 'Glance_api_config', 'DEFAULT/bind_host')).toBe('198.51.100.12');
    expect(findResource(catalog, 'Apache::Vhost', 'cinder_wsgi')?.parameters).toMatchObject({ ip: '198.51.100.12' });
    expect(setting(catalog, 'Cinder_config', 'rbd/backend_host')).toBe('rbd:volumes');
    expect(findResource(catalog, 'Ceph::Mon', 'ctl2')?.parameters).toMatchObject({ public_addr: '198.51.100.12' });
    const classes = catalogClasses(catalog);
    for (const cls of ['glance::db::sync', 'glance::keystone::auth', 'cinder::db::sync', 'cinder::keystone::auth']) {
      expect(classes).not.toContain(cls);
    }
    expect(catalog.resources.filter((r) => r.type === 'Ceph::Pool')).toEqual([]);
    expect(catalog.resources.filter((r) => r.title.startsWith('openstack_ha: import '))).toEqual([]);
  });

  it('an OSD node: BlueStore OSDs on its disks, created with the bootstrap-osd key, no admin key', async () => {
    const { catalog, keys } = await compileNode({
      name: 'st1',
      address: STORAGE_NODES.st1,
      role: 'storage',
      profiles: ['ceph_osd'],
      node: { [CEPH_OSD_KEYS.osdDevices.name]: ['/dev/vdb', '/dev/vdc'] },
      secrets: { [CEPH_OSD_KEYS.bootstrapOsdKey.name]: KEYS.bootstrapOsd },
    });
    expect(keys.unknown).toEqual([]);
    expect(findResource(catalog, 'Ceph::Osd', '/dev/vdb')?.parameters).toMatchObject({ fsid: FSID, store_type: 'bluestore' });
    expect(hasResource(catalog, 'Ceph::Osd', '/dev/vdc')).toBe(true);
    expect(setting(catalog, 'Ceph_config', 'osd/cluster_network')).toBe('203.0.113.0/24');
    expect(setting(catalog, 'Ceph_config', 'osd/public_network')).toBe('198.51.100.0/24');
    expect(catalogFile(catalog, '/var/lib/ceph/bootstrap-osd/ceph.keyring').content).toBe(
      `[client.bootstrap-osd]\n\tkey = ${KEYS.bootstrapOsd}\n`,
    );
    // Written before the module's `ceph auth get` (which `creates` that file), so it never runs.
    expect(findResource(catalog, 'File', '/var/lib/ceph/bootstrap-osd/ceph.keyring')?.parameters?.before).toEqual([
      'Exec[extract-bootstrap-osd-keyring-/dev/vdb]',
      'Exec[extract-bootstrap-osd-keyring-/dev/vdc]',
    ]);
    expect(hasResource(catalog, 'File', '/etc/ceph/ceph.client.admin.keyring')).toBe(false);
    expect(hasResource(catalog, 'Package', 'ceph-osd')).toBe(true);
    expect(hasResource(catalog, 'Package', 'ceph-mon')).toBe(false);
  });

  it('a hyperconverged storage node: every Ceph profile and a volume service share one configuration, in any order', async () => {
    const common = {
      ...storageCommonHiera(),
      [CEPH_MON_KEYS.monHosts.name]: Object.values(STORAGE_NODES),
      [CEPH_MGR_KEYS.monHosts.name]: Object.values(STORAGE_NODES),
      [CEPH_OSD_KEYS.monHosts.name]: Object.values(STORAGE_NODES),
      [CEPH_CLIENT_KEYS.monHosts.name]: Object.values(STORAGE_NODES),
    };
    const node = {
      [CEPH_MON_KEYS.publicAddress.name]: STORAGE_NODES.st2,
      [CEPH_CLIENT_KEYS.keyringGroups.name]: { 'client.cinder': 'cinder' },
    };
    const secrets = {
      ...controllerSecrets(),
      [CEPH_OSD_KEYS.bootstrapOsdKey.name]: KEYS.bootstrapOsd,
      [CEPH_CLIENT_KEYS.keys.name]: { 'client.cinder': KEYS.cinder },
    };
    for (const profiles of [
      ['ceph_client', 'cinder_volume', 'ceph_osd', 'ceph_mgr', 'ceph_mon'],
      ['ceph_mon', 'ceph_mgr', 'ceph_osd', 'ceph_client', 'cinder_volume'],
    ]) {
      const { catalog, keys } = await compileNode({ name: 'st2', address: STORAGE_NODES.st2, role: 'storage', profiles, common, node, secrets });
      expect(keys.unknown).toEqual([]);
      expect(setting(catalog, 'Ceph_config', 'global/mon_host')).toBe(Object.values(STORAGE_NODES).join(','));
      for (const pkg of ['ceph-mon', 'ceph-mgr', 'ceph-osd']) expect(hasResource(catalog, 'Package', pkg), pkg).toBe(true);
      expect(hasResource(catalog, 'Ceph::Mon', 'st2')).toBe(true);
      expect(hasResource(catalog, 'Ceph::Osd', '/dev/vdb')).toBe(true);
      expect(setting(catalog, 'Cinder_config', 'rbd/backend_host')).toBe('rbd:volumes');
      expect(findResource(catalog, 'File', '/etc/ceph/ceph.client.cinder.keyring')?.parameters).toMatchObject({ group: 'cinder' });
    }
  });

  it('a compute: the Ceph configuration, root-only keyrings and the libvirt secret of Cinder volumes', async () => {
    const { catalog, keys } = await compileNode({
      name: COMPUTE.name,
      address: COMPUTE.address,
      role: 'compute',
      profiles: ['ceph_client'],
      node: {
        [CEPH_CLIENT_KEYS.keyringGroups.name]: { 'client.nova': 'nova' },
        [CEPH_CLIENT_KEYS.libvirtSecrets.name]: { [CINDER_SECRET_UUID]: 'client.cinder' },
      },
      secrets: { [CEPH_CLIENT_KEYS.keys.name]: { 'client.nova': KEYS.nova, 'client.cinder': KEYS.cinder } },
    });
    expect(keys.unknown).toEqual([]);
    expect(setting(catalog, 'Ceph_config', 'global/fsid')).toBe(FSID);
    expect(findResource(catalog, 'File', '/etc/ceph/ceph.client.nova.keyring')?.parameters).toMatchObject({ group: 'nova', mode: '0640' });
    expect(findResource(catalog, 'File', '/etc/ceph/ceph.client.cinder.keyring')?.parameters).toMatchObject({ group: 'root', mode: '0600' });
    const definition = catalogFile(catalog, `/etc/ceph/libvirt-secret-${CINDER_SECRET_UUID}.xml`).content;
    expect(definition).toContain(`<uuid>${CINDER_SECRET_UUID}</uuid>`);
    expect(definition).toContain("<usage type='ceph'>\n    <name>client.cinder secret</name>");
    expect(catalogFile(catalog, `/etc/ceph/libvirt-secret-${CINDER_SECRET_UUID}.key`).content).toBe(`${KEYS.cinder}\n`);
    expect(findResource(catalog, 'Exec', `openstack_ha: set libvirt secret ${CINDER_SECRET_UUID}`)?.parameters?.command).toBe(
      `virsh secret-set-value --secret ${CINDER_SECRET_UUID} --file /etc/ceph/libvirt-secret-${CINDER_SECRET_UUID}.key`,
    );
    // the services install the client libraries
    expect(catalog.resources.filter((r) => r.type === 'Package' && r.title !== 'chrony')).toEqual([]);
  });

  it('active/active volume services: a cluster with a coordination backend, and no shared backend host', async () => {
    const { catalog, keys } = await compileNode({
      name: 'st3',
      address: STORAGE_NODES.st3,
      role: 'storage',
      profiles: ['cinder_volume'],
      node: { [CINDER_VOLUME_KEYS.cluster.name]: 'ceph-volumes' },
      secrets: {
        ...controllerSecrets(),
        [CINDER_VOLUME_KEYS.coordinationUrl.name]: 'etcd3+http://198.51.100.21:2379',
      },
    });
    expect(keys.unknown).toEqual([]);
    expect(setting(catalog, 'Cinder_config', 'DEFAULT/cluster')).toBe('ceph-volumes');
    expect(setting(catalog, 'Cinder_config', 'coordination/backend_url')).toBe('etcd3+http://198.51.100.21:2379');
    expect(setting(catalog, 'Cinder_config', 'rbd/backend_host')).toBeUndefined();
  });

  it('Glance on the file store: images on the node, no direct URLs', async () => {
    const { catalog } = await compileNode(
      controller('ctl1', { profiles: ['glance'], node: { ...controllerNodeHiera('ctl1'), [GLANCE_KEYS.store.name]: 'file' } }),
    );
    expect(setting(catalog, 'Glance_api_config', 'DEFAULT/enabled_backends')).toBe('file:file');
    expect(setting(catalog, 'Glance_api_config', 'glance_store/default_backend')).toBe('file');
    expect(setting(catalog, 'Glance_api_config', 'file/filesystem_store_datadir')).toBe('/var/lib/glance/images');
    expect(setting(catalog, 'Glance_api_config', 'DEFAULT/show_image_direct_url')).toBe(false);
    expect(hasResource(catalog, 'Glance::Backend::Multistore::Rbd', 'rbd')).toBe(false);
  });
});

describe.concurrent('storage mistakes that compilation catches', () => {
  it('a Glance store that does not exist', async () => {
    const message = await compileError(
      controller('ctl1', { profiles: ['glance'], node: { ...controllerNodeHiera('ctl1'), [GLANCE_KEYS.store.name]: 'swift' } }),
    );
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Glance\]: parameter 'store' expects a match for Enum\['file', 'rbd'\], got 'swift'/);
  });

  it('a pool size written as a string', async () => {
    const message = await compileError(controller('ctl1', { node: { ...controllerNodeHiera('ctl1'), [CEPH_MON_KEYS.poolSize.name]: '3' } }));
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Ceph_mon\]: parameter 'pool_size' expects an Integer value, got String/);
  });

  it('a cephx key that is not one', async () => {
    const message = await compileError(
      controller('ctl1', { secrets: { ...controllerSecrets(), [CEPH_CLIENT_KEYS.keys.name]: { 'client.glance': 'not-a-cephx-key' } } }),
    );
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Ceph_client\]: parameter 'keys' entry 'client\.glance' expects a match for Openstack_ha::Storage_cephx_key/);
    expect(message).not.toContain(KEYS.glance);
  });

  it('an upper-case fsid', async () => {
    const message = await compileError(
      controller('ctl1', { common: { ...storageCommonHiera(), [CEPH_OSD_KEYS.fsid.name]: FSID.toUpperCase() }, role: 'storage', profiles: ['ceph_osd'] }),
    );
    expect(message).toMatch(/parameter 'fsid' expects a match for Openstack_ha::Storage_uuid/);
  });

  it('an active/active cluster without a coordination backend', async () => {
    const message = await compileError(controller('ctl1', { node: { ...controllerNodeHiera('ctl1'), [CINDER_VOLUME_KEYS.cluster.name]: 'ceph-volumes' } }));
    expect(message).toContain("openstack_ha::profile::cinder_volume: cluster 'ceph-volumes' needs coordination_url");
  });

  it('two Ceph profiles of one node naming different clusters', async () => {
    const message = await compileError(
      controller('ctl1', { common: { ...storageCommonHiera(), [CEPH_CLIENT_KEYS.fsid.name]: 'a7ff14f9-9cd3-4498-9043-82db6ad77946' } }),
    );
    expect(message).toContain(
      'openstack_ha::profile::ceph_client: fsid differ from the value another profile of this node gave openstack_ha::storage::ceph_conf',
    );
  });

  it('the Cinder API and volume profiles of one node given different database passwords (named, never shown)', async () => {
    const message = await compileError(
      controller('ctl1', { secrets: { ...controllerSecrets(), [CINDER_VOLUME_KEYS.databasePassword.name]: 'another-db-password-0123' } }),
    );
    expect(message).toContain(
      'openstack_ha::profile::cinder_volume: database_password differ from the value another profile of this node gave openstack_ha::storage::cinder_common',
    );
    expect(message).not.toContain('another-db-password-0123');
    expect(message).not.toContain(PASSWORDS.cinderDb);
  });

  it('a pool whose pg_num is not a power of two', async () => {
    const message = await compileError(
      controller('ctl1', { common: { ...storageCommonHiera(), [CEPH_MON_KEYS.pools.name]: { ...POOLS, vms: { pg_num: 100, application: 'rbd' } } } }),
    );
    expect(message).toContain('openstack_ha::profile::ceph_mon: pool vms has pg_num 100, which is not a power of two');
  });

  it('a Ceph user without a key', async () => {
    const secrets = { ...controllerSecrets(), [CEPH_MON_KEYS.clientKeys.name]: { 'client.glance': KEYS.glance } };
    const message = await compileError(controller('ctl1', { secrets }));
    expect(message).toContain('openstack_ha::profile::ceph_mon: clients and client_keys must name the same users');
  });

  it('a monitor whose address is not one of the monitors', async () => {
    const message = await compileError(controller('ctl1', { node: { ...controllerNodeHiera('ctl1'), [CEPH_MON_KEYS.publicAddress.name]: '198.51.100.99' } }));
    expect(message).toContain('openstack_ha::profile::ceph_mon: public_address 198.51.100.99 is not one of mon_hosts');
  });

  it('capabilities that could break out of the keyring line', async () => {
    const clients = { ...CLIENT_CAPS, 'client.glance': { caps_mon: 'profile rbd"\n\tcaps mgr = "allow *', caps_osd: 'profile rbd' } };
    const message = await compileError(controller('ctl1', { common: { ...storageCommonHiera(), [CEPH_MON_KEYS.clients.name]: clients } }));
    expect(message).toMatch(/parameter 'clients' entry 'client\.glance' entry 'caps_mon' expects a match for Pattern/);
  });
});
