# @summary Placement, the resource inventory that the Nova scheduler asks for hosts, as one of
#   several identical API nodes behind the VIP: the database through the VIP, token validation
#   cached in every memcached server.
#
# Declares puppet-placement 8.0.0: `placement` (the packages), `placement::db`,
# `placement::keystone::authtoken`, `placement::api` and `placement::wsgi::apache`. Placement is
# stateless apart from its database and talks to no message broker, so any node can serve any
# request and HAProxy spreads them over all of them.
#
# Served by Apache mod_wsgi on `bind_address`, port 8778. Debian's `placement-api` package runs
# its own uWSGI server on every address, port 8778: the module stops and disables it
# (`placement::api::api_service_name => 'httpd'`), and it is stopped before HAProxy is
# managed, so that HAProxy can bind the VIP's port 8778 on a node that runs both.
#
# The database URL is composed here (`mysql+pymysql://placement:<password>@<database_host>/placement`,
# the password URL-encoded), so the password stays a separate secret. The database and its
# user are created by the Galera profile.
#
# One node (`bootstrap_node`) creates the schema (`placement-manage db sync`) and registers
# Placement in Keystone: the `placement` user (with the `admin` role in the `services`
# project), the `placement` service and its public, internal and admin endpoints, all
# `public_url`, in `region`.
#
# @param bind_address
#   The node's address Apache serves Placement on, port 8778; HAProxy's front end on the VIP
#   forwards to it.
# @param public_url
#   Placement's URL through the VIP, such as `http://198.51.100.10:8778`: the catalog's
#   placement endpoints.
# @param keystone_url
#   Keystone's URL through the VIP, such as `http://198.51.100.10:5000`: where tokens are
#   validated and the service user authenticates.
# @param service_password
#   The password of the `placement` Keystone user.
# @param database_host
#   The database address Placement connects to (the VIP's Galera front end).
# @param database_password
#   The password of the `placement` database user.
# @param memcached_servers
#   Every memcached server, as `address:port`, at least one: the token cache of
#   `keystone_authtoken`, spread over all of them.
# @param region
#   The region the endpoints are registered in and the service user's region.
# @param bootstrap_node
#   True on exactly one node: the one that creates the schema and the Keystone records.
class openstack_ha::profile::placement (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_url,
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $memcached_servers,
  String[1] $region = 'RegionOne',
  Boolean $bootstrap_node = false,
) {
  $port = 8778

  # The classes that `placement` and `placement::api` include are declared first, with their
  # parameters.
  class { 'placement::db':
    database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $database_host,
      'database' => 'placement',
      'username' => 'placement',
      'password' => $database_password,
    }),
  }

  class { 'placement::keystone::authtoken':
    password             => $service_password,
    auth_url             => $keystone_url,
    www_authenticate_uri => $keystone_url,
    region_name          => $region,
    memcached_servers    => $memcached_servers,
  }

  class { 'placement':
    sync_db => $bootstrap_node,
  }

  class { 'placement::api':
    api_service_name             => 'httpd',
    # HAProxy adds X-Forwarded-For and X-Forwarded-Proto; Placement sits behind it.
    enable_proxy_headers_parsing => true,
    sync_db                      => false,
  }

  class { 'placement::wsgi::apache':
    bind_host => $bind_address,
    port      => $port,
  }

  if $bootstrap_node {
    class { 'placement::keystone::auth':
      password     => $service_password,
      public_url   => $public_url,
      internal_url => $public_url,
      admin_url    => $public_url,
      region       => $region,
    }
  }

  # Debian's uWSGI server holds every address's port 8778 until the module stops it.
  Service <| title == 'placement-api' |> -> Service <| title == 'haproxy' |>
}
