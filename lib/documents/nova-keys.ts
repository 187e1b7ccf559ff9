/**
 * The hiera keys of the Placement and Nova profiles, each bound to the parameter of the
 * project's own Puppet class it sets and to the TypeScript type of its value.
 *
 * The four Nova control-plane profiles (`nova_api`, `nova_conductor`, `nova_scheduler`,
 * `nova_novncproxy`) share their configuration through the private class
 * `openstack_ha::profile::nova_common`: a node that runs any of them gets the
 * {@link NOVA_COMMON_KEYS} once, whichever profiles it has, and each profile's own keys only
 * carry what differs. Nova-compute has its own keys ({@link NOVA_COMPUTE_KEYS}) and no database
 * credentials.
 *
 * @module
 */
import { hieraKey } from './hiera';

/** The keys of `openstack_ha::profile::placement`. */
export const PLACEMENT_KEYS = {
  /** The node's address Apache serves Placement on, port 8778. */
  bindAddress: hieraKey<string>('openstack_ha::profile::placement', 'bind_address'),
  /** Placement's URL through the VIP (`http://<vip>:8778`): its catalog endpoints. */
  publicUrl: hieraKey<string>('openstack_ha::profile::placement', 'public_url'),
  /** Keystone's URL through the VIP (`http://<vip>:5000`). */
  keystoneUrl: hieraKey<string>('openstack_ha::profile::placement', 'keystone_url'),
  /** The `placement` Keystone user's password (secret, at least 16 characters). */
  servicePassword: hieraKey<string>('openstack_ha::profile::placement', 'service_password'),
  /** The database address (the VIP's Galera front end). */
  databaseHost: hieraKey<string>('openstack_ha::profile::placement', 'database_host'),
  /** The `placement` database user's password (secret). */
  databasePassword: hieraKey<string>('openstack_ha::profile::placement', 'database_password'),
  /** Every memcached server, as `address:port`. */
  memcachedServers: hieraKey<string[]>('openstack_ha::profile::placement', 'memcached_servers'),
  /** The region of the endpoints; `RegionOne` when not set. */
  region: hieraKey<string>('openstack_ha::profile::placement', 'region'),
  /** True on exactly one node: it creates the schema and the Keystone records. */
  bootstrapNode: hieraKey<boolean>('openstack_ha::profile::placement', 'bootstrap_node'),
} as const;

/**
 * The keys of `openstack_ha::profile::nova_common`, the configuration the Nova control-plane
 * profiles share: written once on every node that has `nova_api`, `nova_conductor`,
 * `nova_scheduler` or `nova_novncproxy`.
 */
export const NOVA_COMMON_KEYS = {
  /** Keystone's URL through the VIP (`http://<vip>:5000`). */
  keystoneUrl: hieraKey<string>('openstack_ha::profile::nova_common', 'keystone_url'),
  /** The `nova` Keystone user's password (secret, at least 16 characters). */
  servicePassword: hieraKey<string>('openstack_ha::profile::nova_common', 'service_password'),
  /** The database address (the VIP's Galera front end). */
  databaseHost: hieraKey<string>('openstack_ha::profile::nova_common', 'database_host'),
  /**
   * The `nova` database user's password (secret): for the database of `databaseName`, and for
   * `nova_cell0` as well with a single cell.
   */
  databasePassword: hieraKey<string>('openstack_ha::profile::nova_common', 'database_password'),
  /** The `nova_api` database user's password, for the `nova_api` database (secret). */
  apiDatabasePassword: hieraKey<string>('openstack_ha::profile::nova_common', 'api_database_password'),
  /** Every broker, as `address:port` (never a VIP). */
  rabbitHosts: hieraKey<string[]>('openstack_ha::profile::nova_common', 'rabbit_hosts'),
  /** The RabbitMQ user. */
  rabbitUser: hieraKey<string>('openstack_ha::profile::nova_common', 'rabbit_user'),
  /** The RabbitMQ user's password (secret). */
  rabbitPassword: hieraKey<string>('openstack_ha::profile::nova_common', 'rabbit_password'),
  /** Every memcached server, as `address:port`. */
  memcachedServers: hieraKey<string[]>('openstack_ha::profile::nova_common', 'memcached_servers'),
  /** The `placement` Keystone user's password, which Nova calls Placement with (secret). */
  placementPassword: hieraKey<string>('openstack_ha::profile::nova_common', 'placement_password'),
  /** The `neutron` Keystone user's password, which Nova calls Neutron with (secret). */
  neutronPassword: hieraKey<string>('openstack_ha::profile::nova_common', 'neutron_password'),
  /** Neutron's URL through the VIP (`http://<vip>:9696`). */
  neutronUrl: hieraKey<string>('openstack_ha::profile::nova_common', 'neutron_url'),
  /** The region of the Keystone endpoints Nova uses; `RegionOne` when not set. */
  region: hieraKey<string>('openstack_ha::profile::nova_common', 'region'),
  /** The name of the node's cell (not `cell0`); `cell1` when not set. */
  cellName: hieraKey<string>('openstack_ha::profile::nova_common', 'cell_name'),
  /**
   * The database of `[database]`: the node's cell (`nova` for the single cell, `nova_<cell>`
   * for the nodes of a {@link NovaCell}), or `nova_cell0` on the API tier of several cells;
   * `nova` when not set.
   */
  databaseName: hieraKey<string>('openstack_ha::profile::nova_common', 'database_name'),
  /** The address of the `nova_api` database when it is not `databaseHost` (cell nodes); `databaseHost` when not set. */
  apiDatabaseHost: hieraKey<string>('openstack_ha::profile::nova_common', 'api_database_host'),
} as const;

/** How the API tier reaches one cell of several (the value type of {@link NOVA_API_KEYS.cells}). */
export type NovaCellMapping = {
  /** The address of the cell's database (its own VIP's Galera front end). */
  readonly database_host: string;
  /** The cell's database (user `nova`). */
  readonly database_name: string;
  /** Every broker of the cell, as `address:port`. */
  readonly rabbit_hosts: readonly string[];
  /** The cell's RabbitMQ user. */
  readonly rabbit_user: string;
};

/** The keys of `openstack_ha::profile::nova_api` (besides {@link NOVA_COMMON_KEYS}). */
export const NOVA_API_KEYS = {
  /** The node's address Apache serves the compute API (8774) and the metadata API (8775) on. */
  bindAddress: hieraKey<string>('openstack_ha::profile::nova_api', 'bind_address'),
  /** The compute API's URL through the VIP, with its version (`http://<vip>:8774/v2.1`). */
  publicUrl: hieraKey<string>('openstack_ha::profile::nova_api', 'public_url'),
  /** The secret shared with Neutron's metadata agents (secret, at least 16 characters). */
  metadataSecret: hieraKey<string>('openstack_ha::profile::nova_api', 'metadata_secret'),
  /** True on exactly one node: it creates the schemas, the cells and the Keystone records. */
  bootstrapNode: hieraKey<boolean>('openstack_ha::profile::nova_api', 'bootstrap_node'),
  /**
   * The cells of a deployment with several, by name (never `cell0`): the bootstrap node maps
   * cell0 to its own `[database]` and registers each of these. Empty when not set: the API tier
   * is then the one cell, named `cellName`.
   */
  cells: hieraKey<{ [cell: string]: NovaCellMapping }>('openstack_ha::profile::nova_api', 'cells'),
  /** The `nova` database user's password of each cell in `cells`, by cell name (secrets). */
  cellDatabasePasswords: hieraKey<{ [cell: string]: string }>('openstack_ha::profile::nova_api', 'cell_database_passwords'),
  /** The RabbitMQ user's password of each cell in `cells`, by cell name (secrets). */
  cellRabbitPasswords: hieraKey<{ [cell: string]: string }>('openstack_ha::profile::nova_api', 'cell_rabbit_passwords'),
} as const;

/** The keys of `openstack_ha::profile::nova_conductor` (besides {@link NOVA_COMMON_KEYS}). */
export const NOVA_CONDUCTOR_KEYS = {
  /** Conductor worker processes; openstacklib's `os_workers` fact when not set. */
  workers: hieraKey<number>('openstack_ha::profile::nova_conductor', 'workers'),
  /**
   * True on one conductor of each {@link NovaCell}: it creates the cell database's schema
   * (`nova-manage db sync --local_cell`) before its conductor starts; false when not set. Never
   * true on the `nova_api` bootstrap node, which syncs its own `[database]` already.
   */
  syncCellDatabase: hieraKey<boolean>('openstack_ha::profile::nova_conductor', 'sync_cell_database'),
} as const;

/** The keys of `openstack_ha::profile::nova_scheduler` (besides {@link NOVA_COMMON_KEYS}). */
export const NOVA_SCHEDULER_KEYS = {
  /** Scheduler worker processes; openstacklib's `os_workers` fact when not set. */
  workers: hieraKey<number>('openstack_ha::profile::nova_scheduler', 'workers'),
  /** Seconds between searches for unmapped compute nodes (-1: off); 300 when not set. */
  discoverHostsInCellsInterval: hieraKey<number>('openstack_ha::profile::nova_scheduler', 'discover_hosts_in_cells_interval'),
} as const;

/** The keys of `openstack_ha::profile::nova_novncproxy` (besides {@link NOVA_COMMON_KEYS}). */
export const NOVA_NOVNCPROXY_KEYS = {
  /** The node's address the proxy listens on, port 6080. */
  bindAddress: hieraKey<string>('openstack_ha::profile::nova_novncproxy', 'bind_address'),
  /** The console URL through the VIP (`http://<vip>:6080/vnc_auto.html`). */
  novncproxyBaseUrl: hieraKey<string>('openstack_ha::profile::nova_novncproxy', 'novncproxy_base_url'),
} as const;

/** The keys of `openstack_ha::profile::nova_compute`. */
export const NOVA_COMPUTE_KEYS = {
  /** Keystone's URL through the VIP (`http://<vip>:5000`). */
  keystoneUrl: hieraKey<string>('openstack_ha::profile::nova_compute', 'keystone_url'),
  /** The `nova` Keystone user's password, for `[service_user]` (secret). */
  servicePassword: hieraKey<string>('openstack_ha::profile::nova_compute', 'service_password'),
  /** Every broker, as `address:port` (never a VIP). */
  rabbitHosts: hieraKey<string[]>('openstack_ha::profile::nova_compute', 'rabbit_hosts'),
  /** The RabbitMQ user. */
  rabbitUser: hieraKey<string>('openstack_ha::profile::nova_compute', 'rabbit_user'),
  /** The RabbitMQ user's password (secret). */
  rabbitPassword: hieraKey<string>('openstack_ha::profile::nova_compute', 'rabbit_password'),
  /** The `placement` Keystone user's password (secret). */
  placementPassword: hieraKey<string>('openstack_ha::profile::nova_compute', 'placement_password'),
  /** The `neutron` Keystone user's password (secret). */
  neutronPassword: hieraKey<string>('openstack_ha::profile::nova_compute', 'neutron_password'),
  /** Neutron's URL through the VIP (`http://<vip>:9696`). */
  neutronUrl: hieraKey<string>('openstack_ha::profile::nova_compute', 'neutron_url'),
  /** The console URL through the VIP (`http://<vip>:6080/vnc_auto.html`). */
  novncproxyBaseUrl: hieraKey<string>('openstack_ha::profile::nova_compute', 'novncproxy_base_url'),
  /** The node's address (VNC, `my_ip`); the primary interface's address when not set. */
  bindAddress: hieraKey<string>('openstack_ha::profile::nova_compute', 'bind_address'),
  /** The region of the Keystone endpoints Nova uses; `RegionOne` when not set. */
  region: hieraKey<string>('openstack_ha::profile::nova_compute', 'region'),
  /** `kvm` (hardware) or `qemu` (emulation); `kvm` when not set. */
  virtType: hieraKey<'kvm' | 'qemu'>('openstack_ha::profile::nova_compute', 'virt_type'),
  /** Whether ephemeral disks live in Ceph RBD; false when not set. */
  rbdEnabled: hieraKey<boolean>('openstack_ha::profile::nova_compute', 'rbd_enabled'),
  /** The RBD pool of the ephemeral disks; `vms` when not set. */
  rbdPool: hieraKey<string>('openstack_ha::profile::nova_compute', 'rbd_pool'),
  /** The Ceph user, without `client.`; `nova` when not set. */
  rbdUser: hieraKey<string>('openstack_ha::profile::nova_compute', 'rbd_user'),
  /** The UUID (lower case) of the libvirt secret holding the Ceph key; required with `rbdEnabled`. */
  rbdSecretUuid: hieraKey<string>('openstack_ha::profile::nova_compute', 'rbd_secret_uuid'),
  /** The Ceph user's key for the libvirt secret (secret); required with `rbdEnabled`. */
  rbdSecretKey: hieraKey<string>('openstack_ha::profile::nova_compute', 'rbd_secret_key'),
} as const;
