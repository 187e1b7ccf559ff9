# @summary The Nova conductor, which carries out the database work and the long-running tasks
#   (builds, migrations, resizes) for the other Nova services, as one of several identical
#   conductors that share the work through the message broker.
#
# Includes `openstack_ha::profile::nova_common` (broker, databases, Keystone, Placement and
# Neutron settings, bound by hiera) and declares puppet-nova 21.x's `nova::conductor`.
# Conductors serve no port: each takes requests from the broker's queues, so any of them can
# fail without a request being lost. The conductor's cell is the common `cell_name`: with a
# single cell, every conductor serves it and the API cell at once.
#
# @param workers
#   The number of conductor worker processes: by default openstacklib's `os_workers` fact
#   (half the node's vCPUs, from 2 to 12).
class openstack_ha::profile::nova_conductor (
  Integer[1] $workers = $facts['os_workers'],
) {
  include openstack_ha::profile::nova_common

  class { 'nova::conductor':
    workers => $workers,
  }
}
