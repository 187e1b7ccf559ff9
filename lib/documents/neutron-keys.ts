/**
 * The hiera keys of the Neutron profiles, each bound to the parameter of the project's own
 * Puppet class it sets and to the TypeScript type of its value (see `hiera-keys.ts`).
 *
 * The settings every Neutron node shares (the brokers, the physical MTU) are keys of one
 * private class, `openstack_ha::profile::neutron::common`, that each Neutron profile includes:
 * a node holding several Neutron profiles reads them once, so they cannot disagree.
 *
 * @module
 */
import { hieraKey } from './hiera';

/** The ML2 mechanism driver: the Open vSwitch agent with L3/DHCP agents, or OVN. */
export type NeutronMechanismDriver = 'openvswitch' | 'ovn';

/** The L3 agent schedulers `openstack_ha::profile::neutron_server` accepts. */
export type NeutronRouterScheduler =
  | 'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler'
  | 'neutron.scheduler.l3_agent_scheduler.ChanceScheduler'
  | 'neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler';

/** The DHCP agent schedulers `openstack_ha::profile::neutron_server` accepts. */
export type NeutronNetworkScheduler =
  | 'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler'
  | 'neutron.scheduler.dhcp_agent_scheduler.ChanceScheduler'
  | 'neutron.scheduler.dhcp_agent_scheduler.AZAwareWeightScheduler';

const COMMON = 'openstack_ha::profile::neutron::common';
const SERVER = 'openstack_ha::profile::neutron_server';
const AGENT = 'openstack_ha::profile::neutron_agent';
const L3_AGENT = 'openstack_ha::profile::neutron_l3_agent';
const METADATA_AGENT = 'openstack_ha::profile::neutron_metadata_agent';

/** The keys of `openstack_ha::profile::neutron::common`, on every node with a Neutron profile. */
export const NEUTRON_COMMON_KEYS = {
  /** Every RabbitMQ broker, as `address:port` (never a VIP). */
  rabbitHosts: hieraKey<string[]>(COMMON, 'rabbit_hosts'),
  /** The RabbitMQ user. */
  rabbitUser: hieraKey<string>(COMMON, 'rabbit_user'),
  /** That user's password (secret, at least 16 characters). */
  rabbitPassword: hieraKey<string>(COMMON, 'rabbit_password'),
  /** The MTU of the nodes' network, 1280 to 9216 (default 1500); Neutron derives network MTUs from it. */
  globalPhysnetMtu: hieraKey<number>(COMMON, 'global_physnet_mtu'),
} as const;

/** The keys of `openstack_ha::profile::neutron_server`. */
export const NEUTRON_SERVER_KEYS = {
  /** The node's address the API listens on, port 9696. */
  bindAddress: hieraKey<string>(SERVER, 'bind_address'),
  /** Neutron's URL through the VIP, `http://<vip>:9696`. */
  publicUrl: hieraKey<string>(SERVER, 'public_url'),
  /** Keystone's URL through the VIP, `http://<vip>:5000`. */
  keystoneUrl: hieraKey<string>(SERVER, 'keystone_url'),
  /** The database address (the VIP). */
  databaseHost: hieraKey<string>(SERVER, 'database_host'),
  /** The password of the `neutron` database user (secret). */
  databasePassword: hieraKey<string>(SERVER, 'database_password'),
  /** Every memcached server, as `address:port`. */
  memcachedServers: hieraKey<string[]>(SERVER, 'memcached_servers'),
  /** The password of the `neutron` Keystone user (secret). */
  servicePassword: hieraKey<string>(SERVER, 'service_password'),
  /** The password of the `nova` Keystone user, for port events sent to Nova (secret). */
  novaPassword: hieraKey<string>(SERVER, 'nova_password'),
  /** The region of the endpoints (default `RegionOne`). */
  region: hieraKey<string>(SERVER, 'region'),
  /** True on exactly one node: it creates the schema and registers the service in Keystone. */
  bootstrapNode: hieraKey<boolean>(SERVER, 'bootstrap_node'),
  /** `openvswitch` (default) or `ovn`; the same as every `neutron_agent`'s. */
  mechanismDriver: hieraKey<NeutronMechanismDriver>(SERVER, 'mechanism_driver'),
  /** The physical networks of flat and VLAN provider networks (default `['external']`). */
  physicalNetworks: hieraKey<string[]>(SERVER, 'physical_networks'),
  /** How routers are placed on L3 agents (default `LeastRoutersScheduler`). */
  routerSchedulerDriver: hieraKey<NeutronRouterScheduler>(SERVER, 'router_scheduler_driver'),
  /** Move the routers of a dead L3 agent to live ones (default true). */
  allowAutomaticL3agentFailover: hieraKey<boolean>(SERVER, 'allow_automatic_l3agent_failover'),
  /** VRRP-backed HA routers (default false); not with `routerDistributed` nor `l2Population`. */
  l3Ha: hieraKey<boolean>(SERVER, 'l3_ha'),
  /** With `l3Ha`, the L3 agents per router, at least 2 (default 3). */
  maxL3AgentsPerRouter: hieraKey<number>(SERVER, 'max_l3_agents_per_router'),
  /** With `l3Ha`, the CIDR the routers' VRRP networks are cut from (default `169.254.192.0/18`). */
  l3HaNetCidr: hieraKey<string>(SERVER, 'l3_ha_net_cidr'),
  /** Distributed (DVR) routers (default false). */
  routerDistributed: hieraKey<boolean>(SERVER, 'router_distributed'),
  /** The DHCP agents serving each network, at least 1 (default 2). */
  dhcpAgentsPerNetwork: hieraKey<number>(SERVER, 'dhcp_agents_per_network'),
  /** How networks are placed on DHCP agents (default `WeightScheduler`). */
  networkSchedulerDriver: hieraKey<NeutronNetworkScheduler>(SERVER, 'network_scheduler_driver'),
  /** The `l2population` mechanism driver (default false); the same as every `neutron_agent`'s. */
  l2Population: hieraKey<boolean>(SERVER, 'l2_population'),
  /** With `ovn`, every OVN northbound database member, `tcp:<address>:6641`. */
  ovnNbConnection: hieraKey<string[]>(SERVER, 'ovn_nb_connection'),
  /** With `ovn`, every OVN southbound database member, `tcp:<address>:6642`. */
  ovnSbConnection: hieraKey<string[]>(SERVER, 'ovn_sb_connection'),
} as const;

/** The keys of `openstack_ha::profile::neutron_agent`, the L2 agent (or OVN chassis). */
export const NEUTRON_AGENT_KEYS = {
  /** The node's address tunnels start and end at. */
  tunnelAddress: hieraKey<string>(AGENT, 'tunnel_address'),
  /** `openvswitch` (default) or `ovn`; the same as the server's. */
  mechanismDriver: hieraKey<NeutronMechanismDriver>(AGENT, 'mechanism_driver'),
  /** `<physical network>:br-<name>` pairs (default `['external:br-ex']`); bridge names at most 15 characters. */
  bridgeMappings: hieraKey<string[]>(AGENT, 'bridge_mappings'),
  /** L2 population and local ARP answers (default false); the same as the server's. */
  l2Population: hieraKey<boolean>(AGENT, 'l2_population'),
  /** With `ovn`, every OVN southbound database member, `tcp:<address>:6642`. */
  ovnSbConnection: hieraKey<string[]>(AGENT, 'ovn_sb_connection'),
  /** With `ovn`, the node may host routers' external gateways (default false). */
  ovnGatewayChassis: hieraKey<boolean>(AGENT, 'ovn_gateway_chassis'),
  /** With `ovn`, where Nova's metadata API is reached (the VIP). */
  metadataHost: hieraKey<string>(AGENT, 'metadata_host'),
  /** With `ovn`, the secret shared with Nova's metadata API (secret). */
  metadataSecret: hieraKey<string>(AGENT, 'metadata_secret'),
} as const;

/** The keys of `openstack_ha::profile::neutron_l3_agent`. */
export const NEUTRON_L3_AGENT_KEYS = {
  /** VRRP-backed HA routers (default false); the same as the server's. */
  l3Ha: hieraKey<boolean>(L3_AGENT, 'l3_ha'),
  /** With `l3Ha`, the routers' VRRP password, the same on every L3 agent (secret; keepalived uses 8 characters). */
  haVrrpAuthPassword: hieraKey<string>(L3_AGENT, 'ha_vrrp_auth_password'),
  /** With `l3Ha`, seconds between VRRP advertisements, 1 to 255 (default 2). */
  haVrrpAdvertInt: hieraKey<number>(L3_AGENT, 'ha_vrrp_advert_int'),
} as const;

/** The keys of `openstack_ha::profile::neutron_dhcp_agent` (it has none of its own). */
export const NEUTRON_DHCP_AGENT_KEYS = {} as const;

/** The keys of `openstack_ha::profile::neutron_metadata_agent`. */
export const NEUTRON_METADATA_AGENT_KEYS = {
  /** Where Nova's metadata API is reached (the VIP). */
  metadataHost: hieraKey<string>(METADATA_AGENT, 'metadata_host'),
  /** The secret shared with Nova's metadata API (secret). */
  metadataSecret: hieraKey<string>(METADATA_AGENT, 'metadata_secret'),
} as const;
