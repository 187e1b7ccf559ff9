# @summary A storage node: Ceph daemons and Cinder volume services.
#
# Declares `openstack_ha::profile::base`, then `openstack_ha::profile::<name>` for each
# profile listed, in order. The parameter type is the closed list of profiles this role may
# hold, so a profile placed on the wrong kind of node fails compilation; a listed profile
# whose class does not exist fails it too.
#
# @param profiles
#   The service profiles of this node, at least one, each one of `Openstack_ha::Profiles::Storage`.
class openstack_ha::role::storage (
  Array[Openstack_ha::Profiles::Storage, 1] $profiles,
) {
  include openstack_ha::profile::base
  $profiles.each |Openstack_ha::Profiles::Storage $profile| {
    include "openstack_ha::profile::${profile}"
  }
}
