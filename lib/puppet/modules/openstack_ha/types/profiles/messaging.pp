# @summary The profiles a `messaging` node may hold: a RabbitMQ cluster member (clients list every
#   member; the broker is never put behind the VIP) and, optionally, a memcached server.
#   It may also run a Galera arbitrator (garbd), the tie-breaking vote of an even-sized
#   database cluster.
type Openstack_ha::Profiles::Messaging = Enum[
  'galera_arbitrator',
  'memcached',
  'rabbitmq',
]
