# @summary Cinder's API and scheduler, the block storage control plane, as one of several
#   identical nodes behind the VIP.
#
# Declares puppet-cinder 21.x: `cinder::api` served by Apache mod_wsgi
# (`cinder::wsgi::apache`, listening on `bind_address` port 8776; HAProxy's `cinder` front end
# forwards the VIP to it), `cinder::scheduler`, `cinder::keystone::authtoken`, and through
# `openstack_ha::storage::cinder_common` the database, the broker and `[nova]`.
#
# Why Apache. Debian's `cinder-api` package runs uWSGI on every address, port 8776, and its
# init script takes no bind address that the module could set, so on a node that also runs
# HAProxy the two would fight over the port. Under Apache the vhost listens on `bind_address`
# only, and the package's own service is stopped (before HAProxy starts).
#
# HA. Every node runs the API and a scheduler; schedulers are stateless consumers of the same
# queue, so any number of them can run (active/active) with no coordination. The transport URL
# lists every broker, queues are quorum queues, and tokens are cached in every memcached
# server.
#
# One node (`bootstrap_node`) creates the schema (`cinder-manage db sync`) and registers the
# `cinder` user, the `volumev3` service and its public, internal and admin endpoints, all
# `public_url` (`cinder::keystone::auth`).
#
# @param bind_address
#   The node's address the Cinder API listens on, port 8776.
# @param public_url
#   Cinder's catalog URL through the VIP, with its version path, such as
#   `http://198.51.100.10:8776/v3/%(tenant_id)s` (or `.../v3`): the `volumev3` endpoints. Its
#   scheme, host and port are the base of the version links Cinder returns.
# @param keystone_url
#   Keystone's endpoint on the VIP, such as `http://198.51.100.10:5000`.
# @param service_password
#   The password of the `cinder` Keystone user.
# @param database_host
#   The database address (the VIP's Galera front end).
# @param database_password
#   The password of the `cinder` database user.
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param memcached_servers
#   Every memcached server, as `address:port`: the token cache of `keystone_authtoken`.
# @param region
#   The region the endpoints are registered in.
# @param bootstrap_node
#   True on exactly one node: the one that creates the schema and registers the service.
class openstack_ha::profile::cinder (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_url,
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $memcached_servers,
  String[1] $region = 'RegionOne',
  Boolean $bootstrap_node = false,
) {
  $port = 8776
  # The version document lives at the root: scheme, host and port of the catalog URL.
  $base_url = regsubst($public_url, '\A(https?://[^/]+).*\z', '\1', 'I')

  $common_settings = {
    'database_host'     => $database_host,
    'database_password' => $database_password,
    'rabbit_hosts'      => $rabbit_hosts,
    'rabbit_user'       => $rabbit_user,
    'rabbit_password'   => $rabbit_password,
    'keystone_url'      => $keystone_url,
    'service_password'  => $service_password,
    'region'            => $region,
  }
  if defined(Class['openstack_ha::storage::cinder_common']) {
    openstack_ha::storage::assert_shared_settings('openstack_ha::storage::cinder_common', $common_settings, $title)
  } else {
    class { 'openstack_ha::storage::cinder_common':
      * => $common_settings,
    }
  }

  # cinder::api includes this itself, so it is declared first, with its parameters.
  class { 'cinder::keystone::authtoken':
    password             => $service_password,
    www_authenticate_uri => $keystone_url,
    auth_url             => $keystone_url,
    region_name          => $region,
    memcached_servers    => $memcached_servers,
  }

  class { 'cinder::api':
    bind_host                    => $bind_address,
    service_name                 => 'httpd',
    public_endpoint              => $base_url,
    # HAProxy adds X-Forwarded-For and X-Forwarded-Proto, and Cinder sits behind it.
    enable_proxy_headers_parsing => true,
    sync_db                      => $bootstrap_node,
  }

  class { 'cinder::wsgi::apache':
    bind_host => $bind_address,
    port      => $port,
  }

  class { 'cinder::scheduler': }

  if $bootstrap_node {
    class { 'cinder::keystone::auth':
      password        => $service_password,
      public_url_v3   => $public_url,
      internal_url_v3 => $public_url,
      admin_url_v3    => $public_url,
      region          => $region,
    }
  }

  # Debian's cinder-api package starts uWSGI on every address, port 8776, until the module
  # stops it; on a node that also runs HAProxy, HAProxy can bind the VIP's port 8776 only after
  # that.
  Service <| title == 'cinder-api' |> -> Service <| title == 'haproxy' |>
}
