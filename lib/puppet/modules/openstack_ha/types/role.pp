# @summary The roles an openstack-ha node can have; `site.pp` includes `openstack_ha::role::<role>`.
#
# * `controller`: the collapsed control plane (database, broker, VIP, caches and API services together)
# * `database`, `messaging`, `loadbalancer`: the stateful and front-end tiers, when they get their own nodes
# * `network`: Neutron agents (L3, DHCP, metadata)
# * `compute`: hypervisors
# * `storage`: Ceph daemons and Cinder volume services
# * `base`: a node with nothing but `openstack_ha::profile::base`
type Openstack_ha::Role = Enum[
  'base',
  'compute',
  'controller',
  'database',
  'loadbalancer',
  'messaging',
  'network',
  'storage',
]
