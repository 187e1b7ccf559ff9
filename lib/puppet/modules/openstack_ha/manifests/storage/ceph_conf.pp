# @summary The client side of a node's Ceph configuration, shared by every Ceph profile of the
#   node: `/etc/ceph/ceph.conf` with the cluster's `fsid`, every monitor, and cephx required.
#
# Declared by the first of `openstack_ha::profile::ceph_mon`, `ceph_mgr`, `ceph_osd` and
# `ceph_client` that a node evaluates; the others check with
# `openstack_ha::storage::assert_shared_settings` that they name the same cluster. Daemon
# settings (networks, pool defaults) go to the `[mon]`, `[mgr]` and `[osd]` sections, each
# written only by the profile of that daemon.
#
# The `ceph` module's own package list is emptied: each daemon profile installs its daemon's
# package, and the client libraries come with the OpenStack services that load them, so a
# compute or API node never installs the whole of Ceph.
#
# @param fsid
#   The cluster's `fsid`.
# @param mon_hosts
#   The address of every monitor; clients try them in turn, so any monitor can be down.
class openstack_ha::storage::ceph_conf (
  Openstack_ha::Storage_uuid $fsid,
  Array[Stdlib::IP::Address::V4::Nosubnet, 1] $mon_hosts,
) {
  class { 'ceph::params':
    packages => [],
  }

  file { '/etc/ceph':
    ensure => directory,
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
  }

  class { 'ceph':
    fsid                => $fsid,
    mon_host            => $mon_hosts.join(','),
    authentication_type => 'cephx',
  }

  File['/etc/ceph'] -> Ceph_config <| |>
}
