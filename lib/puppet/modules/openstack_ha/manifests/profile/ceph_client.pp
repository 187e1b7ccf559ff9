# @summary A node that uses the Ceph cluster: `/etc/ceph/ceph.conf` naming every monitor, the
#   keyrings of the Ceph users this node's services connect as, and on computes the libvirt
#   secrets that let guests attach RBD volumes.
#
# Declares `openstack_ha::storage::ceph_conf` (the `ceph` module's `ceph` class writes
# `ceph.conf`: `fsid`, `mon_host`, cephx required) or checks that another Ceph profile of the
# node declared it for the same cluster.
#
# Keyrings. Each entry of `keys` becomes `/etc/ceph/ceph.<name>.keyring` (where librados looks
# for `client.<id>` by default) holding only the key: capabilities live in the cluster, set by
# `openstack_ha::profile::ceph_mon`. A keyring is `0640 root:<group>` when `keyring_groups`
# names the service group that reads it (`glance`, `cinder`, `nova`), otherwise `0600 root`. The
# ceph module's `ceph::key` is not used: it passes the key on `ceph-authtool` command lines that
# Puppet logs (`set -x`, `logoutput => true`). Keyrings are written after the OpenStack packages
# (which create the service groups) and before the services start.
#
# libvirt secrets. A compute attaches a Cinder volume as the user Cinder names
# (`client.cinder`), with the secret whose UUID Cinder names (`cinder_volume`'s
# `rbd_secret_uuid`); that secret is declared here from `libvirt_secrets`. The secret of Nova's
# own user, for RBD-backed instance disks, is `nova::compute::rbd`'s (`libvirt_rbd_secret_uuid`
# and `libvirt_rbd_secret_key` in the Nova compute profile): that class manages exactly one
# secret, the one `nova.conf` names, so it cannot hold Cinder's as well. Each secret's value is
# set from a root-only file (`virsh secret-set-value --file`), never from a command line.
#
# @param fsid
#   The cluster's `fsid`.
# @param mon_hosts
#   The address of every monitor.
# @param keys
#   The secret keys of the Ceph users this node connects as, by full name (`client.glance`).
# @param keyring_groups
#   The group that may read each keyring, by user name; every name must be one of `keys`.
# @param libvirt_secrets
#   The libvirt secrets to define, by UUID: the Ceph user whose key (from `keys`) each holds.
#   Only on nodes that run libvirt (computes).
class openstack_ha::profile::ceph_client (
  Openstack_ha::Storage_uuid $fsid,
  Array[Stdlib::IP::Address::V4::Nosubnet, 1] $mon_hosts,
  Hash[Openstack_ha::Storage_ceph_client_name, Openstack_ha::Storage_cephx_key] $keys = {},
  Hash[Openstack_ha::Storage_ceph_client_name, Pattern[/\A[a-z_][a-z0-9_-]*\z/]] $keyring_groups = {},
  Hash[Openstack_ha::Storage_uuid, Openstack_ha::Storage_ceph_client_name] $libvirt_secrets = {},
) {
  $cluster_settings = { 'fsid' => $fsid, 'mon_hosts' => $mon_hosts }
  if defined(Class['openstack_ha::storage::ceph_conf']) {
    openstack_ha::storage::assert_shared_settings('openstack_ha::storage::ceph_conf', $cluster_settings, $title)
  } else {
    class { 'openstack_ha::storage::ceph_conf':
      * => $cluster_settings,
    }
  }

  $groups_without_key = $keyring_groups.keys.filter |$name| { !($name in $keys) }
  unless $groups_without_key.empty {
    fail("${title}: keyring_groups names ${groups_without_key.join(', ')}, which keys does not hold")
  }
  $secrets_without_key = $libvirt_secrets.filter |$uuid, $name| { !($name in $keys) }
  unless $secrets_without_key.empty {
    fail("${title}: libvirt_secrets uses ${secrets_without_key.values.unique.join(', ')}, which keys does not hold")
  }

  $keys.each |String $name, String $key| {
    $keyring = "/etc/ceph/ceph.${name}.keyring"
    $group = $keyring_groups[$name]
    file { $keyring:
      ensure  => file,
      owner   => 'root',
      group   => pick($group, 'root'),
      mode    => $group ? { undef => '0600', default => '0640' },
      require => File['/etc/ceph'],
      content => Sensitive(epp('openstack_ha/storage/ceph_keyring.epp', {
        'entities' => [{ 'name' => $name, 'key' => $key, 'caps' => {} }],
      })),
    }
    # The service groups come with the OpenStack packages; the services must find their
    # keyring when they start.
    Package <| tag == 'openstack' |>
    -> File[$keyring]
    -> Anchor <| title == 'glance::service::begin' or title == 'cinder::service::begin' or title == 'nova::service::begin' |>
  }

  $libvirt_secrets.each |String $uuid, String $name| {
    $definition = "/etc/ceph/libvirt-secret-${uuid}.xml"
    $value = "/etc/ceph/libvirt-secret-${uuid}.key"
    file { $definition:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0600',
      content => epp('openstack_ha/storage/libvirt_ceph_secret.xml.epp', { 'uuid' => $uuid, 'client' => $name }),
      require => File['/etc/ceph'],
    }
    file { $value:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0600',
      content => Sensitive("${keys[$name]}\n"),
      require => File['/etc/ceph'],
    }
    exec { "openstack_ha: define libvirt secret ${uuid}":
      command => "virsh secret-define --file ${definition}",
      unless  => "virsh secret-info ${uuid}",
      path    => ['/usr/bin', '/bin'],
      require => File[$definition],
    }
    exec { "openstack_ha: set libvirt secret ${uuid}":
      command  => "virsh secret-set-value --secret ${uuid} --file ${value}",
      unless   => "virsh secret-get-value ${uuid} | cmp -s - ${value}",
      provider => 'shell',
      path     => ['/usr/bin', '/bin'],
      require  => [Exec["openstack_ha: define libvirt secret ${uuid}"], File[$value]],
    }
    Service <| tag == 'libvirt-service' |> -> Exec["openstack_ha: define libvirt secret ${uuid}"]
  }
}
