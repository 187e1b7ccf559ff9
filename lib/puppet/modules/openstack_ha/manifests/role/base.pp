# @summary A node with nothing but the base profile: host entries, time zone and time sync.
#
# Useful for a node that only needs to be a well-configured member of the deployment (a jump
# host, or a node whose services are added later).
#
# @param profiles
#   Must stay empty; it exists so that every role takes the same hiera key, and so that a
#   profile put on a base node fails compilation instead of being ignored.
class openstack_ha::role::base (
  Array[String, 0, 0] $profiles = [],
) {
  include openstack_ha::profile::base
}
