/**
 * The hiera keys the library writes, each bound to the parameter of the project's own
 * Puppet class it sets and to the TypeScript type of its value.
 *
 * Constructs write hiera only through these keys. The classes declare the same parameters
 * with Puppet types, and the real-tool checks compile every node's catalog and look every
 * key up in the module's documentation (puppet-strings), so a key or a type can never drift.
 *
 * @module
 */
import { hieraKey } from './hiera';
import { NodeRole, Profile } from './roles';

/** The keys of `site.pp` and the role classes. */
export const NODE_KEYS = {
  /** The node's role; looked up by `site.pp`, not a class parameter. */
  role: hieraKey<NodeRole>('openstack_ha', 'role'),
  /** The profiles of a node of the given role. */
  profiles: (role: NodeRole) => hieraKey<Profile[]>(`openstack_ha::role::${role}`, 'profiles'),
} as const;

/** The keys of `openstack_ha::profile::base`. */
export const BASE_KEYS = {
  /** The time zone, a tz database name. */
  timezone: hieraKey<string>('openstack_ha::profile::base', 'timezone'),
  /** The NTP servers chrony follows. */
  timeServers: hieraKey<string[]>('openstack_ha::profile::base', 'time_servers'),
} as const;

/** The keys of `openstack_ha::profile::memcached`. */
export const MEMCACHED_KEYS = {
  /** The address memcached listens on. */
  listen: hieraKey<string>('openstack_ha::profile::memcached', 'listen'),
  /** The TCP port. */
  port: hieraKey<number>('openstack_ha::profile::memcached', 'port'),
  /** The cache size in MiB (or a percentage of memory such as `"25%"`). */
  maxMemory: hieraKey<number | string>('openstack_ha::profile::memcached', 'max_memory'),
  /** The connection limit. */
  maxConnections: hieraKey<number>('openstack_ha::profile::memcached', 'max_connections'),
} as const;

/** One server behind a load-balancer front end. */
export type BackendServer = {
  /** The server's name in the HAProxy configuration (its host name). */
  readonly name: string;
  /** The server's address. */
  readonly address: string;
};

/**
 * One HAProxy front end on the VIP (`Openstack_ha::Frontend` in Puppet).
 */
export type FrontendSpec = {
  /** The port on the VIP. */
  readonly port: number;
  /** The port the backends listen on. */
  readonly backend_port: number;
  /** `http` for the API services, `tcp` for the database. */
  readonly mode: 'http' | 'tcp';
  /** `http`: an HTTP GET of `check_path`; `galera`: the Galera health check on `check_port`; `tcp`: a connect. */
  readonly check: 'http' | 'tcp' | 'galera';
  /** The path of the HTTP health check. */
  readonly check_path?: string;
  /** The port of the health check, when not the backend port (the Galera check listens on 9200). */
  readonly check_port?: number;
  /** Only the first backend takes traffic; the others are `backup` (one writer for Galera). */
  readonly single_writer: boolean;
  /** Client and server timeout in seconds (long for database connections). */
  readonly timeout_seconds: number;
  /** The backends, in order (the first is the writer when `single_writer`). */
  readonly backends: readonly BackendServer[];
};

/** One keepalived VRRP instance (`Openstack_ha::Vrrp_instance` in Puppet). */
export type VrrpInstanceSpec = {
  /** The virtual address. */
  readonly vip: string;
  /** The prefix length of the VIP's subnet. */
  readonly prefix_length: number;
  /** The virtual router id, 1 to 255, unique on the network. */
  readonly virtual_router_id: number;
  /** This node's priority, 1 to 254 (the highest becomes master). */
  readonly priority: number;
  /** The advertisement interval in seconds; below 1 needs VRRP version 3. */
  readonly advert_interval: number;
  /** VRRP protocol version, 2 or 3. */
  readonly vrrp_version: number;
  /** Do not take the VIP back from a healthy master when this node returns. */
  readonly nopreempt: boolean;
};

/** The keys of `openstack_ha::profile::galera`. */
export const GALERA_KEYS = {
  clusterName: hieraKey<string>('openstack_ha::profile::galera', 'cluster_name'),
  nodeAddress: hieraKey<string>('openstack_ha::profile::galera', 'node_address'),
  members: hieraKey<string[]>('openstack_ha::profile::galera', 'members'),
  bootstrapAddress: hieraKey<string>('openstack_ha::profile::galera', 'bootstrap_address'),
  sstMethod: hieraKey<'mariabackup' | 'rsync'>('openstack_ha::profile::galera', 'sst_method'),
  gcacheSize: hieraKey<string>('openstack_ha::profile::galera', 'gcache_size'),
  bufferPoolSize: hieraKey<string>('openstack_ha::profile::galera', 'innodb_buffer_pool_size'),
  maxConnections: hieraKey<number>('openstack_ha::profile::galera', 'max_connections'),
  port: hieraKey<number>('openstack_ha::profile::galera', 'port'),
  statusPort: hieraKey<number>('openstack_ha::profile::galera', 'status_port'),
  /** Addresses allowed to query the health check (the load balancers). */
  statusAllowedAddresses: hieraKey<string[]>('openstack_ha::profile::galera', 'status_allowed_addresses'),
  rootPassword: hieraKey<string>('openstack_ha::profile::galera', 'root_password'),
  sstPassword: hieraKey<string>('openstack_ha::profile::galera', 'sst_password'),
  statusPassword: hieraKey<string>('openstack_ha::profile::galera', 'status_password'),
  /** The password of every database user: user => password (secrets). */
  databasePasswords: hieraKey<{ [user: string]: string }>('openstack_ha::profile::galera', 'database_passwords'),
  /** Databases and their users, created on the bootstrap node: name => user. */
  databases: hieraKey<{ [db: string]: string }>('openstack_ha::profile::galera', 'databases'),
} as const;

/** The keys of `openstack_ha::profile::galera_arbitrator` (garbd). */
export const GALERA_ARBITRATOR_KEYS = {
  clusterName: hieraKey<string>('openstack_ha::profile::galera_arbitrator', 'cluster_name'),
  members: hieraKey<string[]>('openstack_ha::profile::galera_arbitrator', 'members'),
} as const;

/** The keys of `openstack_ha::profile::rabbitmq`. */
export const RABBITMQ_KEYS = {
  nodeAddress: hieraKey<string>('openstack_ha::profile::rabbitmq', 'node_address'),
  /** The short host names of every member (RabbitMQ node names are `rabbit@<host>`). */
  clusterNodes: hieraKey<string[]>('openstack_ha::profile::rabbitmq', 'cluster_nodes'),
  partitionHandling: hieraKey<'pause_minority' | 'autoheal'>('openstack_ha::profile::rabbitmq', 'partition_handling'),
  port: hieraKey<number>('openstack_ha::profile::rabbitmq', 'port'),
  distributionPort: hieraKey<number>('openstack_ha::profile::rabbitmq', 'distribution_port'),
  erlangCookie: hieraKey<string>('openstack_ha::profile::rabbitmq', 'erlang_cookie'),
  /** The user the OpenStack services connect as. */
  user: hieraKey<string>('openstack_ha::profile::rabbitmq', 'user'),
  password: hieraKey<string>('openstack_ha::profile::rabbitmq', 'password'),
} as const;

/** The keys of `openstack_ha::profile::haproxy`. */
export const HAPROXY_KEYS = {
  /** The VIP addresses HAProxy binds its front ends to. */
  vips: hieraKey<string[]>('openstack_ha::profile::haproxy', 'vips'),
  /** The front ends, by name. */
  frontends: hieraKey<{ [name: string]: FrontendSpec }>('openstack_ha::profile::haproxy', 'frontends'),
  /** The node's own address (statistics page). */
  nodeAddress: hieraKey<string>('openstack_ha::profile::haproxy', 'node_address'),
  statsPort: hieraKey<number>('openstack_ha::profile::haproxy', 'stats_port'),
} as const;

/** The keys of `openstack_ha::profile::keepalived`. */
export const KEEPALIVED_KEYS = {
  interface: hieraKey<string>('openstack_ha::profile::keepalived', 'interface'),
  nodeAddress: hieraKey<string>('openstack_ha::profile::keepalived', 'node_address'),
  /** The other load balancers (unicast VRRP peers). */
  peers: hieraKey<string[]>('openstack_ha::profile::keepalived', 'peers'),
  /** The VRRP instances, by name. */
  instances: hieraKey<{ [name: string]: VrrpInstanceSpec }>('openstack_ha::profile::keepalived', 'instances'),
} as const;

/** The keys of `openstack_ha::profile::keystone`. */
export const KEYSTONE_KEYS = {
  bindAddress: hieraKey<string>('openstack_ha::profile::keystone', 'bind_address'),
  publicEndpoint: hieraKey<string>('openstack_ha::profile::keystone', 'public_endpoint'),
  region: hieraKey<string>('openstack_ha::profile::keystone', 'region'),
  databaseHost: hieraKey<string>('openstack_ha::profile::keystone', 'database_host'),
  databasePassword: hieraKey<string>('openstack_ha::profile::keystone', 'database_password'),
  /** Every broker, as `address:port` (never a VIP). */
  rabbitHosts: hieraKey<string[]>('openstack_ha::profile::keystone', 'rabbit_hosts'),
  rabbitUser: hieraKey<string>('openstack_ha::profile::keystone', 'rabbit_user'),
  rabbitPassword: hieraKey<string>('openstack_ha::profile::keystone', 'rabbit_password'),
  /** Every memcached server, as `address:port`. */
  memcachedServers: hieraKey<string[]>('openstack_ha::profile::keystone', 'memcached_servers'),
  adminPassword: hieraKey<string>('openstack_ha::profile::keystone', 'admin_password'),
  /** Fernet token keys: key 0 (staged) and key 1 (primary), identical on every node. */
  fernetKey0: hieraKey<string>('openstack_ha::profile::keystone', 'fernet_key_0'),
  fernetKey1: hieraKey<string>('openstack_ha::profile::keystone', 'fernet_key_1'),
  credentialKey0: hieraKey<string>('openstack_ha::profile::keystone', 'credential_key_0'),
  credentialKey1: hieraKey<string>('openstack_ha::profile::keystone', 'credential_key_1'),
  /** True on exactly one node: it runs the database sync and the bootstrap. */
  bootstrapNode: hieraKey<boolean>('openstack_ha::profile::keystone', 'bootstrap_node'),
} as const;
