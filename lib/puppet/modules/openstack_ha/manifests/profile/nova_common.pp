# @summary The configuration every Nova control-plane service of a node shares (`nova.conf`
#   is one file per node): the message broker, the databases, Keystone, Placement and Neutron.
#
# @api private
#
# Included by `openstack_ha::profile::nova_api`, `nova_conductor`, `nova_scheduler` and
# `nova_novncproxy`, never listed as a profile itself. Its parameters are bound by hiera only
# (`openstack_ha::profile::nova_common::<param>`), written once per node, so a controller that
# runs all four services declares this configuration once and the profiles compile together
# in any order.
#
# Declares puppet-nova 21.x: `nova::db`, `nova::cache` and `nova::keystone::authtoken`, and
# through `openstack_ha::profile::nova_shared` (which `openstack_ha::profile::nova_compute`
# declares too) `nova` (the packages, the transport URL), `nova::config`,
# `nova::keystone::service_user`, `nova::placement` and `nova::network::neutron`. Nova-compute
# does not use this class: a hypervisor gets no database credentials.
#
# Broker. The transport URL lists every broker (`rabbit://<user>:<password>@<host>:<port>,...`),
# never a VIP: oslo.messaging fails over between them itself. Queues are quorum queues
# (`[oslo_messaging_rabbit] rabbit_quorum_queue`, set through `nova::config`: puppet-nova 21
# has no parameter for it), replicated on a majority of the brokers.
#
# Databases, composed here from their parts with the passwords URL-encoded, through a
# database VIP:
# * `[database] connection`:
#   `mysql+pymysql://nova:<database_password>@<database_host>/<database_name>`;
# * `[api_database] connection`:
#   `mysql+pymysql://nova_api:<api_database_password>@<api_database_host>/nova_api`, where
#   `api_database_host` is `database_host` unless given.
#
# What `[database]` names depends on the layout of the cells:
# * one cell (the defaults): `nova`, the database of the one cell, which every Nova node of the
#   API tier shares; its cell0 database is `nova_cell0`, with the same user and password (Nova
#   derives that name by appending `_cell0` when it maps cell0);
# * several cells: the nodes of the API tier (APIs, schedulers and the API tier's conductors)
#   name `nova_cell0`: no cell's database is theirs, they reach every cell through its mapping
#   in `nova_api`, and cell0 holds the instances that no cell took. Each cell's conductors and
#   proxies name their own cell's database (such as `nova_cell1`) on their cell's database
#   VIP, and still reach the `nova_api` database on the main VIP (`api_database_host`), where
#   the cell and instance mappings are.
#
# Keystone. `keystone_authtoken` validates tokens against `keystone_url` and caches them in
# every memcached server; `nova::cache` (oslo.cache, `oslo_cache.memcache_pool`) uses the same
# servers. `[service_user]` sends the `nova` user's token along with the user's
# (`send_service_user_token`): Nova 26.2 requires it of every Nova service (without it
# `nova-status upgrade check` fails, and Cinder refuses volume detachments from Nova).
# `[placement]` authenticates as the `placement` user and `[neutron]` as the `neutron` user,
# reaching Neutron at `neutron_url` (`endpoint_override`).
#
# @param keystone_url
#   Keystone's URL through the VIP, such as `http://198.51.100.10:5000`.
# @param service_password
#   The password of the `nova` Keystone user.
# @param database_host
#   The address of the database of `[database]` (a VIP's Galera front end), and of the
#   `nova_api` database unless `api_database_host` is given.
# @param database_password
#   The password of the `nova` database user, which owns the `nova` and `nova_cell0` databases
#   (and, in a cell of several, that cell's database).
# @param api_database_password
#   The password of the `nova_api` database user, which owns the `nova_api` database.
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param memcached_servers
#   Every memcached server, as `address:port`, at least one.
# @param placement_password
#   The password of the `placement` Keystone user, which Nova uses to call Placement.
# @param neutron_password
#   The password of the `neutron` Keystone user, which Nova uses to call Neutron.
# @param neutron_url
#   Neutron's URL through the VIP, such as `http://198.51.100.10:9696`.
# @param region
#   The region of the Keystone endpoints Nova uses.
# @param cell_name
#   The name of the cell this node's Nova services belong to. With a single cell, the
#   bootstrap `nova_api` node registers it under this name (its database and transport URL
#   are this node's `[database]` and `[DEFAULT]` ones). A deployment with several cells gives
#   each cell's conductors and proxies the name of their own cell.
# @param database_name
#   The database of `[database] connection` (user `nova`). The default, `nova`, is the single
#   cell's database. With several cells: `nova_cell0` on the nodes of the API tier, and the
#   cell's own database (such as `nova_cell1`) on the nodes of a cell.
# @param api_database_host
#   The address of the `nova_api` database, when it is not `database_host`: a cell's nodes
#   reach their own database on their cell's VIP and the `nova_api` database on the main one.
#   When not set, `database_host`.
class openstack_ha::profile::nova_common (
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  String[16] $api_database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $memcached_servers,
  String[16] $placement_password,
  String[16] $neutron_password,
  Stdlib::HTTPUrl $neutron_url,
  String[1] $region = 'RegionOne',
  Openstack_ha::Nova_cell_name $cell_name = 'cell1',
  String[1] $database_name = 'nova',
  Optional[Openstack_ha::Ipv4_or_fqdn] $api_database_host = undef,
) {
  assert_private()

  $api_database_host_real = pick($api_database_host, $database_host)

  # The classes `nova` and the service classes include are declared first, with their
  # parameters.
  class { 'nova::db':
    database_connection     => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $database_host,
      'database' => $database_name,
      'username' => 'nova',
      'password' => $database_password,
    }),
    api_database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $api_database_host_real,
      'database' => 'nova_api',
      'username' => 'nova_api',
      'password' => $api_database_password,
    }),
  }

  class { 'nova::keystone::authtoken':
    password             => $service_password,
    auth_url             => $keystone_url,
    www_authenticate_uri => $keystone_url,
    region_name          => $region,
    memcached_servers    => $memcached_servers,
  }

  class { 'nova::cache':
    enabled          => true,
    backend          => 'oslo_cache.memcache_pool',
    memcache_servers => $memcached_servers,
  }

  class { 'openstack_ha::profile::nova_shared':
    keystone_url       => $keystone_url,
    service_password   => $service_password,
    rabbit_hosts       => $rabbit_hosts,
    rabbit_user        => $rabbit_user,
    rabbit_password    => $rabbit_password,
    placement_password => $placement_password,
    neutron_password   => $neutron_password,
    neutron_url        => $neutron_url,
    region             => $region,
  }
}
