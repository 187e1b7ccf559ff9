# @summary The profiles a `controller` node may hold: every control-plane service, so that three
#   controllers can carry a whole highly available control plane on their own.
#   It may also run a Galera arbitrator (garbd), the tie-breaking vote of an even-sized
#   database cluster.
type Openstack_ha::Profiles::Controller = Enum[
  'ceph_client',
  'ceph_mgr',
  'ceph_mon',
  'cinder',
  'cinder_volume',
  'galera',
  'galera_arbitrator',
  'glance',
  'haproxy',
  'keepalived',
  'keystone',
  'memcached',
  'neutron_agent',
  'neutron_dhcp_agent',
  'neutron_l3_agent',
  'neutron_metadata_agent',
  'neutron_server',
  'nova_api',
  'nova_conductor',
  'nova_novncproxy',
  'nova_scheduler',
  'placement',
  'rabbitmq',
]
