# @summary A control-plane node: the collapsed tier that can run every control-plane service.
#
# Declares `openstack_ha::profile::base`, then `openstack_ha::profile::<name>` for each
# profile listed, in order. The parameter type is the closed list of profiles this role may
# hold, so a profile placed on the wrong kind of node fails compilation; a listed profile
# whose class does not exist fails it too.
#
# @param profiles
#   The service profiles of this node, at least one, each one of `Openstack_ha::Profiles::Controller`.
class openstack_ha::role::controller (
  Array[Openstack_ha::Profiles::Controller, 1] $profiles,
) {
  include openstack_ha::profile::base
  $profiles.each |Openstack_ha::Profiles::Controller $profile| {
    include "openstack_ha::profile::${profile}"
  }
}
