# @summary A memcached server for the OpenStack services' caches (Keystone tokens, the
#   services' `keystone_authtoken` caches, oslo.cache).
#
# Memcached is neither clustered nor load balanced: every client lists every memcached node
# and hashes keys across them, so losing one node only loses part of the cache. UDP is turned
# off, as it serves no OpenStack client and is a known reflection-amplification vector.
#
# @param listen
#   The address memcached listens on: this node's control-plane address, which the clients
#   list.
# @param port
#   The TCP port memcached listens on.
# @param max_memory
#   The memory for items: MiB as a number, or a share of the node's memory such as `'10%'`.
# @param max_connections
#   The most simultaneous client connections. Each worker of each OpenStack API holds its own,
#   so this grows with the number of API workers on all controllers.
class openstack_ha::profile::memcached (
  Stdlib::IP::Address::V4::Nosubnet $listen,
  Stdlib::Port $port = 11211,
  Openstack_ha::Memcached_memory $max_memory = 1024,
  Integer[1] $max_connections = 8192,
) {
  class { 'memcached':
    listen_ip       => $listen,
    tcp_port        => $port,
    udp_port        => 0,
    max_memory      => $max_memory,
    max_connections => $max_connections,
    # The Debian package's own user; the module's default `nobody` would share an identity
    # with unrelated daemons.
    user            => 'memcache',
  }
}
