# @summary A database node: a member of the Galera cluster behind the VIP.
#
# Declares `openstack_ha::profile::base`, then `openstack_ha::profile::<name>` for each
# profile listed, in order. The parameter type is the closed list of profiles this role may
# hold, so a profile placed on the wrong kind of node fails compilation; a listed profile
# whose class does not exist fails it too.
#
# @param profiles
#   The service profiles of this node, at least one, each one of `Openstack_ha::Profiles::Database`.
class openstack_ha::role::database (
  Array[Openstack_ha::Profiles::Database, 1] $profiles,
) {
  include openstack_ha::profile::base
  $profiles.each |Openstack_ha::Profiles::Database $profile| {
    include "openstack_ha::profile::${profile}"
  }
}
