# @summary A host name without its domain (one DNS label), such as `ctl1`: the part after `@` in
#   a RabbitMQ node name.
type Openstack_ha::Short_hostname = Pattern[/\A[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\z/]
