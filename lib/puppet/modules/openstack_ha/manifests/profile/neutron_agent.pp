# @summary The Neutron L2 agent of a node that has ports: a controller or network node (router
#   and DHCP ports) or a compute node (instance ports).
#
# With ML2/OVS (`mechanism_driver` `openvswitch`) it declares puppet-neutron's
# `neutron::agents::ml2::ovs`: VXLAN tunnels from `tunnel_address`, the bridges of
# `bridge_mappings` for provider networks, Open vSwitch's native firewall (security groups as
# OpenFlow rules, without a Linux bridge per port) and, with `l2_population`, local ARP
# answers. The agent talks to the server over RabbitMQ, so the node also gets the shared
# `neutron.conf` of `openstack_ha::profile::neutron::common`.
#
# With ML2/OVN (`mechanism_driver` `ovn`) it declares puppet-ovn's `ovn::controller`, which
# registers the node as a chassis in the OVN southbound database (every member of
# `ovn_sb_connection` listed) with Geneve tunnels from `tunnel_address`, and puppet-neutron's
# `neutron::agents::ovn_metadata`, the metadata proxy OVN needs on every chassis (it forwards
# instances' requests to Nova's metadata API on `metadata_host`, signed with
# `metadata_secret`). With `ovn_gateway_chassis`, the node may host routers' external
# gateways; OVN spreads each router's gateway over every gateway chassis and moves it when one
# fails.
#
# On a node that also holds `neutron_server`, `mechanism_driver` and `l2_population` are
# compared with the server's, and a difference fails compilation.
#
# @param tunnel_address
#   This node's address that VXLAN or Geneve tunnels start and end at.
# @param mechanism_driver
#   `openvswitch` or `ovn`; the same as the server's.
# @param bridge_mappings
#   The physical networks this node reaches and the Open vSwitch bridge of each, as
#   `<physical network>:<bridge>`. The bridges are created; attaching an interface to them
#   is left to the image.
# @param l2_population
#   The Open vSwitch agent takes port locations from the server and answers ARP locally; the
#   same as the server's.
# @param ovn_sb_connection
#   With `ovn`, every member of the OVN southbound database cluster, at least one.
# @param ovn_gateway_chassis
#   With `ovn`, this node may host routers' external gateways (`enable-chassis-as-gw`).
# @param metadata_host
#   With `ovn`, where Nova's metadata API is reached (the VIP).
# @param metadata_secret
#   With `ovn`, the secret shared with Nova's metadata API that signs the proxied requests.
class openstack_ha::profile::neutron_agent (
  Stdlib::IP::Address::V4::Nosubnet $tunnel_address,
  Enum['openvswitch', 'ovn'] $mechanism_driver = 'openvswitch',
  Array[Openstack_ha::Neutron_bridge_mapping] $bridge_mappings = ['external:br-ex'],
  Boolean $l2_population = false,
  Array[Openstack_ha::Neutron_ovn_sb_remote] $ovn_sb_connection = [],
  Boolean $ovn_gateway_chassis = false,
  Optional[Openstack_ha::Ipv4_or_fqdn] $metadata_host = undef,
  Optional[String[16]] $metadata_secret = undef,
) {
  if defined(Class['openstack_ha::profile::neutron_server']) {
    if $openstack_ha::profile::neutron_server::mechanism_driver != $mechanism_driver
    or $openstack_ha::profile::neutron_server::l2_population != $l2_population {
      fail('openstack_ha::profile::neutron_agent: mechanism_driver and l2_population must be the same as in openstack_ha::profile::neutron_server on this node')
    }
  }

  include openstack_ha::profile::neutron::common

  if $mechanism_driver == 'ovn' {
    if $ovn_sb_connection.empty or $metadata_host == undef or $metadata_secret == undef {
      fail('openstack_ha::profile::neutron_agent: mechanism_driver ovn needs ovn_sb_connection, metadata_host and metadata_secret')
    }

    class { 'ovn::controller':
      ovn_remote          => join($ovn_sb_connection, ','),
      ovn_encap_ip        => $tunnel_address,
      ovn_encap_type      => 'geneve',
      ovn_bridge_mappings => $bridge_mappings,
      ovn_cms_options     => $ovn_gateway_chassis ? {
        true    => ['enable-chassis-as-gw'],
        default => undef,
      },
    }

    class { 'neutron::agents::ovn_metadata':
      shared_secret     => $metadata_secret,
      metadata_host     => $metadata_host,
      ovn_sb_connection => $ovn_sb_connection,
    }
    # puppet-neutron 21 marks the secret as such in the other metadata agent only; this keeps
    # it out of Puppet's reports and logs here too.
    Ovn_metadata_agent_config <| title == 'DEFAULT/metadata_proxy_shared_secret' |> {
      secret => true,
    }
  } else {
    class { 'neutron::agents::ml2::ovs':
      local_ip        => $tunnel_address,
      tunnel_types    => ['vxlan'],
      bridge_mappings => $bridge_mappings,
      l2_population   => $l2_population,
      # ARP answers from the flows need the port locations that L2 population provides.
      arp_responder   => $l2_population,
      firewall_driver => 'openvswitch',
    }
  }
}
