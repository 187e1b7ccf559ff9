/**
 * Node roles and the Puppet profiles each role may hold.
 *
 * This table mirrors the Puppet type aliases `Openstack_ha::Role` and
 * `Openstack_ha::Profiles::<Role>` of the shipped module (a unit test compares them), so a
 * service placed on the wrong kind of node fails at synth with a clear error instead of at
 * the node's first Puppet run.
 *
 * @module
 */

/** The role of a node group: which kind of machine it is. */
export enum NodeRole {
  /** The collapsed control plane: database, broker, VIP, caches and every API service. */
  CONTROLLER = 'controller',
  /** A Galera member of a separate database tier. */
  DATABASE = 'database',
  /** A RabbitMQ member of a separate messaging tier. */
  MESSAGING = 'messaging',
  /** The API and load-balancer tier: HAProxy, keepalived and the API services behind them. */
  LOADBALANCER = 'loadbalancer',
  /** A Neutron network node (L3, DHCP and metadata agents). */
  NETWORK = 'network',
  /** A hypervisor. */
  COMPUTE = 'compute',
  /** A Ceph or Cinder volume node. */
  STORAGE = 'storage',
  /** A node with only the base profile. */
  BASE = 'base',
}

/** A Puppet profile of the shipped module: `openstack_ha::profile::<name>`. */
export enum Profile {
  CEPH_CLIENT = 'ceph_client',
  CEPH_MGR = 'ceph_mgr',
  CEPH_MON = 'ceph_mon',
  CEPH_OSD = 'ceph_osd',
  CINDER = 'cinder',
  CINDER_VOLUME = 'cinder_volume',
  GALERA = 'galera',
  GALERA_ARBITRATOR = 'galera_arbitrator',
  GLANCE = 'glance',
  HAPROXY = 'haproxy',
  KEEPALIVED = 'keepalived',
  KEYSTONE = 'keystone',
  MEMCACHED = 'memcached',
  NEUTRON_AGENT = 'neutron_agent',
  NEUTRON_DHCP_AGENT = 'neutron_dhcp_agent',
  NEUTRON_L3_AGENT = 'neutron_l3_agent',
  NEUTRON_METADATA_AGENT = 'neutron_metadata_agent',
  NEUTRON_SERVER = 'neutron_server',
  NOVA_API = 'nova_api',
  NOVA_COMPUTE = 'nova_compute',
  NOVA_CONDUCTOR = 'nova_conductor',
  NOVA_NOVNCPROXY = 'nova_novncproxy',
  NOVA_SCHEDULER = 'nova_scheduler',
  PLACEMENT = 'placement',
  RABBITMQ = 'rabbitmq',
}

const P = Profile;

/** The profiles each role may hold. */
export const ROLE_PROFILES: { readonly [role in NodeRole]: readonly Profile[] } = {
  [NodeRole.CONTROLLER]: [
    P.CEPH_CLIENT, P.CEPH_MGR, P.CEPH_MON, P.CINDER, P.CINDER_VOLUME, P.GALERA, P.GALERA_ARBITRATOR, P.GLANCE, P.HAPROXY,
    P.KEEPALIVED, P.KEYSTONE, P.MEMCACHED, P.NEUTRON_AGENT, P.NEUTRON_DHCP_AGENT, P.NEUTRON_L3_AGENT,
    P.NEUTRON_METADATA_AGENT, P.NEUTRON_SERVER, P.NOVA_API, P.NOVA_CONDUCTOR, P.NOVA_NOVNCPROXY,
    P.NOVA_SCHEDULER, P.PLACEMENT, P.RABBITMQ,
  ],
  [NodeRole.DATABASE]: [P.GALERA],
  [NodeRole.MESSAGING]: [P.GALERA_ARBITRATOR, P.MEMCACHED, P.RABBITMQ],
  [NodeRole.LOADBALANCER]: [
    P.CEPH_CLIENT, P.CINDER, P.CINDER_VOLUME, P.GALERA_ARBITRATOR, P.GLANCE, P.HAPROXY, P.KEEPALIVED, P.KEYSTONE, P.MEMCACHED,
    P.NEUTRON_SERVER,
    P.NOVA_API, P.NOVA_CONDUCTOR, P.NOVA_NOVNCPROXY, P.NOVA_SCHEDULER, P.PLACEMENT,
  ],
  [NodeRole.NETWORK]: [P.GALERA_ARBITRATOR, P.NEUTRON_AGENT, P.NEUTRON_DHCP_AGENT, P.NEUTRON_L3_AGENT, P.NEUTRON_METADATA_AGENT],
  [NodeRole.COMPUTE]: [P.CEPH_CLIENT, P.NEUTRON_AGENT, P.NOVA_COMPUTE],
  [NodeRole.STORAGE]: [P.CEPH_CLIENT, P.CEPH_MGR, P.CEPH_MON, P.CEPH_OSD, P.CINDER_VOLUME, P.GALERA_ARBITRATOR],
  [NodeRole.BASE]: [],
};

/** True when a node of the role may hold the profile. */
export function roleAllows(role: NodeRole, profile: Profile): boolean {
  return ROLE_PROFILES[role].includes(profile);
}
