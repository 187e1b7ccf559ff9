# @summary A UUID in its canonical lower-case text form (8-4-4-4-12 hexadecimal digits), as Ceph
#   prints a cluster `fsid` and libvirt a secret's UUID. Lower case only, so that one UUID has
#   one spelling and two nodes cannot disagree on it by case alone.
type Openstack_ha::Storage_uuid = Pattern[/\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z/]
