# @summary The profiles a `messaging` node may hold: a RabbitMQ cluster member (clients list every
#   member; the broker is never put behind the VIP) and, optionally, a memcached server.
type Openstack_ha::Profiles::Messaging = Enum[
  'memcached',
  'rabbitmq',
]
