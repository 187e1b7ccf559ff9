# @summary A memory or disk size as MariaDB and Galera write it: a whole number of mebibytes or
#   gibibytes, such as `512M` or `4G`.
type Openstack_ha::Byte_size = Pattern[/\A[1-9][0-9]*[MG]\z/]
