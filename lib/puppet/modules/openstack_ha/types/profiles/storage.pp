# @summary The profiles a `storage` node may hold: Ceph daemons, and Cinder volume services that
#   talk to the storage backend.
#   It may also run a Galera arbitrator (garbd), the tie-breaking vote of an even-sized
#   database cluster.
type Openstack_ha::Profiles::Storage = Enum[
  'ceph_client',
  'ceph_mgr',
  'ceph_mon',
  'ceph_osd',
  'cinder_volume',
  'galera_arbitrator',
]
