# @summary A Galera arbitrator (garbd): a voting member without data, so that a cluster with an
#   even number of database nodes keeps a majority when half of them are cut off.
#
# Runs Debian's `garb.service` (package galera-arbitrator-4) with `/etc/default/garb`. garbd
# can only join a running cluster, so at first boot it is restarted every 10 seconds until the
# database members are up (a drop-in adds `Restart=always` and its state directory). It takes
# part in group communication only (port 4567); a full-cluster recovery leaves it out
# (`openstack-ha-galera-recover --exclude`), and it rejoins by itself once the cluster is back.
#
# @param cluster_name
#   The Galera cluster's name, as the database members have it (`wsrep_cluster_name`).
# @param members
#   The cluster's members (the same list as the database members', this arbitrator's own
#   address included); garbd contacts them on port 4567.
class openstack_ha::profile::galera_arbitrator (
  String[1] $cluster_name,
  Array[Stdlib::IP::Address::V4::Nosubnet, 2] $members,
) {
  if defined(Class['openstack_ha::profile::galera']) {
    fail('openstack_ha::profile::galera_arbitrator: a node cannot be both a Galera member and a Galera arbitrator (both listen on port 4567)')
  }
  # garb-systemd puts the name in single quotes and evaluates the command line.
  if $cluster_name =~ /['"\\$`\r\n]/ {
    fail("openstack_ha::profile::galera_arbitrator: cluster_name ${String($cluster_name, '%p')} contains a quote, backslash, dollar, backquote or line break, which garb-systemd cannot pass to garbd")
  }
  if $members.unique.length != $members.length {
    fail("openstack_ha::profile::galera_arbitrator: members lists an address more than once: ${members}")
  }

  $work_dir = '/var/lib/galera-arbitrator'

  package { 'galera-arbitrator-4':
    ensure => installed,
  }

  file { '/etc/default/garb':
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => epp('openstack_ha/galera/garb.epp', {
      'cluster_name' => $cluster_name,
      'nodes'        => $members.map |$member| { "${member}:4567" },
      'work_dir'     => $work_dir,
    }),
    require => Package['galera-arbitrator-4'],
    notify  => Service['garb'],
  }

  systemd::dropin_file { 'openstack-ha.conf':
    unit    => 'garb.service',
    content => @("DROPIN"),
      # Managed by Puppet (openstack_ha::profile::galera_arbitrator).
      [Unit]
      # garbd exits when no member is Primary yet: keep trying, without a start limit.
      StartLimitIntervalSec=0

      [Service]
      Restart=always
      RestartSec=10
      # Where garbd keeps its last Primary view (WORK_DIR), writable by the unit's user.
      StateDirectory=galera-arbitrator
      StateDirectoryMode=0700
      | DROPIN
    notify  => Service['garb'],
  }

  service { 'garb':
    ensure  => running,
    enable  => true,
    require => Package['galera-arbitrator-4'],
  }
}
