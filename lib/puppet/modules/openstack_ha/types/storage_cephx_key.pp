# @summary A Ceph authentication (cephx) secret key, as `ceph-authtool --gen-print-key` and
#   `ceph auth get-key` print it: 28 bytes (a 12-byte header and the 16-byte secret) in standard
#   base64, so exactly 40 characters that start with `AQ` (the header's version byte) and end
#   with `==`.
type Openstack_ha::Storage_cephx_key = Pattern[/\AAQ[A-Za-z0-9+\/]{36}==\z/]
