# @summary The profiles a `database` node may hold: a Galera member, reached through the VIP.
type Openstack_ha::Profiles::Database = Enum[
  'galera',
]
