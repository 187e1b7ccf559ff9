# @summary Where a service is reached: an IPv4 address, or a DNS name whose last label does
#   not start with a digit (so that a mistyped address such as `198.51.100.300` is rejected
#   instead of being taken for a name).
type Openstack_ha::Ipv4_or_fqdn = Variant[
  Stdlib::IP::Address::V4::Nosubnet,
  Pattern[/\A([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\z/],
]
