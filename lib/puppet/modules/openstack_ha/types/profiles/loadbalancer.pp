# @summary The profiles a `loadbalancer` node may hold: HAProxy with the API and database
#   front ends, and keepalived holding the VIP.
type Openstack_ha::Profiles::Loadbalancer = Enum[
  'haproxy',
  'keepalived',
]
