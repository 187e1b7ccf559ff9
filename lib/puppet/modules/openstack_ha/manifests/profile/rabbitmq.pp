# @summary A member of the RabbitMQ cluster that carries the OpenStack services' RPC and
#   notifications.
#
# Declares puppet-rabbitmq 8.5.0's `rabbitmq` class with RabbitMQ 3.10 from Debian 12. The
# members form one cluster whatever order they start in: the cluster is listed in the config
# file (`cluster_nodes`, classic peer discovery), and 3.10 takes a cluster-wide lock during peer
# discovery, so members that boot together join one another one at a time instead of each
# starting a cluster of its own. For that, a member must start with the cluster settings and
# the shared cookie from its very first start: before the package is first installed, its
# service is masked (the package would start it at once, as a standalone node that never
# looks for peers afterwards) and the cookie is put in place (the package would otherwise
# generate one, and changing it later needs a database wipe, which is refused here).
#
# Clients list every member; the broker is never behind the VIP. There is no guest user: the
# one user is created at the cluster's first start and kept with its password and full
# permissions on vhost `/`. The OpenStack services declare their durable queues as quorum
# queues (`rabbit_quorum_queue`, set on the client side), which replicate by themselves; the
# `ha-classic-queues` policy mirrors every other queue (replies, fanouts, and the queues of a
# service not yet on quorum queues) on a majority of the members. On 3.10 a policy that holds
# `ha-*` keys is not applicable to quorum queues at all, so it changes nothing for them and
# leaves them free for their own policies.
#
# @param node_address
#   This member's address: AMQP clients connect to it (`port`).
# @param cluster_nodes
#   Every member's short host name, in the same order on every member; the node names are
#   `rabbit@<name>`, and the names must resolve to the members' addresses (the base profile's
#   host entries). This node's own host name must be one of them.
# @param erlang_cookie
#   The Erlang cookie the members authenticate one another with, the same on every member.
# @param password
#   The password of `user`.
# @param partition_handling
#   What a member does when the network splits the cluster: `pause_minority` (members on the
#   minority side stop serving until they see a majority again; the safe choice with three or
#   more members) or `autoheal` (after the split, the side with fewer clients restarts).
#   `ignore`, puppet-rabbitmq's default, is not allowed: it lets both sides go on and diverge.
# @param port
#   The AMQP port.
# @param distribution_port
#   The Erlang distribution port, on which the members talk to one another and the CLI tools
#   reach the node.
# @param user
#   The user the OpenStack services connect as.
class openstack_ha::profile::rabbitmq (
  Stdlib::IP::Address::V4::Nosubnet $node_address,
  Array[Openstack_ha::Short_hostname, 1] $cluster_nodes,
  String[20] $erlang_cookie,
  String[16] $password,
  Enum['pause_minority', 'autoheal'] $partition_handling = 'pause_minority',
  Stdlib::Port $port = 5672,
  Stdlib::Port $distribution_port = 25672,
  String[1] $user = 'openstack',
) {
  $profile = 'openstack_ha::profile::rabbitmq'
  $node_name = $facts['networking']['hostname']
  unless $node_name in $cluster_nodes {
    fail("${profile}: this node's host name '${node_name}' is not one of the cluster_nodes ${cluster_nodes}")
  }
  if $cluster_nodes.unique.length != $cluster_nodes.length {
    fail("${profile}: cluster_nodes lists a node more than once: ${cluster_nodes}")
  }
  if $port == $distribution_port or 4369 in [$port, $distribution_port] {
    fail("${profile}: port ${port}, distribution_port ${distribution_port} and epmd's 4369 must all differ")
  }
  if $erlang_cookie =~ /\A[A-Z]{20}\z/ {
    # The package's postinst replaces such a cookie, taking it for one Erlang generated.
    fail("${profile}: erlang_cookie must not be exactly 20 upper-case letters: the Debian package replaces such a cookie with a random one")
  }
  if $erlang_cookie =~ /[\s]/ {
    fail("${profile}: erlang_cookie must not contain white space")
  }

  $service = 'rabbitmq-server'
  $home = '/var/lib/rabbitmq'

  # Before the first install only (see above).
  exec { 'openstack_ha rabbitmq: keep rabbitmq-server stopped until configured':
    command  => "/usr/bin/systemctl mask ${service}.service",
    unless   => '/usr/bin/dpkg-query --show --showformat=\'${Status}\' rabbitmq-server 2>/dev/null | /usr/bin/grep -q \'install ok installed\'',
    provider => shell,
    before   => Package[$service],
  }
  # The package keeps a cookie it finds (it chowns the directory to its user), and
  # rabbitmq_erlang_cookie below then finds the right one; never replaced afterwards, so a
  # changed cookie fails the run instead of silently splitting the cluster.
  file { $home:
    ensure => directory,
    before => Package[$service],
  }
  file { "${home}/.erlang.cookie":
    ensure    => file,
    replace   => false,
    mode      => '0400',
    show_diff => false,
    content   => Sensitive($erlang_cookie),
    before    => Package[$service],
  }

  # A majority of the members, for classic queues' mirrors.
  $mirrors = $cluster_nodes.length / 2 + 1

  class { 'rabbitmq':
    package_ensure             => 'installed',
    repos_ensure               => false,
    admin_enable               => false,
    service_manage             => true,
    config_cluster             => true,
    cluster_nodes              => $cluster_nodes,
    cluster_node_type          => 'disc',
    cluster_partition_handling => $partition_handling,
    erlang_cookie              => $erlang_cookie,
    wipe_db_on_cookie_change   => false,
    node_ip_address            => $node_address,
    port                       => $port,
    tcp_keepalive              => true,
    file_limit                 => 65536,
    # The cluster's one user, created at its first start, so there never is a guest user.
    default_user               => openstack_ha::erlang_string_content($user),
    default_pass               => openstack_ha::erlang_string_content($password),
    delete_guest_user          => true,
    config_kernel_variables    => {
      'inet_dist_listen_min' => $distribution_port,
      'inet_dist_listen_max' => $distribution_port,
    },
    environment_variables      => {
      'LC_ALL'    => 'C.UTF-8',
      'DIST_PORT' => $distribution_port,
    },
  }

  rabbitmq_user { $user:
    ensure   => present,
    admin    => false,
    password => $password,
    provider => 'rabbitmqctl',
  }
  rabbitmq_user_permissions { "${user}@/":
    configure_permission => '.*',
    read_permission      => '.*',
    write_permission     => '.*',
    provider             => 'rabbitmqctl',
  }

  if $mirrors > 1 {
    rabbitmq_policy { 'ha-classic-queues@/':
      pattern    => '^(?!amq\.).*',
      applyto    => 'queues',
      priority   => 0,
      definition => {
        'ha-mode'                => 'exactly',
        'ha-params'              => $mirrors,
        'ha-sync-mode'           => 'automatic',
        'ha-promote-on-shutdown' => 'always',
        'ha-promote-on-failure'  => 'always',
      },
      provider   => 'rabbitmqctl',
    }
  }
}
