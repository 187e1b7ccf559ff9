/**
 * The hiera keys of the storage profiles (Glance, Cinder and Ceph), each bound to the
 * parameter of the project's own Puppet class it sets and to the TypeScript type of its value,
 * and the least-privilege Ceph capabilities of the OpenStack services.
 *
 * Secrets (passwords, cephx keys, a coordination URL that may carry credentials) are written
 * with `HieraData.setSecret` / `setSecretMap`, so they only ever reach `secrets.yaml`.
 *
 * @module
 */
import { hieraKey } from './hiera';

/** The Ceph pools the OpenStack services use, by role. */
export interface OpenstackPools {
  /** Glance's images. */
  readonly images: string;
  /** Cinder's volumes. */
  readonly volumes: string;
  /** Nova's instance disks. */
  readonly vms: string;
}

/** The pool names used when a deployment does not choose its own. */
export const DEFAULT_OPENSTACK_POOLS: OpenstackPools = { images: 'images', volumes: 'volumes', vms: 'vms' };

/** A Ceph user's capabilities, as `ceph auth` takes them. */
export interface CephxCapabilities {
  /** The monitor capabilities. */
  readonly mon: string;
  /** The OSD capabilities. */
  readonly osd: string;
}

/** The OpenStack services that connect to Ceph, each as its own Ceph user. */
export type CephService = 'glance' | 'cinder' | 'nova';

/**
 * The least-privilege capabilities of an OpenStack service's Ceph user (Ceph's `rbd` profiles,
 * which also grant the watch and blocklist rights RBD clients need):
 * - `glance`: read and write its images pool only;
 * - `cinder`: read and write volumes and instance disks (volumes created from or snapshotted to
 *   instance disks), and read-only images, from which it clones volumes;
 * - `nova`: the same as `cinder`, since a compute attaches volumes and boots from cloned images.
 *
 * The one definition the constructs, the Puppet tests and the live Ceph test use.
 */
export function cephxCaps(service: CephService, pools: OpenstackPools): CephxCapabilities {
  switch (service) {
    case 'glance':
      return { mon: 'profile rbd', osd: `profile rbd pool=${pools.images}` };
    case 'cinder':
    case 'nova':
      return {
        mon: 'profile rbd',
        osd: `profile rbd pool=${pools.volumes}, profile rbd pool=${pools.vms}, profile rbd-read-only pool=${pools.images}`,
      };
  }
}

/** One Ceph pool the first monitor creates (`Openstack_ha::Storage_ceph_pool` in Puppet). */
export type CephPoolSpec = {
  /** The number of placement groups, a power of two from 1 to 32768. */
  readonly pg_num: number;
  /** The application the pool is tagged with. */
  readonly application: 'rbd' | 'rgw' | 'cephfs';
};

/** A Ceph user's capabilities as a hiera value (`Openstack_ha::Storage_ceph_caps` in Puppet). */
export type CephClientCaps = {
  /** The monitor capabilities. */
  readonly caps_mon: string;
  /** The OSD capabilities. */
  readonly caps_osd: string;
  /** The manager capabilities, if any. */
  readonly caps_mgr?: string;
};

/** The hiera form of {@link cephxCaps}. */
export function cephClientCaps(capabilities: CephxCapabilities): CephClientCaps {
  return { caps_mon: capabilities.mon, caps_osd: capabilities.osd };
}

/** The keys of `openstack_ha::profile::glance`. */
export const GLANCE_KEYS = {
  /** The node's address the Glance API listens on (port 9292). */
  bindAddress: hieraKey<string>('openstack_ha::profile::glance', 'bind_address'),
  /** Glance's URL on the VIP, such as `http://198.51.100.10:9292`. */
  publicUrl: hieraKey<string>('openstack_ha::profile::glance', 'public_url'),
  /** The region of the endpoints. */
  region: hieraKey<string>('openstack_ha::profile::glance', 'region'),
  /** Keystone's endpoint on the VIP. */
  keystoneUrl: hieraKey<string>('openstack_ha::profile::glance', 'keystone_url'),
  /** The `glance` Keystone user's password (secret). */
  servicePassword: hieraKey<string>('openstack_ha::profile::glance', 'service_password'),
  /** The database address (the VIP). */
  databaseHost: hieraKey<string>('openstack_ha::profile::glance', 'database_host'),
  /** The `glance` database user's password (secret). */
  databasePassword: hieraKey<string>('openstack_ha::profile::glance', 'database_password'),
  /** Every memcached server, as `address:port`. */
  memcachedServers: hieraKey<string[]>('openstack_ha::profile::glance', 'memcached_servers'),
  /** `rbd` (Ceph, shared by every node) or `file` (one node only). */
  store: hieraKey<'rbd' | 'file'>('openstack_ha::profile::glance', 'store'),
  /** The Ceph pool of the images. */
  rbdPool: hieraKey<string>('openstack_ha::profile::glance', 'rbd_pool'),
  /** The Ceph user id Glance connects as (without `client.`). */
  rbdUser: hieraKey<string>('openstack_ha::profile::glance', 'rbd_user'),
  /** True on exactly one node: it creates the schema and registers the service. */
  bootstrapNode: hieraKey<boolean>('openstack_ha::profile::glance', 'bootstrap_node'),
} as const;

/** The keys of `openstack_ha::profile::cinder` (API and scheduler). */
export const CINDER_KEYS = {
  /** The node's address the Cinder API listens on (port 8776). */
  bindAddress: hieraKey<string>('openstack_ha::profile::cinder', 'bind_address'),
  /** Cinder's catalog URL on the VIP with its version path, such as `http://<vip>:8776/v3/%(tenant_id)s`. */
  publicUrl: hieraKey<string>('openstack_ha::profile::cinder', 'public_url'),
  /** The region of the endpoints. */
  region: hieraKey<string>('openstack_ha::profile::cinder', 'region'),
  /** Keystone's endpoint on the VIP. */
  keystoneUrl: hieraKey<string>('openstack_ha::profile::cinder', 'keystone_url'),
  /** The `cinder` Keystone user's password (secret). */
  servicePassword: hieraKey<string>('openstack_ha::profile::cinder', 'service_password'),
  /** The database address (the VIP). */
  databaseHost: hieraKey<string>('openstack_ha::profile::cinder', 'database_host'),
  /** The `cinder` database user's password (secret). */
  databasePassword: hieraKey<string>('openstack_ha::profile::cinder', 'database_password'),
  /** Every broker, as `address:port` (never a VIP). */
  rabbitHosts: hieraKey<string[]>('openstack_ha::profile::cinder', 'rabbit_hosts'),
  /** The RabbitMQ user. */
  rabbitUser: hieraKey<string>('openstack_ha::profile::cinder', 'rabbit_user'),
  /** The RabbitMQ password (secret). */
  rabbitPassword: hieraKey<string>('openstack_ha::profile::cinder', 'rabbit_password'),
  /** Every memcached server, as `address:port`. */
  memcachedServers: hieraKey<string[]>('openstack_ha::profile::cinder', 'memcached_servers'),
  /** True on exactly one node: it creates the schema and registers the service. */
  bootstrapNode: hieraKey<boolean>('openstack_ha::profile::cinder', 'bootstrap_node'),
} as const;

/** The keys of `openstack_ha::profile::cinder_volume` (the RBD volume service). */
export const CINDER_VOLUME_KEYS = {
  /** The database address (the VIP). */
  databaseHost: hieraKey<string>('openstack_ha::profile::cinder_volume', 'database_host'),
  /** The `cinder` database user's password (secret). */
  databasePassword: hieraKey<string>('openstack_ha::profile::cinder_volume', 'database_password'),
  /** Every broker, as `address:port` (never a VIP). */
  rabbitHosts: hieraKey<string[]>('openstack_ha::profile::cinder_volume', 'rabbit_hosts'),
  /** The RabbitMQ user. */
  rabbitUser: hieraKey<string>('openstack_ha::profile::cinder_volume', 'rabbit_user'),
  /** The RabbitMQ password (secret). */
  rabbitPassword: hieraKey<string>('openstack_ha::profile::cinder_volume', 'rabbit_password'),
  /** Keystone's endpoint on the VIP. */
  keystoneUrl: hieraKey<string>('openstack_ha::profile::cinder_volume', 'keystone_url'),
  /** The `cinder` Keystone user's password (secret); `[nova]` authenticates with it. */
  servicePassword: hieraKey<string>('openstack_ha::profile::cinder_volume', 'service_password'),
  /** The region whose endpoints Cinder uses. */
  region: hieraKey<string>('openstack_ha::profile::cinder_volume', 'region'),
  /** Glance's URLs (its VIP endpoint). */
  glanceApiServers: hieraKey<string[]>('openstack_ha::profile::cinder_volume', 'glance_api_servers'),
  /** The Ceph pool of the volumes. */
  rbdPool: hieraKey<string>('openstack_ha::profile::cinder_volume', 'rbd_pool'),
  /** The Ceph user id Cinder connects as (without `client.`). */
  rbdUser: hieraKey<string>('openstack_ha::profile::cinder_volume', 'rbd_user'),
  /** The UUID of the computes' libvirt secret holding that user's key. */
  rbdSecretUuid: hieraKey<string>('openstack_ha::profile::cinder_volume', 'rbd_secret_uuid'),
  /** The host name every volume service shares when no cluster is set (default `rbd:volumes`). */
  backendHost: hieraKey<string>('openstack_ha::profile::cinder_volume', 'backend_host'),
  /** The tooz coordination URL, required with `cluster` (secret: it may carry credentials). */
  coordinationUrl: hieraKey<string>('openstack_ha::profile::cinder_volume', 'coordination_url'),
  /** The active/active cluster name; needs `coordinationUrl`. */
  cluster: hieraKey<string>('openstack_ha::profile::cinder_volume', 'cluster'),
} as const;

/** The keys of `openstack_ha::profile::ceph_client`. */
export const CEPH_CLIENT_KEYS = {
  /** The cluster's fsid (a lower-case UUID). */
  fsid: hieraKey<string>('openstack_ha::profile::ceph_client', 'fsid'),
  /** Every monitor's address. */
  monHosts: hieraKey<string[]>('openstack_ha::profile::ceph_client', 'mon_hosts'),
  /** The secret keys of the Ceph users this node connects as, by full name (secrets). */
  keys: hieraKey<{ [name: string]: string }>('openstack_ha::profile::ceph_client', 'keys'),
  /** The group that may read each keyring (`glance`, `cinder`, `nova`), by user name. */
  keyringGroups: hieraKey<{ [name: string]: string }>('openstack_ha::profile::ceph_client', 'keyring_groups'),
  /** The libvirt secrets of a compute, by UUID: the user whose key each holds. */
  libvirtSecrets: hieraKey<{ [uuid: string]: string }>('openstack_ha::profile::ceph_client', 'libvirt_secrets'),
} as const;

/** The keys of `openstack_ha::profile::ceph_mon`. */
export const CEPH_MON_KEYS = {
  /** The cluster's fsid (a lower-case UUID). */
  fsid: hieraKey<string>('openstack_ha::profile::ceph_mon', 'fsid'),
  /** Every monitor's address, an odd number of them. */
  monHosts: hieraKey<string[]>('openstack_ha::profile::ceph_mon', 'mon_hosts'),
  /** This monitor's address, one of `monHosts`. */
  publicAddress: hieraKey<string>('openstack_ha::profile::ceph_mon', 'public_address'),
  /** The public network, in CIDR notation. */
  publicNetwork: hieraKey<string>('openstack_ha::profile::ceph_mon', 'public_network'),
  /** The `mon.` key (secret). */
  monKey: hieraKey<string>('openstack_ha::profile::ceph_mon', 'mon_key'),
  /** The `client.admin` key (secret). */
  adminKey: hieraKey<string>('openstack_ha::profile::ceph_mon', 'admin_key'),
  /** The `client.bootstrap-osd` key (secret). */
  bootstrapOsdKey: hieraKey<string>('openstack_ha::profile::ceph_mon', 'bootstrap_osd_key'),
  /** Copies of each object (default 3). */
  poolSize: hieraKey<number>('openstack_ha::profile::ceph_mon', 'pool_size'),
  /** Copies that must be up to take writes (default 2), at most `poolSize`. */
  poolMinSize: hieraKey<number>('openstack_ha::profile::ceph_mon', 'pool_min_size'),
  /** The pools the first monitor creates, by name. */
  pools: hieraKey<{ [name: string]: CephPoolSpec }>('openstack_ha::profile::ceph_mon', 'pools'),
  /** The Ceph users the first monitor creates, by full name, with their capabilities. */
  clients: hieraKey<{ [name: string]: CephClientCaps }>('openstack_ha::profile::ceph_mon', 'clients'),
  /** The key of each user of `clients`, by the same names (secrets). */
  clientKeys: hieraKey<{ [name: string]: string }>('openstack_ha::profile::ceph_mon', 'client_keys'),
  /** True on exactly one monitor: it creates the pools and users. */
  bootstrapNode: hieraKey<boolean>('openstack_ha::profile::ceph_mon', 'bootstrap_node'),
} as const;

/** The keys of `openstack_ha::profile::ceph_mgr`. */
export const CEPH_MGR_KEYS = {
  /** The cluster's fsid (a lower-case UUID). */
  fsid: hieraKey<string>('openstack_ha::profile::ceph_mgr', 'fsid'),
  /** Every monitor's address. */
  monHosts: hieraKey<string[]>('openstack_ha::profile::ceph_mgr', 'mon_hosts'),
  /** The public network, in CIDR notation. */
  publicNetwork: hieraKey<string>('openstack_ha::profile::ceph_mgr', 'public_network'),
  /** The `client.admin` key (secret), which creates the manager's own key. */
  adminKey: hieraKey<string>('openstack_ha::profile::ceph_mgr', 'admin_key'),
} as const;

/** The keys of `openstack_ha::profile::ceph_osd`. */
export const CEPH_OSD_KEYS = {
  /** The cluster's fsid (a lower-case UUID). */
  fsid: hieraKey<string>('openstack_ha::profile::ceph_osd', 'fsid'),
  /** Every monitor's address. */
  monHosts: hieraKey<string[]>('openstack_ha::profile::ceph_osd', 'mon_hosts'),
  /** The public network, in CIDR notation. */
  publicNetwork: hieraKey<string>('openstack_ha::profile::ceph_osd', 'public_network'),
  /** The replication network, in CIDR notation. */
  clusterNetwork: hieraKey<string>('openstack_ha::profile::ceph_osd', 'cluster_network'),
  /** The `client.bootstrap-osd` key (secret). */
  bootstrapOsdKey: hieraKey<string>('openstack_ha::profile::ceph_osd', 'bootstrap_osd_key'),
  /** The data disks, one OSD each (default `['/dev/vdb']`). */
  osdDevices: hieraKey<string[]>('openstack_ha::profile::ceph_osd', 'osd_devices'),
} as const;
