# @summary What every openstack-ha node gets, whatever its role: name resolution for the
#   other nodes, the time zone, and time synchronisation.
#
# Cluster software is sensitive to both. Galera, RabbitMQ and Ceph identify peers by name and
# must resolve each other the same way on every node, without DNS; Galera, Ceph monitors and
# Keystone tokens all go wrong when clocks drift apart.
#
# @param hosts
#   The `/etc/hosts` entries to manage: each node's FQDN and its control-plane address. The
#   short name (the first label) is added as an alias. An entry for this node's own name
#   replaces the `127.0.1.1` line that images write for it, so the node's name resolves to
#   the address its peers use.
# @param timezone
#   The time zone, as a tz database name. `undef` leaves the image's setting alone.
# @param time_servers
#   The NTP servers chrony follows (names or IPv4 addresses). Empty leaves time
#   synchronisation as the image has it; otherwise chrony is installed and follows only
#   these servers.
class openstack_ha::profile::base (
  Hash[Stdlib::Fqdn, Stdlib::IP::Address::V4::Nosubnet] $hosts = {},
  Optional[Openstack_ha::Timezone] $timezone = 'Etc/UTC',
  Array[Variant[Stdlib::Fqdn, Stdlib::IP::Address::V4::Nosubnet]] $time_servers = [],
) {
  $hosts.each |Stdlib::Fqdn $fqdn, Stdlib::IP::Address::V4::Nosubnet $address| {
    $short_name = $fqdn.split('\.')[0]
    host { $fqdn:
      ensure       => present,
      ip           => $address,
      host_aliases => $short_name ? {
        $fqdn   => [],
        default => [$short_name],
      },
    }
  }

  if $timezone {
    file { '/etc/localtime':
      ensure => link,
      target => "/usr/share/zoneinfo/${timezone}",
    }
    file { '/etc/timezone':
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      content => "${timezone}\n",
    }
  }

  unless $time_servers.empty {
    package { 'chrony':
      ensure => installed,
    }
    file { '/etc/chrony/chrony.conf':
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      content => epp('openstack_ha/chrony.conf.epp', { 'servers' => $time_servers }),
      require => Package['chrony'],
      notify  => Service['chrony'],
    }
    service { 'chrony':
      ensure => running,
      enable => true,
    }
  }
}
