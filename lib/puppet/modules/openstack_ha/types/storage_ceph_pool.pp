# @summary One Ceph pool the first monitor creates (`CephPoolSpec` on the TypeScript side).
#
# * `pg_num`: the number of placement groups, a power of two from 1 to 32768 (Ceph warns about
#   any other number); the profile checks the power of two
# * `application`: the application the pool is tagged with (`rbd` for Glance, Cinder and Nova)
type Openstack_ha::Storage_ceph_pool = Struct[{
  pg_num      => Integer[1, 32768],
  application => Enum['rbd', 'rgw', 'cephfs'],
}]
