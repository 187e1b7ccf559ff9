# @summary Ceph OSDs: one BlueStore OSD on each of the node's data disks.
#
# Declares the `ceph` module's `ceph::osd` for each device of `osd_devices` (`ceph-volume lvm
# prepare` and `activate`, BlueStore, checked against the cluster's `fsid`) and
# `openstack_ha::storage::ceph_conf` (or checks another Ceph profile of the node declared it
# alike).
#
# Key. OSDs are created with `client.bootstrap-osd`, whose keyring is written here to
# `/var/lib/ceph/bootstrap-osd/ceph.keyring` from `bootstrap_osd_key` (the monitors know the key
# from their initial keyring). `ceph::osd` would otherwise fetch that keyring with
# `ceph auth get`, which needs `client.admin` on every OSD node.
#
# Networks. `[osd] public_network` carries client and monitor traffic, `[osd] cluster_network`
# replication and recovery between OSDs, so recovery after a failed node does not compete with
# client I/O.
#
# @param fsid
#   The cluster's `fsid`.
# @param mon_hosts
#   The address of every monitor.
# @param public_network
#   The network clients reach the OSDs on, in CIDR notation.
# @param cluster_network
#   The network OSDs replicate over, in CIDR notation (the same as `public_network` when
#   there is only one).
# @param bootstrap_osd_key
#   The secret key of `client.bootstrap-osd`.
# @param osd_devices
#   The block devices to turn into OSDs, one OSD each; their contents are destroyed.
class openstack_ha::profile::ceph_osd (
  Openstack_ha::Storage_uuid $fsid,
  Array[Stdlib::IP::Address::V4::Nosubnet, 1] $mon_hosts,
  Stdlib::IP::Address::V4::CIDR $public_network,
  Stdlib::IP::Address::V4::CIDR $cluster_network,
  Openstack_ha::Storage_cephx_key $bootstrap_osd_key,
  Array[Stdlib::Absolutepath, 1] $osd_devices = ['/dev/vdb'],
) {
  unless $osd_devices.unique == $osd_devices {
    fail("${title}: osd_devices lists a device twice (${osd_devices.join(', ')})")
  }

  $bootstrap_keyring = '/var/lib/ceph/bootstrap-osd/ceph.keyring'

  package { 'ceph-osd':
    ensure => installed,
    tag    => 'ceph',
  }

  $cluster_settings = { 'fsid' => $fsid, 'mon_hosts' => $mon_hosts }
  if defined(Class['openstack_ha::storage::ceph_conf']) {
    openstack_ha::storage::assert_shared_settings('openstack_ha::storage::ceph_conf', $cluster_settings, $title)
  } else {
    class { 'openstack_ha::storage::ceph_conf':
      * => $cluster_settings,
    }
  }

  ceph_config {
    'osd/public_network':  value => $public_network;
    'osd/cluster_network': value => $cluster_network;
  }

  file { $bootstrap_keyring:
    ensure  => file,
    owner   => 'ceph',
    group   => 'ceph',
    mode    => '0600',
    require => Package['ceph-osd'],
    content => Sensitive(epp('openstack_ha/storage/ceph_keyring.epp', {
      'entities' => [{ 'name' => 'client.bootstrap-osd', 'key' => $bootstrap_osd_key, 'caps' => {} }],
    })),
  }

  $osd_devices.each |String $device| {
    ceph::osd { $device:
      fsid       => $fsid,
      store_type => 'bluestore',
    }
    # The keyring is in place, so the module's `ceph auth get` (`creates` that file) never runs.
    File[$bootstrap_keyring] -> Exec["extract-bootstrap-osd-keyring-${device}"]
  }
}
