# @summary A UUID in its canonical lower-case text form, 8-4-4-4-12 hexadecimal digits, such as
#   the UUID of the libvirt secret that holds a Ceph client key (lower case only, so that one
#   UUID has one spelling wherever it is named).
type Openstack_ha::Nova_uuid = Pattern[/\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z/]
