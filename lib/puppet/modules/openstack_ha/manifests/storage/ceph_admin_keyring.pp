# @summary The `client.admin` keyring (`/etc/ceph/ceph.client.admin.keyring`, root only) of a
#   node that administers the cluster: the monitors, which create the pools and users, and
#   the managers, which create their own keys.
#
# Shared by `openstack_ha::profile::ceph_mon` and `openstack_ha::profile::ceph_mgr` the way
# `openstack_ha::storage::ceph_conf` is.
#
# @param admin_key
#   The secret key of `client.admin`.
class openstack_ha::storage::ceph_admin_keyring (
  Openstack_ha::Storage_cephx_key $admin_key,
) {
  file { '/etc/ceph/ceph.client.admin.keyring':
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0600',
    require => File['/etc/ceph'],
    content => Sensitive(epp('openstack_ha/storage/ceph_keyring.epp', {
      'entities' => [{
        'name' => 'client.admin',
        'key'  => $admin_key,
        'caps' => { 'mds' => 'allow *', 'mgr' => 'allow *', 'mon' => 'allow *', 'osd' => 'allow *' },
      }],
    })),
  }
}
