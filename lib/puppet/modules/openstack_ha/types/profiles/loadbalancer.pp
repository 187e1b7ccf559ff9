# @summary The profiles a `loadbalancer` node may hold: the API tier of a large deployment.
#   HAProxy with the API and database front ends, keepalived holding the VIPs, and the API
#   services (with their caches) running behind them on the same nodes.
type Openstack_ha::Profiles::Loadbalancer = Enum[
  'ceph_client',
  'cinder',
  'cinder_volume',
  'galera_arbitrator',
  'glance',
  'haproxy',
  'keepalived',
  'keystone',
  'memcached',
  'neutron_server',
  'nova_api',
  'nova_conductor',
  'nova_novncproxy',
  'nova_scheduler',
  'placement',
]
