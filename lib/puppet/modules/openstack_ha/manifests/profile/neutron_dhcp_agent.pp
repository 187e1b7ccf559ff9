# @summary The Neutron DHCP agent (ML2/OVS): dnsmasq for the projects' subnets, in network
#   namespaces on this node.
#
# Declares puppet-neutron 21.x `neutron::agents::dhcp` with Open vSwitch interfaces, and the
# shared `neutron.conf` of `openstack_ha::profile::neutron::common`. Each network is served by
# `dhcp_agents_per_network` agents at once (a server setting), so losing one agent loses no
# leases. The agent also serves the metadata proxy of networks that have no router
# (`enable_isolated_metadata`), so instances on them still reach Nova's metadata API.
class openstack_ha::profile::neutron_dhcp_agent {
  include openstack_ha::profile::neutron::common

  class { 'neutron::agents::dhcp':
    interface_driver         => 'openvswitch',
    enable_isolated_metadata => true,
  }
}
