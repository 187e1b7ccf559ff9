# @summary The capabilities of one Ceph client user (`CephClientCaps` on the TypeScript side),
#   written into its keyring and imported with `ceph auth import`.
#
# * `caps_mon`: the monitor capabilities, such as `profile rbd`
# * `caps_osd`: the OSD capabilities, such as `profile rbd pool=images`
# * `caps_mgr`: the manager capabilities, if any
#
# Each is a capability string of letters, digits, spaces and `,=*._-` only: it is written
# between double quotes into a keyring file, so a quote or a line break could forge another
# capability.
type Openstack_ha::Storage_ceph_caps = Struct[{
  caps_mon           => Pattern[/\A[A-Za-z0-9 ,=*._-]+\z/],
  caps_osd           => Pattern[/\A[A-Za-z0-9 ,=*._-]+\z/],
  Optional[caps_mgr] => Pattern[/\A[A-Za-z0-9 ,=*._-]+\z/],
}]
