# @summary One server behind an HAProxy front end (`BackendServer` on the TypeScript side).
#
# * `name`: the server's name in the HAProxy configuration, normally the node's host name;
#   unique within its front end
# * `address`: the server's IPv4 address. An address, not a name, so that neither HAProxy at
#   start-up nor `haproxy -c` depends on name resolution.
type Openstack_ha::Backend = Struct[{
  name    => Stdlib::Fqdn,
  address => Stdlib::IP::Address::V4::Nosubnet,
}]
