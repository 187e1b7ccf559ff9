# @summary Keystone, the identity service, as one of several identical controllers behind the
#   VIP: Fernet tokens with keys shared by every node, the database through the VIP, every
#   RabbitMQ broker listed, and the cache spread over every memcached server.
#
# Declares puppet-keystone 21.x: `keystone` (Fernet tokens; served by Apache mod_wsgi, so the
# Debian package's own `keystone` service is stopped), `keystone::db`, `keystone::cache`,
# `keystone::config`, `keystone::wsgi::apache` and `keystone::bootstrap`.
#
# Keys. The Fernet token keys and the credential keys are generated once for the deployment
# and handed to every node, so a token issued by any controller validates on every other one.
# Puppet writes them to `/etc/keystone/fernet-keys/{0,1}` and
# `/etc/keystone/credential-keys/{0,1}` (key 0 is the staged key, key 1 the primary). Every
# run puts the deployment's content back (`fernet_replace_keys => true`; credential key files
# are always replaced) and removes any other file from the two directories, because no node
# may rotate keys on its own: with `fernet_replace_keys => false`, a node where someone ran
# `keystone-manage fernet_rotate` would keep a primary key the other nodes lack, and every
# token it issued would fail on them. Rotating keys is a change of the deployment's keys,
# rolled out to every node; no rotation job is declared here.
#
# Database and broker. The connection is composed here from its parts
# (`mysql+pymysql://keystone:<password>@<database_host>/keystone`, the password URL-encoded),
# so the password stays a separate secret. The transport URL lists every broker
# (`rabbit://<user>:<password>@<host>:<port>,...`): RabbitMQ is clustered, never put behind
# the VIP. Queues are quorum queues (`[oslo_messaging_rabbit] rabbit_quorum_queue`, set through
# `keystone::config` because puppet-keystone 21 has no parameter for it).
#
# One node (`bootstrap_node`) creates the schema (`keystone-manage db_sync`) and runs
# `keystone-manage bootstrap` (the admin user, project and role, the identity service and its
# public, internal and admin endpoints, all `public_endpoint`, in `region`). Every node writes
# the admin credentials to `/etc/openstack/puppet/admin-clouds.yaml`.
#
# @param bind_address
#   The node's address that Apache serves Keystone on, port 5000; HAProxy's `keystone` front
#   end forwards the VIP to it.
# @param public_endpoint
#   Keystone's URL through the VIP, such as `http://198.51.100.10:5000`: the catalog's
#   identity endpoints and the base of the links Keystone returns.
# @param region
#   The region the identity endpoints are registered in.
# @param database_host
#   The database address Keystone connects to (the VIP's Galera front end).
# @param database_password
#   The password of the `keystone` database user.
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param memcached_servers
#   Every memcached server, as `address:port`, at least one.
# @param admin_password
#   The password of the `admin` user that the bootstrap creates.
# @param fernet_key_0
#   Fernet token key 0, the staged key (the next primary).
# @param fernet_key_1
#   Fernet token key 1, the primary key that signs new tokens.
# @param credential_key_0
#   Credential encryption key 0 (staged).
# @param credential_key_1
#   Credential encryption key 1 (primary).
# @param bootstrap_node
#   True on exactly one node: the one that creates the schema and runs the bootstrap.
class openstack_ha::profile::keystone (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_endpoint,
  String[1] $region,
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $memcached_servers,
  String[16] $admin_password,
  Openstack_ha::Fernet_key $fernet_key_0,
  Openstack_ha::Fernet_key $fernet_key_1,
  Openstack_ha::Fernet_key $credential_key_0,
  Openstack_ha::Fernet_key $credential_key_1,
  Boolean $bootstrap_node,
) {
  $fernet_repository = '/etc/keystone/fernet-keys'
  $credential_repository = '/etc/keystone/credential-keys'

  # The classes `keystone` includes itself are declared first, with their parameters.
  class { 'keystone::db':
    database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $database_host,
      'database' => 'keystone',
      'username' => 'keystone',
      'password' => $database_password,
    }),
  }

  # Keys are hashed over every server (memcached is not clustered). A server that stops
  # answering costs a worker at most the socket time-out, and is tried again after
  # `memcache_dead_retry` seconds: a minute rather than oslo.cache's five, so a controller
  # that comes back is used again soon (the same knobs as the services' authtoken caches).
  class { 'keystone::cache':
    enabled                 => true,
    backend                 => 'oslo_cache.memcache_pool',
    memcache_servers        => $memcached_servers,
    memcache_dead_retry     => 60,
    memcache_socket_timeout => 1,
  }

  class { 'keystone::config':
    keystone_config => {
      'oslo_messaging_rabbit/rabbit_quorum_queue' => { 'value' => true },
    },
  }

  # os_transport_url takes one port for all hosts; the hosts here carry their own.
  $transport_url = os_transport_url({
    'transport' => 'rabbit',
    'hosts'     => $rabbit_hosts,
    'username'  => $rabbit_user,
    'password'  => $rabbit_password,
  })

  class { 'keystone':
    token_provider               => 'fernet',
    public_endpoint              => $public_endpoint,
    default_transport_url        => $transport_url,
    service_name                 => 'httpd',
    # HAProxy adds X-Forwarded-For and Keystone sits behind it.
    enable_proxy_headers_parsing => true,
    sync_db                      => $bootstrap_node,
    enable_fernet_setup          => true,
    fernet_key_repository        => $fernet_repository,
    fernet_keys                  => {
      "${fernet_repository}/0" => { 'content' => $fernet_key_0 },
      "${fernet_repository}/1" => { 'content' => $fernet_key_1 },
    },
    fernet_replace_keys          => true,
    enable_credential_setup      => true,
    credential_key_repository    => $credential_repository,
    credential_keys              => {
      "${credential_repository}/0" => { 'content' => $credential_key_0 },
      "${credential_repository}/1" => { 'content' => $credential_key_1 },
    },
  }

  # The key directories hold exactly the deployment's keys: a key file that Puppet does not
  # manage (left by a local rotation) is removed.
  File <| title == $fernet_repository or title == $credential_repository |> {
    recurse => true,
    purge   => true,
  }

  class { 'keystone::wsgi::apache':
    bind_host => $bind_address,
    port      => 5000,
  }

  class { 'keystone::bootstrap':
    bootstrap    => $bootstrap_node,
    password     => $admin_password,
    public_url   => $public_endpoint,
    internal_url => $public_endpoint,
    admin_url    => $public_endpoint,
    region       => $region,
  }

  # Debian's keystone package starts its own server on every address, port 5000, until the
  # module stops it; on a node that also runs HAProxy, HAProxy can only bind the VIPs' port
  # 5000 after that.
  Service <| title == 'keystone' |> -> Service <| title == 'haproxy' |>
}
