# @summary An IPv4 address and a TCP port, written `address:port` (for example
#   `198.51.100.11:5672`): how the profiles are given the members of a cluster that clients
#   list one by one (RabbitMQ brokers, memcached servers).
type Openstack_ha::Ipv4_endpoint = Pattern[
  /\A(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})\z/,
]
