# @summary A Fernet key as Keystone stores it: 32 random bytes in URL-safe base64, which is
#   exactly 44 characters ending in `=` (the last data character carries 4 bits and 2 zero
#   bits, so only 16 letters and digits can stand there). Used for token and credential keys.
type Openstack_ha::Fernet_key = Pattern[/\A[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]=\z/]
