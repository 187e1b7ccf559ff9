# @summary A network node: the Neutron agents that routers and DHCP are scheduled on.
#
# Declares `openstack_ha::profile::base`, then `openstack_ha::profile::<name>` for each
# profile listed, in order. The parameter type is the closed list of profiles this role may
# hold, so a profile placed on the wrong kind of node fails compilation; a listed profile
# whose class does not exist fails it too.
#
# @param profiles
#   The service profiles of this node, at least one, each one of `Openstack_ha::Profiles::Network`.
class openstack_ha::role::network (
  Array[Openstack_ha::Profiles::Network, 1] $profiles,
) {
  include openstack_ha::profile::base
  $profiles.each |Openstack_ha::Profiles::Network $profile| {
    include "openstack_ha::profile::${profile}"
  }
}
