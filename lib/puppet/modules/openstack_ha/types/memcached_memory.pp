# @summary How much memory memcached may use for items: a number of MiB (at least 64), or a share
#   of the node's memory written as a percentage from `1%` to `90%`.
type Openstack_ha::Memcached_memory = Variant[
  Integer[64],
  Pattern[/\A([1-9]|[1-8][0-9]|90)%\z/],
]
