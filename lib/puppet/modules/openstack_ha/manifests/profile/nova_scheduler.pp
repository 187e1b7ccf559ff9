# @summary The Nova scheduler, which picks the compute node of each new instance from
#   Placement's candidates, as one of several identical schedulers that share the work
#   through the message broker.
#
# Includes `openstack_ha::profile::nova_common` (broker, databases, Keystone, Placement and
# Neutron settings, bound by hiera) and declares puppet-nova 21.x's `nova::scheduler`.
#
# New compute nodes are mapped into their cell by every scheduler, every
# `discover_hosts_in_cells_interval` seconds, so adding a compute needs no manual
# `nova-manage cell_v2 discover_hosts`. Every scheduler runs the discovery, so it goes on
# while any scheduler lives; when two map the same new host at once, one of them logs a
# single warning ("should only be enabled on a single scheduler") and nothing else happens.
#
# @param workers
#   The number of scheduler worker processes: by default openstacklib's `os_workers` fact
#   (half the node's vCPUs, from 2 to 12).
# @param discover_hosts_in_cells_interval
#   Seconds between two searches for unmapped compute nodes in every cell; 0 means Nova's
#   periodic-task default (60 s), -1 turns the search off.
class openstack_ha::profile::nova_scheduler (
  Integer[1] $workers = $facts['os_workers'],
  Integer[-1] $discover_hosts_in_cells_interval = 300,
) {
  include openstack_ha::profile::nova_common

  class { 'nova::scheduler':
    workers                          => $workers,
    discover_hosts_in_cells_interval => $discover_hosts_in_cells_interval,
  }
}
