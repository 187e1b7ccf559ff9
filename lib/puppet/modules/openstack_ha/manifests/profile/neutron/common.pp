# @summary The Neutron settings every Neutron node shares, whichever Neutron profiles it holds:
#   `neutron.conf` with every RabbitMQ broker, quorum queues and the physical MTU.
#
# @api private
#
# Each Neutron profile (`neutron_server`, `neutron_agent`, `neutron_l3_agent`,
# `neutron_dhcp_agent`, `neutron_metadata_agent`) includes this class, so a node that holds
# several of them (a converged controller holds all five, a network node four) declares the
# `neutron` and `neutron::config` classes exactly once, from one set of hiera keys
# (`openstack_ha::profile::neutron::common::*`), whatever the order of its profiles.
#
# The transport URL lists every broker (`rabbit://<user>:<password>@<host>:<port>,...`):
# RabbitMQ is clustered, never put behind the VIP. Queues are quorum queues
# (`[oslo_messaging_rabbit] rabbit_quorum_queue`, set through `neutron::config` because
# puppet-neutron 21 has no parameter for it), so the agents' RPC queues survive the loss of a
# broker.
#
# The settings of `neutron.conf` that only the API server reads (`service_plugins`,
# `dhcp_agents_per_network`) are left to `openstack_ha::profile::neutron_server`, which
# overrides them where it is declared.
#
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param global_physnet_mtu
#   The MTU of the network the nodes' interfaces are on (`[DEFAULT] global_physnet_mtu`).
#   Neutron derives every network's MTU from it, subtracting the tunnel overhead for VXLAN
#   and Geneve networks. When the nodes are themselves VMs on an overlay network, this is
#   that network's MTU (often 1450 or 1442), not 1500.
class openstack_ha::profile::neutron::common (
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  Integer[1280, 9216] $global_physnet_mtu = 1500,
) {
  assert_private()

  class { 'neutron::config':
    server_config => {
      'oslo_messaging_rabbit/rabbit_quorum_queue' => { 'value' => true },
    },
  }

  # os_transport_url takes one port for all hosts; the hosts here carry their own.
  class { 'neutron':
    core_plugin           => 'ml2',
    default_transport_url => os_transport_url({
      'transport' => 'rabbit',
      'hosts'     => $rabbit_hosts,
      'username'  => $rabbit_user,
      'password'  => $rabbit_password,
    }),
    global_physnet_mtu    => $global_physnet_mtu,
  }
}
