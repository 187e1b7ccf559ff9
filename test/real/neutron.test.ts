/**
 * The Neutron profiles compiled against Debian's puppet-neutron and puppet-ovn 21.x on the three
 * kinds of node that hold them: converged controllers (server and every agent), network nodes
 * (the agents) and compute nodes (the L2 agent only); then L3 HA, the OVN variant, and the
 * mistakes that must fail compilation, naming the parameter or the conflict.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HieraKey, HieraValue } from '../../lib/documents/hiera';
import {
  NEUTRON_AGENT_KEYS,
  NEUTRON_COMMON_KEYS,
  NEUTRON_DHCP_AGENT_KEYS,
  NEUTRON_L3_AGENT_KEYS,
  NEUTRON_METADATA_AGENT_KEYS,
  NEUTRON_SERVER_KEYS,
} from '../../lib/documents/neutron-keys';
import {
  CONTROLLER_NAMES,
  haproxyHiera,
  keepalivedHiera,
  keyParameters,
  keystoneNodeHiera,
  keystoneSecrets,
  ownClassParameters,
  SAMPLE_VIP,
} from './support/api-tier';
import { buildStagedFixture } from './support/fixture';
import {
  catalogClasses,
  checkHieraKeys,
  compileCatalog,
  CompiledCatalog,
  findResource,
  formatUnknownKeys,
  HieraKeyReport,
  PuppetCatalog,
} from './support/puppet';
import { withScratchDir } from './support/run';
import { SAMPLE_CONTROLLERS, sampleCommonHiera, sampleFacts } from './support/sample-nodes';

// ---------------------------------------------------------------------------------------------
// The sample deployment: three converged controllers, two network nodes, one compute node.

/** Every node of the sample deployment: short name → address. */
const ADDRESSES: Readonly<Record<string, string>> = {
  ...SAMPLE_CONTROLLERS,
  net1: '198.51.100.31',
  net2: '198.51.100.32',
  cmp1: '198.51.100.41',
};

const CONVERGED_PROFILES = ['neutron_server', 'neutron_agent', 'neutron_l3_agent', 'neutron_dhcp_agent', 'neutron_metadata_agent'];
const NETWORK_PROFILES = ['neutron_agent', 'neutron_l3_agent', 'neutron_dhcp_agent', 'neutron_metadata_agent'];

const CONTROLLER_ADDRESSES = Object.values(SAMPLE_CONTROLLERS);
const RABBIT_PASSWORD = 'rabbit-password-0123456789';
const METADATA_SECRET = 'metadata-secret-0123456789';
const VRRP_PASSWORD = 'vrrp-password-0123456789';

const LEAST_ROUTERS = 'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler';

/** A hiera entry written through a library key, so its value has the key's TypeScript type. */
function entry<T extends HieraValue>(key: HieraKey<T>, value: T): [string, T] {
  return [key.name, value];
}

/** Node data from typed entries. */
function data(...entries: [string, HieraValue][]): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/** The shared Neutron node data (every node with a Neutron profile). */
function commonNodeHiera(): Record<string, unknown> {
  return data(
    entry(NEUTRON_COMMON_KEYS.rabbitHosts, CONTROLLER_ADDRESSES.map((a) => `${a}:5672`)),
    entry(NEUTRON_COMMON_KEYS.rabbitUser, 'openstack'),
    entry(NEUTRON_COMMON_KEYS.globalPhysnetMtu, 1450),
  );
}

/** The server's node data on controller `name` (`ctl1` bootstraps). */
function serverNodeHiera(name: string): Record<string, unknown> {
  return data(
    entry(NEUTRON_SERVER_KEYS.bindAddress, ADDRESSES[name]),
    entry(NEUTRON_SERVER_KEYS.publicUrl, `http://${SAMPLE_VIP}:9696`),
    entry(NEUTRON_SERVER_KEYS.keystoneUrl, `http://${SAMPLE_VIP}:5000`),
    entry(NEUTRON_SERVER_KEYS.databaseHost, SAMPLE_VIP),
    entry(NEUTRON_SERVER_KEYS.memcachedServers, CONTROLLER_ADDRESSES.map((a) => `${a}:11211`)),
    entry(NEUTRON_SERVER_KEYS.region, 'RegionOne'),
    entry(NEUTRON_SERVER_KEYS.bootstrapNode, name === CONTROLLER_NAMES[0]),
  );
}

/** The L2 agent's node data on node `name`. */
function agentNodeHiera(name: string): Record<string, unknown> {
  return data(
    entry(NEUTRON_AGENT_KEYS.tunnelAddress, ADDRESSES[name]),
    entry(NEUTRON_AGENT_KEYS.bridgeMappings, ['external:br-ex']),
  );
}

function metadataNodeHiera(): Record<string, unknown> {
  return data(entry(NEUTRON_METADATA_AGENT_KEYS.metadataHost, SAMPLE_VIP));
}

/** The secrets of the Neutron profiles (the same on every node). */
function neutronSecrets(): Record<string, unknown> {
  return data(
    entry(NEUTRON_COMMON_KEYS.rabbitPassword, RABBIT_PASSWORD),
    entry(NEUTRON_SERVER_KEYS.databasePassword, 'neutron-db-password-0123456789'),
    entry(NEUTRON_SERVER_KEYS.servicePassword, 'neutron-password-0123456789'),
    entry(NEUTRON_SERVER_KEYS.novaPassword, 'nova-password-0123456789'),
    entry(NEUTRON_METADATA_AGENT_KEYS.metadataSecret, METADATA_SECRET),
  );
}

/** Node data for a node holding `profiles`, as the constructs write it. */
function neutronNodeHiera(name: string, profiles: readonly string[]): Record<string, unknown> {
  return {
    ...commonNodeHiera(),
    ...(profiles.includes('neutron_server') ? serverNodeHiera(name) : {}),
    ...(profiles.includes('neutron_agent') ? agentNodeHiera(name) : {}),
    ...(profiles.includes('neutron_metadata_agent') ? metadataNodeHiera() : {}),
  };
}

/** The OVN databases of the sample deployment: one member per controller. */
const OVN_NB = CONTROLLER_ADDRESSES.map((a) => `tcp:${a}:6641`);
const OVN_SB = CONTROLLER_ADDRESSES.map((a) => `tcp:${a}:6642`);

// ---------------------------------------------------------------------------------------------
// Compiling

/** A node to compile. */
interface NeutronNode {
  /** The short name, a key of ADDRESSES. */
  readonly name: string;
  readonly role: 'controller' | 'network' | 'compute';
  readonly profiles: readonly string[];
  /** Node data over the defaults of the profiles. */
  readonly node?: Record<string, unknown>;
  /** Secrets over the defaults. */
  readonly secrets?: Record<string, unknown>;
  /** Replaces the defaults of the node data entirely. */
  readonly replaceNode?: boolean;
}

interface CompiledNode extends CompiledCatalog {
  readonly keys: HieraKeyReport;
}

const compileTimes: number[] = [];

afterAll(() => {
  if (compileTimes.length === 0) return;
  const seconds = compileTimes.map((ms) => ms / 1000);
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  console.log(
    `neutron profiles: ${seconds.length} catalog compiles, mean ${mean.toFixed(2)} s, ` +
      `max ${Math.max(...seconds).toFixed(2)} s (process start-up included)`,
  );
});

/** Stages a node, checks its hiera keys, compiles it, and removes the staging tree. */
async function compileNode(spec: NeutronNode): Promise<CompiledNode> {
  return withScratchDir('neutron-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: spec.role,
      profiles: spec.profiles,
      facts: sampleFacts(spec.name, ADDRESSES[spec.name]),
      hiera: {
        common: sampleCommonHiera(),
        node: spec.replaceNode ? spec.node : { ...neutronNodeHiera(spec.name, spec.profiles), ...spec.node },
        secrets: { ...neutronSecrets(), ...spec.secrets },
      },
    });
    const keys = await checkHieraKeys(fixture.stagedDir);
    const compiled = await compileCatalog(fixture);
    compileTimes.push(compiled.durationMs);
    return { ...compiled, keys };
  });
}

/** The same compilation shared by every test that reads it. */
const compiledOnce = new Map<string, Promise<CompiledNode>>();
function compileShared(spec: NeutronNode): Promise<CompiledNode> {
  const id = JSON.stringify(spec);
  if (!compiledOnce.has(id)) compiledOnce.set(id, compileNode(spec));
  return compiledOnce.get(id)!;
}

async function compileError(spec: NeutronNode): Promise<string> {
  try {
    await compileNode(spec);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${spec.name} compiled, but it must not`);
}

function converged(name: string, node: Record<string, unknown> = {}, secrets: Record<string, unknown> = {}): NeutronNode {
  return { name, role: 'controller', profiles: CONVERGED_PROFILES, node, secrets };
}

const NETWORK_NODE: NeutronNode = { name: 'net1', role: 'network', profiles: NETWORK_PROFILES };
const COMPUTE_NODE: NeutronNode = { name: 'cmp1', role: 'compute', profiles: ['neutron_agent'] };

/** The value a catalog gives one option of a `*_config`-style resource type. */
function setting(catalog: PuppetCatalog, type: string, option: string): unknown {
  const resource = findResource(catalog, type, option);
  expect(resource, `${type}[${option}] in the catalog`).toBeDefined();
  return resource!.parameters?.value ?? (resource!.parameters?.ensure === 'absent' ? '(absent)' : undefined);
}

const neutronConfig = (catalog: PuppetCatalog, option: string) => setting(catalog, 'Neutron_config', option);

function resourceTitles(catalog: PuppetCatalog, type: string): string[] {
  return catalog.resources.filter((r) => r.type === type).map((r) => r.title);
}

const TRANSPORT_URL =
  `rabbit://openstack:${RABBIT_PASSWORD}@198.51.100.11:5672,` +
  `openstack:${RABBIT_PASSWORD}@198.51.100.12:5672,` +
  `openstack:${RABBIT_PASSWORD}@198.51.100.13:5672/`;

/** What every node with a Neutron profile shares, whatever it holds. */
function expectCommonNeutronConf(compiled: CompiledNode): void {
  const { catalog } = compiled;
  expect(neutronConfig(catalog, 'DEFAULT/transport_url')).toBe(TRANSPORT_URL);
  expect(neutronConfig(catalog, 'oslo_messaging_rabbit/rabbit_quorum_queue')).toBe(true);
  expect(neutronConfig(catalog, 'DEFAULT/core_plugin')).toBe('ml2');
  expect(neutronConfig(catalog, 'DEFAULT/global_physnet_mtu')).toBe(1450);
}

// ---------------------------------------------------------------------------------------------

describe.concurrent('the Neutron profiles and their keys', () => {
  it.each([
    ['openstack_ha::profile::neutron::common', NEUTRON_COMMON_KEYS],
    ['openstack_ha::profile::neutron_server', NEUTRON_SERVER_KEYS],
    ['openstack_ha::profile::neutron_agent', NEUTRON_AGENT_KEYS],
    ['openstack_ha::profile::neutron_l3_agent', NEUTRON_L3_AGENT_KEYS],
    ['openstack_ha::profile::neutron_dhcp_agent', NEUTRON_DHCP_AGENT_KEYS],
    ['openstack_ha::profile::neutron_metadata_agent', NEUTRON_METADATA_AGENT_KEYS],
  ])('%s declares exactly the parameters its key set writes', async (className, keys) => {
    expect(await ownClassParameters(className)).toEqual(keyParameters(keys));
    for (const key of Object.values(keys) as HieraKey<HieraValue>[]) expect(key.className).toBe(className);
  });
});

describe.concurrent('ML2/OVS on converged controllers', () => {
  it.each(CONTROLLER_NAMES)('%s: server and every agent compile together, every key binds', async (name) => {
    const compiled = await compileShared(converged(name));
    const { catalog } = compiled;
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.keys.checkedKeys).toBeGreaterThanOrEqual(18);
    expect(compiled.warnings).toEqual([]);
    expect(catalogClasses(catalog)).toEqual(
      expect.arrayContaining([
        'openstack_ha::profile::neutron::common',
        'neutron',
        'neutron::config',
        'neutron::server',
        'neutron::db',
        'neutron::keystone::authtoken',
        'neutron::server::notifications::nova',
        'neutron::plugins::ml2',
        'neutron::agents::ml2::ovs',
        'neutron::agents::l3',
        'neutron::agents::dhcp',
        'neutron::agents::metadata',
      ]),
    );
    expectCommonNeutronConf(compiled);

    // Database through the VIP; tokens cached in every memcached server.
    expect(neutronConfig(catalog, 'database/connection')).toBe(
      `mysql+pymysql://neutron:neutron-db-password-0123456789@${SAMPLE_VIP}/neutron`,
    );
    expect(neutronConfig(catalog, 'keystone_authtoken/memcached_servers')).toBe(
      '198.51.100.11:11211,198.51.100.12:11211,198.51.100.13:11211',
    );
    expect(neutronConfig(catalog, 'keystone_authtoken/www_authenticate_uri')).toBe(`http://${SAMPLE_VIP}:5000`);
    expect(neutronConfig(catalog, 'keystone_authtoken/password')).toBe('neutron-password-0123456789');
    expect(neutronConfig(catalog, 'oslo_middleware/enable_proxy_headers_parsing')).toBe(true);

    // The API on this node's address only: HAProxy holds the VIP's port 9696.
    expect(setting(catalog, 'Neutron_api_uwsgi_config', 'uwsgi/http-socket')).toBe(`${ADDRESSES[name]}:9696`);

    // [nova]: port events to Nova.
    expect(neutronConfig(catalog, 'nova/password')).toBe('nova-password-0123456789');
    expect(neutronConfig(catalog, 'nova/auth_url')).toBe(`http://${SAMPLE_VIP}:5000`);
    expect(neutronConfig(catalog, 'nova/region_name')).toBe('RegionOne');
  });

  it('the scheduler and failover settings that keep non-HA routers and DHCP alive', async () => {
    const { catalog } = await compileShared(converged('ctl2'));
    // puppet-neutron 21 would write ChanceScheduler.
    expect(neutronConfig(catalog, 'DEFAULT/router_scheduler_driver')).toBe(LEAST_ROUTERS);
    expect(neutronConfig(catalog, 'DEFAULT/allow_automatic_l3agent_failover')).toBe(true);
    expect(neutronConfig(catalog, 'DEFAULT/dhcp_agents_per_network')).toBe(2);
    expect(neutronConfig(catalog, 'DEFAULT/network_scheduler_driver')).toBe(
      'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler',
    );
    expect(neutronConfig(catalog, 'DEFAULT/l3_ha')).toBe(false);
    expect(neutronConfig(catalog, 'DEFAULT/router_distributed')).toBe(false);
    expect(neutronConfig(catalog, 'DEFAULT/service_plugins')).toBe('router');
  });

  it('ML2 with VXLAN project networks and the Open vSwitch agent, L3, DHCP and metadata agents', async () => {
    const { catalog } = await compileShared(converged('ctl2'));
    const ml2 = (option: string) => setting(catalog, 'Neutron_plugin_ml2', option);
    expect(ml2('ml2/mechanism_drivers')).toBe('openvswitch');
    expect(ml2('ml2/type_drivers')).toBe('vxlan,flat,vlan');
    expect(ml2('ml2/tenant_network_types')).toBe('vxlan');
    expect(ml2('ml2/extension_drivers')).toBe('port_security');
    expect(ml2('ml2_type_flat/flat_networks')).toBe('external');
    expect(ml2('ml2_type_vlan/network_vlan_ranges')).toBe('external');
    expect(ml2('ml2_type_vxlan/vni_ranges')).toBe('1:65535');

    const ovs = (option: string) => setting(catalog, 'Neutron_agent_ovs', option);
    expect(ovs('ovs/local_ip')).toBe(ADDRESSES.ctl2);
    expect(ovs('agent/tunnel_types')).toBe('vxlan');
    expect(ovs('ovs/bridge_mappings')).toBe('external:br-ex');
    expect(ovs('securitygroup/firewall_driver')).toBe('openvswitch');
    expect(findResource(catalog, 'Vs_bridge', 'br-ex')).toBeDefined();

    const l3 = (option: string) => setting(catalog, 'Neutron_l3_agent_config', option);
    expect(l3('DEFAULT/agent_mode')).toBe('legacy');
    expect(l3('DEFAULT/interface_driver')).toBe('openvswitch');
    expect(l3('DEFAULT/ha_vrrp_auth_password')).toBe('(absent)');

    const dhcp = (option: string) => setting(catalog, 'Neutron_dhcp_agent_config', option);
    expect(dhcp('DEFAULT/enable_isolated_metadata')).toBe(true);
    expect(dhcp('DEFAULT/interface_driver')).toBe('openvswitch');

    const metadata = findResource(catalog, 'Neutron_metadata_agent_config', 'DEFAULT/metadata_proxy_shared_secret');
    expect(metadata?.parameters).toMatchObject({ value: METADATA_SECRET, secret: true });
    expect(setting(catalog, 'Neutron_metadata_agent_config', 'DEFAULT/nova_metadata_host')).toBe(SAMPLE_VIP);
  });

  it('only the bootstrap node syncs the schema and registers the service in Keystone', async () => {
    const catalogs = await Promise.all(CONTROLLER_NAMES.map((name) => compileShared(converged(name))));
    const bootstrapOnly = catalogs.map(({ catalog }) => ({
      dbSync: findResource(catalog, 'Exec', 'neutron-db-sync') !== undefined,
      keystoneAuth: catalogClasses(catalog).includes('neutron::keystone::auth'),
      endpoints: resourceTitles(catalog, 'Keystone_endpoint'),
    }));
    expect(bootstrapOnly).toEqual([
      { dbSync: true, keystoneAuth: true, endpoints: ['RegionOne/neutron::network'] },
      { dbSync: false, keystoneAuth: false, endpoints: [] },
      { dbSync: false, keystoneAuth: false, endpoints: [] },
    ]);
    const endpoint = findResource(catalogs[0].catalog, 'Keystone_endpoint', 'RegionOne/neutron::network');
    expect(endpoint?.parameters).toMatchObject({
      public_url: `http://${SAMPLE_VIP}:9696`,
      internal_url: `http://${SAMPLE_VIP}:9696`,
      admin_url: `http://${SAMPLE_VIP}:9696`,
    });
  });

  it('ctl1 with Keystone, memcached, HAProxy and keepalived as well: no resource declared twice', async () => {
    const compiled = await compileShared({
      name: 'ctl1',
      role: 'controller',
      profiles: ['memcached', 'haproxy', 'keepalived', 'keystone', ...CONVERGED_PROFILES],
      node: {
        'openstack_ha::profile::memcached::listen': ADDRESSES.ctl1,
        ...haproxyHiera('ctl1'),
        ...keepalivedHiera('ctl1'),
        ...keystoneNodeHiera('ctl1'),
      },
      secrets: keystoneSecrets(),
    });
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(catalogClasses(compiled.catalog)).toEqual(expect.arrayContaining(['keystone', 'haproxy', 'neutron::server']));
    // neutron-api restarts on the node's address before HAProxy takes the VIP's port 9696.
    expect(findResource(compiled.catalog, 'Service', 'neutron-api')?.parameters?.before).toEqual(
      expect.arrayContaining(['Service[haproxy]']),
    );
  });
});

describe.concurrent('ML2/OVS on network and compute nodes', () => {
  it('a network node: the L2, L3, DHCP and metadata agents without the server', async () => {
    const compiled = await compileShared(NETWORK_NODE);
    const { catalog } = compiled;
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.warnings).toEqual([]);
    const classes = catalogClasses(catalog);
    expect(classes).toEqual(
      expect.arrayContaining(['neutron', 'neutron::agents::ml2::ovs', 'neutron::agents::l3', 'neutron::agents::dhcp', 'neutron::agents::metadata']),
    );
    expect(classes).not.toContain('neutron::server');
    expect(classes).not.toContain('neutron::db');
    expect(classes).not.toContain('neutron::keystone::authtoken');
    expectCommonNeutronConf(compiled);
    expect(findResource(catalog, 'Neutron_config', 'DEFAULT/router_scheduler_driver')).toBeUndefined();
    expect(setting(catalog, 'Neutron_agent_ovs', 'ovs/local_ip')).toBe(ADDRESSES.net1);
    // No server secret reaches a node without the server.
    expect(JSON.stringify(catalog)).not.toMatch(/neutron-db-password|neutron-password|nova-password/);
  });

  it('a compute node: the Open vSwitch agent only', async () => {
    const compiled = await compileShared(COMPUTE_NODE);
    const { catalog } = compiled;
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.warnings).toEqual([]);
    const classes = catalogClasses(catalog);
    expect(classes).toEqual(expect.arrayContaining(['openstack_ha::role::compute', 'neutron', 'neutron::agents::ml2::ovs']));
    for (const absent of ['neutron::server', 'neutron::agents::l3', 'neutron::agents::dhcp', 'neutron::agents::metadata', 'ovn::controller']) {
      expect(classes).not.toContain(absent);
    }
    expectCommonNeutronConf(compiled);
    expect(setting(catalog, 'Neutron_agent_ovs', 'ovs/local_ip')).toBe(ADDRESSES.cmp1);
    expect(setting(catalog, 'Neutron_agent_ovs', 'agent/l2_population')).toBe(false);
  });

  it('with L2 population on server and agent: the mechanism driver and local ARP answers', async () => {
    const l2pop = { [NEUTRON_SERVER_KEYS.l2Population.name]: true, [NEUTRON_AGENT_KEYS.l2Population.name]: true };
    const { catalog } = await compileNode(converged('ctl3', l2pop));
    expect(setting(catalog, 'Neutron_plugin_ml2', 'ml2/mechanism_drivers')).toBe('openvswitch,l2population');
    expect(setting(catalog, 'Neutron_agent_ovs', 'agent/l2_population')).toBe(true);
    expect(setting(catalog, 'Neutron_agent_ovs', 'agent/arp_responder')).toBe(true);
  });
});

describe.concurrent('L3 HA', () => {
  const l3Ha = {
    [NEUTRON_SERVER_KEYS.l3Ha.name]: true,
    [NEUTRON_L3_AGENT_KEYS.l3Ha.name]: true,
    [NEUTRON_L3_AGENT_KEYS.haVrrpAdvertInt.name]: 2,
  };
  const vrrpSecret = { [NEUTRON_L3_AGENT_KEYS.haVrrpAuthPassword.name]: VRRP_PASSWORD };

  it('a converged controller: HA routers on three agents, VRRP settings in the L3 agent', async () => {
    const compiled = await compileNode(converged('ctl1', l3Ha, vrrpSecret));
    const { catalog } = compiled;
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(neutronConfig(catalog, 'DEFAULT/l3_ha')).toBe(true);
    expect(neutronConfig(catalog, 'DEFAULT/max_l3_agents_per_router')).toBe(3);
    expect(neutronConfig(catalog, 'DEFAULT/l3_ha_net_cidr')).toBe('169.254.192.0/18');
    expect(setting(catalog, 'Neutron_l3_agent_config', 'DEFAULT/agent_mode')).toBe('legacy');
    expect(setting(catalog, 'Neutron_l3_agent_config', 'DEFAULT/ha_vrrp_auth_type')).toBe('PASS');
    expect(setting(catalog, 'Neutron_l3_agent_config', 'DEFAULT/ha_vrrp_advert_int')).toBe(2);
    expect(findResource(catalog, 'Neutron_l3_agent_config', 'DEFAULT/ha_vrrp_auth_password')?.parameters).toMatchObject({
      value: VRRP_PASSWORD,
      secret: true,
    });
  });

  it('a network node with an HA L3 agent', async () => {
    const compiled = await compileNode({
      ...NETWORK_NODE,
      node: { [NEUTRON_L3_AGENT_KEYS.l3Ha.name]: true },
      secrets: vrrpSecret,
    });
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(setting(compiled.catalog, 'Neutron_l3_agent_config', 'DEFAULT/ha_vrrp_advert_int')).toBe(2);
    expect(setting(compiled.catalog, 'Neutron_l3_agent_config', 'DEFAULT/ha_vrrp_auth_password')).toBe(VRRP_PASSWORD);
  });

  it('l3_ha with router_distributed fails compilation', async () => {
    const message = await compileError(converged('ctl1', { ...l3Ha, [NEUTRON_SERVER_KEYS.routerDistributed.name]: true }, vrrpSecret));
    expect(message).toMatch(/neutron_server: l3_ha and router_distributed cannot both be true/);
  });

  it('l3_ha with l2_population fails compilation', async () => {
    const message = await compileError(
      converged(
        'ctl1',
        { ...l3Ha, [NEUTRON_SERVER_KEYS.l2Population.name]: true, [NEUTRON_AGENT_KEYS.l2Population.name]: true },
        vrrpSecret,
      ),
    );
    expect(message).toMatch(/neutron_server: l3_ha and l2_population cannot both be true/);
  });

  it('an HA L3 agent without the VRRP password fails compilation', async () => {
    const message = await compileError({ ...NETWORK_NODE, node: { [NEUTRON_L3_AGENT_KEYS.l3Ha.name]: true } });
    expect(message).toMatch(/neutron_l3_agent: l3_ha needs ha_vrrp_auth_password/);
  });

  it('a converged node whose server and L3 agent disagree on l3_ha fails compilation', async () => {
    const message = await compileError(converged('ctl1', { [NEUTRON_SERVER_KEYS.l3Ha.name]: true }));
    expect(message).toMatch(/l3_ha must be the same as in openstack_ha::profile::neutron_(server|l3_agent) on this node/);
  });
});

describe.concurrent('ML2/OVN', () => {
  const ovnServer = {
    [NEUTRON_SERVER_KEYS.mechanismDriver.name]: 'ovn',
    [NEUTRON_SERVER_KEYS.ovnNbConnection.name]: OVN_NB,
    [NEUTRON_SERVER_KEYS.ovnSbConnection.name]: OVN_SB,
  };
  const ovnAgent = (gateway: boolean) => ({
    [NEUTRON_AGENT_KEYS.mechanismDriver.name]: 'ovn',
    [NEUTRON_AGENT_KEYS.ovnSbConnection.name]: OVN_SB,
    [NEUTRON_AGENT_KEYS.ovnGatewayChassis.name]: gateway,
    [NEUTRON_AGENT_KEYS.metadataHost.name]: SAMPLE_VIP,
  });
  const ovnSecrets = { [NEUTRON_AGENT_KEYS.metadataSecret.name]: METADATA_SECRET };
  const OVN_CONTROLLER: NeutronNode = {
    name: 'ctl1',
    role: 'controller',
    profiles: ['neutron_server', 'neutron_agent'],
    node: { ...ovnServer, ...ovnAgent(true) },
    secrets: ovnSecrets,
  };

  it('a controller: ML2/OVN in the server, a gateway chassis, no L3 or DHCP agent', async () => {
    const compiled = await compileShared(OVN_CONTROLLER);
    const { catalog } = compiled;
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    const classes = catalogClasses(catalog);
    expect(classes).toEqual(
      expect.arrayContaining(['neutron::server', 'neutron::plugins::ml2::ovn', 'ovn::controller', 'neutron::agents::ovn_metadata']),
    );
    for (const absent of ['neutron::agents::ml2::ovs', 'neutron::agents::l3', 'neutron::agents::dhcp', 'neutron::agents::metadata']) {
      expect(classes).not.toContain(absent);
    }
    expectCommonNeutronConf(compiled);
    expect(neutronConfig(catalog, 'DEFAULT/service_plugins')).toBe('ovn-router');

    const ml2 = (option: string) => setting(catalog, 'Neutron_plugin_ml2', option);
    expect(ml2('ml2/mechanism_drivers')).toBe('ovn');
    expect(ml2('ml2/type_drivers')).toBe('geneve,flat,vlan');
    expect(ml2('ml2/tenant_network_types')).toBe('geneve');
    expect(ml2('ml2_type_geneve/max_header_size')).toBe(38);
    expect(ml2('ovn/ovn_nb_connection')).toBe(OVN_NB.join(','));
    expect(ml2('ovn/ovn_sb_connection')).toBe(OVN_SB.join(','));
    expect(ml2('ovn/ovn_metadata_enabled')).toBe(true);

    const chassis = (option: string) => setting(catalog, 'Vs_config', option);
    expect(chassis('external_ids:ovn-remote')).toBe(OVN_SB.join(','));
    expect(chassis('external_ids:ovn-encap-ip')).toBe(ADDRESSES.ctl1);
    expect(chassis('external_ids:ovn-encap-type')).toBe('geneve');
    expect(chassis('external_ids:ovn-bridge-mappings')).toBe('external:br-ex');
    expect(chassis('external_ids:ovn-cms-options')).toBe('enable-chassis-as-gw');

    expect(findResource(catalog, 'Ovn_metadata_agent_config', 'DEFAULT/metadata_proxy_shared_secret')?.parameters).toMatchObject({
      value: METADATA_SECRET,
      secret: true,
    });
    expect(setting(catalog, 'Ovn_metadata_agent_config', 'DEFAULT/nova_metadata_host')).toBe(SAMPLE_VIP);
    expect(setting(catalog, 'Ovn_metadata_agent_config', 'ovn/ovn_sb_connection')).toBe(OVN_SB.join(','));
  });

  it('a compute node: an OVN chassis that hosts no gateway', async () => {
    const compiled = await compileShared({ ...COMPUTE_NODE, node: ovnAgent(false), secrets: ovnSecrets });
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(catalogClasses(compiled.catalog)).toEqual(expect.arrayContaining(['ovn::controller', 'neutron::agents::ovn_metadata']));
    expect(catalogClasses(compiled.catalog)).not.toContain('neutron::agents::ml2::ovs');
    expect(setting(compiled.catalog, 'Vs_config', 'external_ids:ovn-encap-ip')).toBe(ADDRESSES.cmp1);
    expect(setting(compiled.catalog, 'Vs_config', 'external_ids:ovn-cms-options')).toBe('(absent)');
  });

  it('a server with ovn but no database connections fails compilation', async () => {
    const message = await compileError(converged('ctl2', { [NEUTRON_SERVER_KEYS.mechanismDriver.name]: 'ovn', [NEUTRON_AGENT_KEYS.mechanismDriver.name]: 'ovn' }));
    expect(message).toMatch(/neutron_server: mechanism_driver ovn needs ovn_nb_connection and ovn_sb_connection/);
  });

  it('a southbound address given as northbound fails compilation, naming the parameter', async () => {
    const message = await compileError({ ...OVN_CONTROLLER, node: { ...OVN_CONTROLLER.node, [NEUTRON_SERVER_KEYS.ovnNbConnection.name]: OVN_SB } });
    expect(message).toMatch(/parameter 'ovn_nb_connection' index 0 expects a match for Openstack_ha::Neutron_ovn_nb_remote/);
  });

  it('a server and agent on one node with different mechanism drivers fail compilation', async () => {
    const message = await compileError({ ...OVN_CONTROLLER, node: { ...ovnServer, ...agentNodeHiera('ctl1') } });
    expect(message).toMatch(/mechanism_driver and l2_population must be the same as in openstack_ha::profile::neutron_(server|agent) on this node/);
  });
});

describe.concurrent('typed parameters reject wrong values, naming the parameter', () => {
  it.each([
    ['dhcp_agents_per_network as a string', NEUTRON_SERVER_KEYS.dhcpAgentsPerNetwork.name, '2', /parameter 'dhcp_agents_per_network' expects an Integer value, got String/],
    ['a scheduler by its short name', NEUTRON_SERVER_KEYS.routerSchedulerDriver.name, 'LeastRoutersScheduler', /parameter 'router_scheduler_driver' expects a match for Enum\[/],
    ['one L3 agent per HA router', NEUTRON_SERVER_KEYS.maxL3AgentsPerRouter.name, 1, /parameter 'max_l3_agents_per_router' expects an Integer\[2\] value, got Integer\[1, 1\]/],
    ['an l3_ha_net_cidr without a prefix', NEUTRON_SERVER_KEYS.l3HaNetCidr.name, '169.254.192.0', /parameter 'l3_ha_net_cidr' expects a match for Stdlib::IP::Address::V4::CIDR/],
    ['an unknown mechanism driver', NEUTRON_SERVER_KEYS.mechanismDriver.name, 'linuxbridge', /parameter 'mechanism_driver' expects a match for Enum\['openvswitch', 'ovn'\], got 'linuxbridge'/],
    ['a bridge mapping to an interface, not a bridge', NEUTRON_AGENT_KEYS.bridgeMappings.name, ['external:eth1'], /parameter 'bridge_mappings' index 0 expects a match for Openstack_ha::Neutron_bridge_mapping/],
    ['a bridge name longer than an interface name may be', NEUTRON_AGENT_KEYS.bridgeMappings.name, ['external:br-provider-net1'], /parameter 'bridge_mappings' index 0 expects a match for Openstack_ha::Neutron_bridge_mapping/],
    ['a broker behind a name', NEUTRON_COMMON_KEYS.rabbitHosts.name, ['rabbit.example.test:5672'], /parameter 'rabbit_hosts' index 0 expects a match for Openstack_ha::Ipv4_endpoint/],
    ['an MTU below IPv6\'s minimum', NEUTRON_COMMON_KEYS.globalPhysnetMtu.name, 1000, /parameter 'global_physnet_mtu' expects an Integer\[1280, 9216\] value, got Integer\[1000, 1000\]/],
  ])('%s', async (_label, key, value, expected) => {
    const message = await compileError(converged('ctl2', { [key]: value }));
    expect(message).toMatch(expected);
  });

  it('a short secret fails, naming the parameter', async () => {
    const message = await compileError({ ...NETWORK_NODE, secrets: { [NEUTRON_METADATA_AGENT_KEYS.metadataSecret.name]: 'short' } });
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Neutron_metadata_agent\]: parameter 'metadata_secret' expects a String\[16\] value, got String/);
  });

  it('a missing shared key fails on a compute node, naming the parameter', async () => {
    const node = { ...neutronNodeHiera('cmp1', ['neutron_agent']) };
    delete node[NEUTRON_COMMON_KEYS.rabbitHosts.name];
    const message = await compileError({ ...COMPUTE_NODE, node, replaceNode: true });
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Neutron::Common\]: expects a value for parameter 'rabbit_hosts'/);
  });
});
