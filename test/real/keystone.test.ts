/**
 * openstack_ha::profile::keystone compiled against Debian's puppet-keystone 21.x for the three
 * sample controllers: what Keystone is configured with (broker, database, cache, shared
 * keys), that only the bootstrap node creates the schema and runs the bootstrap, and that
 * wrong values fail compilation naming the parameter.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { KEYSTONE_KEYS } from '../../lib/documents/hiera-keys';
import {
  compileSampleNode,
  keyParameters,
  ownClassParameters,
  CompiledSampleNode,
  CONTROLLER_NAMES,
  haproxyHiera,
  keepalivedHiera,
  keystoneNodeHiera,
  keystoneSecrets,
  sampleNodeCompileError,
  SAMPLE_KEYS,
  SAMPLE_VIP,
} from './support/api-tier';
import { catalogFile } from './support/catalog-files';
import { catalogClasses, findResource, formatUnknownKeys, PuppetCatalog } from './support/puppet';
import { SAMPLE_CONTROLLERS } from './support/sample-nodes';

const compileTimes: number[] = [];

afterAll(() => {
  if (compileTimes.length > 0) {
    console.log(`keystone profile: ${compileTimes.length} catalog compiles (s): ${compileTimes.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`);
  }
});

async function compileController(
  name: string,
  node: Record<string, unknown> = {},
  secrets: Record<string, unknown> = {},
): Promise<CompiledSampleNode> {
  const compiled = await compileSampleNode({
    name,
    profiles: ['keystone'],
    node: { ...keystoneNodeHiera(name), ...node },
    secrets: { ...keystoneSecrets(), ...secrets },
  });
  compileTimes.push(compiled.durationMs);
  return compiled;
}

/** The value a catalog gives one `keystone.conf` option, `section/option`. */
function keystoneConfig(catalog: PuppetCatalog, option: string): unknown {
  const resource = findResource(catalog, 'Keystone_config', option);
  expect(resource, `Keystone_config[${option}] in the catalog`).toBeDefined();
  return resource!.parameters?.value;
}

const BOOTSTRAP_EXECS = ['keystone bootstrap', 'keystone-manage db_sync'];

describe.concurrent('Keystone on three controllers', () => {
  it('declares exactly the parameters that KEYSTONE_KEYS writes', async () => {
    expect(await ownClassParameters('openstack_ha::profile::keystone')).toEqual(keyParameters(KEYSTONE_KEYS));
  });

  it.each(CONTROLLER_NAMES)('%s: compiles with shared keys, every broker, every memcached server', async (name) => {
    const { catalog, keys, warnings } = await compileController(name);
    expect(formatUnknownKeys(keys)).toBe('');
    expect(keys.checkedKeys).toBeGreaterThanOrEqual(15);
    expect(warnings).toEqual([]);
    expect(catalogClasses(catalog)).toEqual(
      expect.arrayContaining(['keystone', 'keystone::db', 'keystone::cache', 'keystone::config', 'keystone::wsgi::apache', 'keystone::bootstrap']),
    );

    // Every broker, never the VIP; the password URL-encoded by os_transport_url.
    expect(keystoneConfig(catalog, 'DEFAULT/transport_url')).toBe(
      'rabbit://openstack:rabbit-password-0123456789@198.51.100.11:5672,' +
        'openstack:rabbit-password-0123456789@198.51.100.12:5672,' +
        'openstack:rabbit-password-0123456789@198.51.100.13:5672/',
    );
    expect(keystoneConfig(catalog, 'oslo_messaging_rabbit/rabbit_quorum_queue')).toBe(true);
    expect(keystoneConfig(catalog, 'database/connection')).toBe(`mysql+pymysql://keystone:db-password-0123456789@${SAMPLE_VIP}/keystone`);

    expect(keystoneConfig(catalog, 'cache/enabled')).toBe(true);
    expect(keystoneConfig(catalog, 'cache/backend')).toBe('oslo_cache.memcache_pool');
    expect(keystoneConfig(catalog, 'cache/memcache_servers')).toBe('198.51.100.11:11211,198.51.100.12:11211,198.51.100.13:11211');
    expect(keystoneConfig(catalog, 'cache/memcache_dead_retry')).toBe(60);
    expect(keystoneConfig(catalog, 'cache/memcache_socket_timeout')).toBe(1);

    expect(keystoneConfig(catalog, 'token/provider')).toBe('fernet');
    expect(keystoneConfig(catalog, 'DEFAULT/public_endpoint')).toBe(`http://${SAMPLE_VIP}:5000`);
    expect(keystoneConfig(catalog, 'fernet_tokens/key_repository')).toBe('/etc/keystone/fernet-keys');
    expect(keystoneConfig(catalog, 'credential/key_repository')).toBe('/etc/keystone/credential-keys');

    // The same four keys on every node, replaced when they differ, nothing else kept beside them.
    const keyFiles = {
      '/etc/keystone/fernet-keys/0': SAMPLE_KEYS.fernet0,
      '/etc/keystone/fernet-keys/1': SAMPLE_KEYS.fernet1,
      '/etc/keystone/credential-keys/0': SAMPLE_KEYS.credential0,
      '/etc/keystone/credential-keys/1': SAMPLE_KEYS.credential1,
    };
    for (const [path, key] of Object.entries(keyFiles)) {
      expect(catalogFile(catalog, path).content).toBe(key);
      expect(findResource(catalog, 'File', path)?.parameters).toMatchObject({ owner: 'keystone', group: 'keystone', mode: '0600', show_diff: false });
    }
    expect(findResource(catalog, 'File', '/etc/keystone/fernet-keys/0')?.parameters).toMatchObject({ replace: true });
    for (const repository of ['/etc/keystone/fernet-keys', '/etc/keystone/credential-keys']) {
      expect(findResource(catalog, 'File', repository)?.parameters).toMatchObject({ ensure: 'directory', recurse: true, purge: true });
    }
    // No key is generated on the node.
    expect(findResource(catalog, 'Exec', 'keystone-manage fernet_setup')).toBeUndefined();
    expect(findResource(catalog, 'Exec', 'keystone-manage credential_setup')).toBeUndefined();

    // Served by Apache on the node's own address, port 5000; Debian's own keystone server stopped.
    const vhost = findResource(catalog, 'Apache::Vhost', 'keystone_wsgi');
    expect(vhost?.parameters).toMatchObject({ ip: SAMPLE_CONTROLLERS[name], port: 5000 });
    expect(findResource(catalog, 'Service', 'keystone')?.parameters).toMatchObject({ ensure: 'stopped', enable: false });

    // Only the bootstrap node creates the schema and runs keystone-manage bootstrap.
    const bootstrapNode = name === CONTROLLER_NAMES[0];
    for (const title of BOOTSTRAP_EXECS) {
      expect(findResource(catalog, 'Exec', title) !== undefined, `Exec[${title}] on ${name}`).toBe(bootstrapNode);
    }
    expect(findResource(catalog, 'Keystone_endpoint', 'RegionOne/keystone::identity') !== undefined).toBe(bootstrapNode);
    // Every node can act as the admin (for the resources of later profiles).
    expect(catalogFile(catalog, '/etc/openstack/puppet/admin-clouds.yaml').content).toMatch(
      new RegExp(`^ +auth_url: http://${SAMPLE_VIP.replace(/\./g, '\\.')}:5000$`, 'm'),
    );
  });

  it('the bootstrap: the admin password, the endpoints at the public URL, the region', async () => {
    const { catalog } = await compileController('ctl1', { [KEYSTONE_KEYS.region.name]: 'RegionTwo' });
    const bootstrap = findResource(catalog, 'Exec', 'keystone bootstrap');
    expect(bootstrap?.parameters?.environment).toEqual(
      expect.arrayContaining([
        'OS_BOOTSTRAP_PASSWORD=admin-password-0123456789',
        `OS_BOOTSTRAP_PUBLIC_URL=http://${SAMPLE_VIP}:5000`,
        `OS_BOOTSTRAP_INTERNAL_URL=http://${SAMPLE_VIP}:5000`,
        `OS_BOOTSTRAP_ADMIN_URL=http://${SAMPLE_VIP}:5000`,
        'OS_BOOTSTRAP_REGION_ID=RegionTwo',
      ]),
    );
  });

  it('a whole API-tier node (role loadbalancer): HAProxy, keepalived, memcached and Keystone together', async () => {
    const compiled = await compileSampleNode({
      name: 'ctl2',
      role: 'loadbalancer',
      profiles: ['haproxy', 'keepalived', 'memcached', 'keystone'],
      node: {
        ...keystoneNodeHiera('ctl2'),
        ...haproxyHiera('ctl2'),
        ...keepalivedHiera('ctl2'),
        'openstack_ha::profile::memcached::listen': SAMPLE_CONTROLLERS.ctl2,
      },
      secrets: keystoneSecrets(),
    });
    compileTimes.push(compiled.durationMs);
    expect(catalogClasses(compiled.catalog)).toContain('openstack_ha::role::loadbalancer');
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.warnings).toEqual([]);
    // Debian's keystone server (listening on every address, port 5000) stops before HAProxy
    // binds the VIP's port 5000.
    const before = findResource(compiled.catalog, 'Service', 'keystone')?.parameters?.before;
    expect([before].flat()).toContain('Service[haproxy]');
  });
});

describe.concurrent('Keystone mistakes that compilation catches', () => {
  it('a Fernet key that is not 32 bytes of URL-safe base64', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: keystoneNodeHiera('ctl1'),
      // Standard base64 ('+' and '/'), as `openssl rand -base64 32` would give.
      secrets: { ...keystoneSecrets(), [KEYSTONE_KEYS.fernetKey0.name]: 'c+aJfy6At9y/toNS9SF1NQMTSkSzQ+OBYeYulTqKsWU=' },
    });
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Keystone\]: parameter 'fernet_key_0' expects a match for Openstack_ha::Fernet_key/);
  });

  it('a credential key one byte short', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: keystoneNodeHiera('ctl1'),
      secrets: { ...keystoneSecrets(), [KEYSTONE_KEYS.credentialKey1.name]: 'GLlnyygEVJP4-H2OMwClXn3sdSQUZsM5F194139Unw==' },
    });
    expect(message).toMatch(/parameter 'credential_key_1' expects a match for Openstack_ha::Fernet_key/);
  });

  it('a broker given without its port', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: { ...keystoneNodeHiera('ctl1'), [KEYSTONE_KEYS.rabbitHosts.name]: ['198.51.100.11:5672', '198.51.100.12'] },
      secrets: keystoneSecrets(),
    });
    expect(message).toMatch(/parameter 'rabbit_hosts' index 1 expects a match for Openstack_ha::Ipv4_endpoint/);
  });

  it('no memcached server', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: { ...keystoneNodeHiera('ctl1'), [KEYSTONE_KEYS.memcachedServers.name]: [] },
      secrets: keystoneSecrets(),
    });
    expect(message).toMatch(/parameter 'memcached_servers' expects size to be at least 1, got 0/);
  });

  it('a database host that is a mistyped address', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: { ...keystoneNodeHiera('ctl1'), [KEYSTONE_KEYS.databaseHost.name]: '198.51.100.300' },
      secrets: keystoneSecrets(),
    });
    expect(message).toMatch(/parameter 'database_host' expects an Openstack_ha::Ipv4_or_fqdn = Variant\[.*\] value, got String/);
  });

  it('a short database password', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: keystoneNodeHiera('ctl1'),
      secrets: { ...keystoneSecrets(), [KEYSTONE_KEYS.databasePassword.name]: 'short' },
    });
    expect(message).toMatch(/parameter 'database_password' expects a String\[16\] value, got String/);
  });

  it('bootstrap_node written as a string', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keystone'],
      node: { ...keystoneNodeHiera('ctl1'), [KEYSTONE_KEYS.bootstrapNode.name]: 'true' },
      secrets: keystoneSecrets(),
    });
    expect(message).toMatch(/parameter 'bootstrap_node' expects a Boolean value, got String/);
  });
});
