# @summary The Neutron L3 agent (ML2/OVS): the routers of the projects, with their NAT and
#   floating addresses, in network namespaces on this node.
#
# Declares puppet-neutron 21.x `neutron::agents::l3` in `legacy` mode (the mode HA routers
# need), with Open vSwitch interfaces, and the shared `neutron.conf` of
# `openstack_ha::profile::neutron::common`.
#
# Without `l3_ha`, a router lives on one agent; the server moves the routers of an agent that
# stops reporting (`allow_automatic_l3agent_failover`), which takes the agent-down time plus
# the rebuild. With `l3_ha` (which must match the server's), each router runs on several agents
# as a keepalived VRRP group: the agents sign their advertisements with
# `ha_vrrp_auth_password` and send one every `ha_vrrp_advert_int` seconds, and a standby takes
# over after about three missed advertisements.
#
# On a node that also holds `neutron_server`, `l3_ha` is compared with the server's, and a
# difference fails compilation.
#
# @param l3_ha
#   Routers are highly available (VRRP); the same as the server's `l3_ha`.
# @param ha_vrrp_auth_password
#   With `l3_ha`, the VRRP password of the routers' keepalived groups, the same on every L3
#   agent; required then. keepalived uses its first 8 characters (VRRP's simple password
#   authentication carries no more).
# @param ha_vrrp_advert_int
#   With `l3_ha`, the seconds between VRRP advertisements.
class openstack_ha::profile::neutron_l3_agent (
  Boolean $l3_ha = false,
  Optional[String[16]] $ha_vrrp_auth_password = undef,
  Integer[1, 255] $ha_vrrp_advert_int = 2,
) {
  if $l3_ha and $ha_vrrp_auth_password == undef {
    fail('openstack_ha::profile::neutron_l3_agent: l3_ha needs ha_vrrp_auth_password')
  }
  if defined(Class['openstack_ha::profile::neutron_server']) {
    if $openstack_ha::profile::neutron_server::l3_ha != $l3_ha {
      fail('openstack_ha::profile::neutron_l3_agent: l3_ha must be the same as in openstack_ha::profile::neutron_server on this node')
    }
  }

  include openstack_ha::profile::neutron::common

  class { 'neutron::agents::l3':
    interface_driver      => 'openvswitch',
    agent_mode            => 'legacy',
    ha_enabled            => $l3_ha,
    ha_vrrp_auth_password => $ha_vrrp_auth_password,
    ha_vrrp_advert_int    => $ha_vrrp_advert_int,
  }
}
