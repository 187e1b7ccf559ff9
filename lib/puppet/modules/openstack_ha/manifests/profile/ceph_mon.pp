# @summary A Ceph monitor, one of an odd number that keep the cluster map by majority; the first
#   monitor (`bootstrap_node`) also creates the OpenStack pools and Ceph users.
#
# Declares the `ceph` module's `ceph::mon` (id: the node's short host name) and, on the first
# monitor, `ceph::pool` for each pool, and `openstack_ha::storage::ceph_conf` and
# `openstack_ha::storage::ceph_admin_keyring` (or checks another Ceph profile of the node
# declared them alike).
#
# Bootstrap. Every monitor creates its store (`ceph-mon --mkfs`) from the same initial keyring,
# `/etc/ceph/ceph.mon.keyring` (`0640 root:ceph`), which holds the `mon.` key and the
# `client.admin` and `client.bootstrap-osd` keys with their capabilities, so the cluster knows
# the administrator and the OSD bootstrap user from its first moment and no key has to be
# injected later. The initial monitor map comes from `mon_host` (every address of `mon_hosts`),
# and each monitor finds itself in it by `public_address`. A majority of `mon_hosts` must be up
# before the cluster answers, so the first monitor's pool and user creation waits for the
# second monitor.
#
# Pools and users (first monitor only). Each pool of `pools` is created with its `pg_num`,
# replicated `pool_size` times, writable while `pool_min_size` copies are up, and its
# application enabled. Each user of `clients` is written with its key from `client_keys` and its
# capabilities into `/etc/ceph/openstack-ha/<name>.keyring` (root only) and imported with
# `ceph auth import`, which also updates the capabilities of an existing user; it is imported
# again only when `ceph auth get` differs from that file. The ceph module's `ceph::key` is not
# used for them: it passes keys on command lines that Puppet logs.
#
# Other settings: `[mon] public_network`, the pool defaults for pools Ceph creates itself
# (such as the managers' health pool), and `auth_allow_insecure_global_id_reclaim = false`
# (every client is a patched Pacific one, and Ceph warns while the insecure mode is allowed).
#
# @param fsid
#   The cluster's `fsid`.
# @param mon_hosts
#   The address of every monitor, this one included; an odd number (the TypeScript side
#   checks).
# @param public_address
#   This monitor's address, one of `mon_hosts`.
# @param public_network
#   The network clients and daemons reach the monitors on, in CIDR notation.
# @param mon_key
#   The secret key of `mon.`, shared by the monitors.
# @param admin_key
#   The secret key of `client.admin`.
# @param bootstrap_osd_key
#   The secret key of `client.bootstrap-osd`, which the OSD nodes create their OSDs with.
# @param pool_size
#   The number of copies of each object in the pools created here and by Ceph itself.
# @param pool_min_size
#   The number of copies that must be up for a placement group to take writes; at most
#   `pool_size`.
# @param pools
#   The pools the first monitor creates, by name.
# @param clients
#   The Ceph users the first monitor creates or updates, by full name (`client.glance`), with
#   their capabilities.
# @param client_keys
#   The secret key of each user of `clients`, by the same names.
# @param bootstrap_node
#   True on exactly one monitor: the one that creates the pools and users.
class openstack_ha::profile::ceph_mon (
  Openstack_ha::Storage_uuid $fsid,
  Array[Stdlib::IP::Address::V4::Nosubnet, 1] $mon_hosts,
  Stdlib::IP::Address::V4::Nosubnet $public_address,
  Stdlib::IP::Address::V4::CIDR $public_network,
  Openstack_ha::Storage_cephx_key $mon_key,
  Openstack_ha::Storage_cephx_key $admin_key,
  Openstack_ha::Storage_cephx_key $bootstrap_osd_key,
  Integer[1] $pool_size = 3,
  Integer[1] $pool_min_size = 2,
  Hash[Openstack_ha::Storage_ceph_pool_name, Openstack_ha::Storage_ceph_pool] $pools = {},
  Hash[Openstack_ha::Storage_ceph_client_name, Openstack_ha::Storage_ceph_caps] $clients = {},
  Hash[Openstack_ha::Storage_ceph_client_name, Openstack_ha::Storage_cephx_key] $client_keys = {},
  Boolean $bootstrap_node = false,
) {
  unless $public_address in $mon_hosts {
    fail("${title}: public_address ${public_address} is not one of mon_hosts (${mon_hosts.join(', ')})")
  }
  if $pool_min_size > $pool_size {
    fail("${title}: pool_min_size ${pool_min_size} is larger than pool_size ${pool_size}")
  }
  $powers_of_two = Integer[0, 15].map |$exponent| { 1 << $exponent }
  $pools.each |String $name, Hash $pool| {
    unless $pool['pg_num'] in $powers_of_two {
      fail("${title}: pool ${name} has pg_num ${pool['pg_num']}, which is not a power of two")
    }
  }
  unless $clients.keys.sort == $client_keys.keys.sort {
    fail("${title}: clients and client_keys must name the same users (clients: ${clients.keys.sort.join(', ')}; client_keys: ${client_keys.keys.sort.join(', ')})")
  }

  $id = $facts['networking']['hostname']
  $initial_keyring = '/etc/ceph/ceph.mon.keyring'

  package { 'ceph-mon':
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

  ceph_config {
    'mon/public_network':                        value => $public_network;
    'mon/osd_pool_default_size':                 value => $pool_size;
    'mon/osd_pool_default_min_size':             value => $pool_min_size;
    'mon/auth_allow_insecure_global_id_reclaim': value => false;
  }

  file { $initial_keyring:
    ensure  => file,
    owner   => 'root',
    group   => 'ceph',
    mode    => '0640',
    require => [File['/etc/ceph'], Package['ceph-mon']],
    content => Sensitive(epp('openstack_ha/storage/ceph_keyring.epp', {
      'entities' => [
        { 'name' => 'mon.', 'key' => $mon_key, 'caps' => { 'mon' => 'allow *' } },
        {
          'name' => 'client.admin',
          'key'  => $admin_key,
          'caps' => { 'mds' => 'allow *', 'mgr' => 'allow *', 'mon' => 'allow *', 'osd' => 'allow *' },
        },
        {
          'name' => 'client.bootstrap-osd',
          'key'  => $bootstrap_osd_key,
          'caps' => { 'mgr' => 'allow r', 'mon' => 'profile bootstrap-osd' },
        },
      ],
    })),
  }

  ceph::mon { $id:
    authentication_type => 'cephx',
    keyring             => $initial_keyring,
    public_addr         => $public_address,
  }
  File[$initial_keyring] -> Ceph::Mon[$id]
  File['/etc/ceph/ceph.client.admin.keyring'] -> Ceph::Mon[$id]

  if $bootstrap_node {
    $pools.each |String $name, Hash $pool| {
      ceph::pool { $name:
        pg_num => $pool['pg_num'],
        size   => $pool_size,
      }
      # Not ceph::pool's own `tag` parameter: `tag` is also a metaparameter, which would tag
      # every resource of the pool with the application name (and Puppet warns about it).
      exec { "openstack_ha: enable ${pool['application']} on ${name}":
        command => "ceph osd pool application enable ${name} ${pool['application']}",
        unless  => "ceph osd pool application get ${name} ${pool['application']}",
        path    => ['/usr/bin', '/bin'],
        require => Exec["create-${name}"],
      }
      exec { "openstack_ha: set ${name} min_size":
        command => "ceph osd pool set ${name} min_size ${pool_min_size}",
        unless  => "ceph osd pool get ${name} min_size | grep -qx 'min_size: ${pool_min_size}'",
        path    => ['/usr/bin', '/bin'],
        require => Exec["set-${name}-size"],
      }
    }

    $client_keyrings = '/etc/ceph/openstack-ha'
    file { $client_keyrings:
      ensure  => directory,
      owner   => 'root',
      group   => 'root',
      mode    => '0700',
      purge   => true,
      recurse => true,
      require => File['/etc/ceph'],
    }
    $clients.each |String $name, Hash $caps| {
      $keyring = "${client_keyrings}/${name}.keyring"
      file { $keyring:
        ensure  => file,
        owner   => 'root',
        group   => 'root',
        mode    => '0600',
        content => Sensitive(epp('openstack_ha/storage/ceph_keyring.epp', {
          'entities' => [{
            'name' => $name,
            'key'  => $client_keys[$name],
            'caps' => $caps.reduce({}) |$memo, $cap| { $memo + { regsubst($cap[0], '\Acaps_', '') => $cap[1] } },
          }],
        })),
      }
      exec { "openstack_ha: import ${name}":
        command  => "ceph auth import -i ${keyring}",
        unless   => "ceph auth get ${name} 2>/dev/null | cmp -s - ${keyring}",
        provider => 'shell',
        path     => ['/usr/bin', '/bin'],
        require  => [File[$keyring], Ceph::Mon[$id], File['/etc/ceph/ceph.client.admin.keyring']],
      }
    }
  }
}
