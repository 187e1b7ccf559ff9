# @summary A Ceph client (cephx) key as `ceph auth get-key` prints it: 28 bytes (a 12-byte
#   header and the 16-byte secret) in standard base64, 40 characters that start with `AQ` (the
#   header's version byte) and end with `==`.
type Openstack_ha::Nova_cephx_key = Pattern[/\AAQ[A-Za-z0-9+\/]{36}==\z/]
