# @summary The profiles a `compute` node may hold: the hypervisor, its Neutron L2 agent and the
#   Ceph client configuration for RBD-backed instances and volumes.
type Openstack_ha::Profiles::Compute = Enum[
  'ceph_client',
  'neutron_agent',
  'nova_compute',
]
