# The single entry point of every openstack-ha node.
#
# The node's role comes from hiera (`openstack_ha::role`, in the node's own data file) and
# is checked against the closed list of roles before anything is declared, so a typo in a
# role name fails the run at once, naming the key, instead of silently applying nothing.
node default {
  $role_value = lookup('openstack_ha::role')
  $role = assert_type(Openstack_ha::Role, $role_value) |$expected, $_actual| {
    fail("hiera key 'openstack_ha::role' expects a match for ${expected}, got ${String($role_value, '%p')}")
  }
  include "openstack_ha::role::${role}"
}
