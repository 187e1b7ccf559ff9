# @summary A Ceph manager, one of several (one active, the others standing by and taking over
#   within seconds when it fails); managers serve the cluster's metrics and health and run the
#   placement group autoscaler.
#
# Declares the `ceph` module's `ceph::mgr` (id: the node's short host name: its data directory
# and service) and `openstack_ha::storage::ceph_conf` and
# `openstack_ha::storage::ceph_admin_keyring` (or checks another Ceph profile of the node
# declared them alike).
#
# Key. The manager's key is created in the cluster by the node itself with `client.admin`
# (`ceph auth get-or-create mgr.<id>` with the manager profile's capabilities, written straight
# into `/var/lib/ceph/mgr/ceph-<id>/keyring`), so no manager key travels in hiera. `ceph::mgr`
# is told not to manage the key (`authentication_type => 'none'`: the cluster still requires
# cephx), because its `ceph::key` would pass the key on command lines that Puppet logs.
#
# @param fsid
#   The cluster's `fsid`.
# @param mon_hosts
#   The address of every monitor.
# @param public_network
#   The network the manager listens on, in CIDR notation.
# @param admin_key
#   The secret key of `client.admin`, which creates the manager's key.
class openstack_ha::profile::ceph_mgr (
  Openstack_ha::Storage_uuid $fsid,
  Array[Stdlib::IP::Address::V4::Nosubnet, 1] $mon_hosts,
  Stdlib::IP::Address::V4::CIDR $public_network,
  Openstack_ha::Storage_cephx_key $admin_key,
) {
  $id = $facts['networking']['hostname']
  $keyring = "/var/lib/ceph/mgr/ceph-${id}/keyring"

  package { 'ceph-mgr':
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
  if defined(Class['openstack_ha::storage::ceph_admin_keyring']) {
    openstack_ha::storage::assert_shared_settings('openstack_ha::storage::ceph_admin_keyring', { 'admin_key' => $admin_key }, $title)
  } else {
    class { 'openstack_ha::storage::ceph_admin_keyring':
      admin_key => $admin_key,
    }
  }

  ceph_config { 'mgr/public_network': value => $public_network }

  ceph::mgr { $id:
    authentication_type => 'none',
  }

  exec { "openstack_ha: create the key of mgr.${id}":
    command => "ceph auth get-or-create mgr.${id} mon 'allow profile mgr' osd 'allow *' mds 'allow *' -o ${keyring}",
    creates => $keyring,
    path    => ['/usr/bin', '/bin'],
    require => [File["/var/lib/ceph/mgr/ceph-${id}"], File['/etc/ceph/ceph.client.admin.keyring']],
  }
  -> file { $keyring:
    ensure => file,
    owner  => 'ceph',
    group  => 'ceph',
    mode   => '0600',
  }
  -> Service["ceph-mgr@${id}"]

  # A monitor on the same node must exist before its manager asks it for a key.
  Ceph::Mon <| |> -> Exec["openstack_ha: create the key of mgr.${id}"]
}
