# @summary A UUID in its canonical text form, 8-4-4-4-12 hexadecimal digits (either case), such
#   as the UUID of the libvirt secret that holds a Ceph client key.
type Openstack_ha::Nova_uuid = Pattern[/\A[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\z/]
