# @summary The name of a Ceph pool: a lower-case letter or digit, then letters, digits, `_`, `-`
#   and `.` (no spaces or shell metacharacters, as the name is passed to `ceph` commands).
type Openstack_ha::Storage_ceph_pool_name = Pattern[/\A[a-z0-9][a-z0-9_.-]{0,62}\z/]
