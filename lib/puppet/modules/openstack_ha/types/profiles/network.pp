# @summary The profiles a `network` node may hold: the Neutron L2 agent plus the L3, DHCP and
#   metadata agents that routers and networks are scheduled on.
#   It may also run a Galera arbitrator (garbd), the tie-breaking vote of an even-sized
#   database cluster.
type Openstack_ha::Profiles::Network = Enum[
  'galera_arbitrator',
  'neutron_agent',
  'neutron_dhcp_agent',
  'neutron_l3_agent',
  'neutron_metadata_agent',
]
