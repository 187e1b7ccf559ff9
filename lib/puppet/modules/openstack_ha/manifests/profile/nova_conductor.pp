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
# With several cells, the conductors of the API tier (whose `[database]` is cell0's) are the
# super-conductors that schedule builds, and each cell has conductors of its own, whose
# `[database]` is the cell's database. Nothing else creates a cell database's schema (the
# bootstrap `nova_api` node syncs the `nova_api` database, its own and cell0's), so one
# conductor of each cell does it (`sync_cell_database`): `nova-manage db sync --local_cell`,
# which syncs the node's `[database]` only, at the same point of the run as puppet-nova's
# `nova::db::sync` (after the packages, `nova.conf` and the database settings, before the
# services start), tried again for a while in case the cell's database is not reachable yet.
# puppet-nova's own class cannot do this: its extra parameters go before `db sync`, where
# nova-manage does not accept `--local_cell`.
#
# @param workers
#   The number of conductor worker processes: by default openstacklib's `os_workers` fact
#   (half the node's vCPUs, from 2 to 12).
# @param sync_cell_database
#   True on one conductor of each cell of a deployment with several: it creates and upgrades
#   the schema of its cell's database (its `[database]`) before its conductor starts. Never
#   set on a node where `openstack_ha::profile::nova_api` is the bootstrap node, which syncs
#   that same `[database]` already, nor with a single cell, whose database the bootstrap node
#   syncs.
class openstack_ha::profile::nova_conductor (
  Integer[1] $workers = $facts['os_workers'],
  Boolean $sync_cell_database = false,
) {
  include openstack_ha::profile::nova_common

  class { 'nova::conductor':
    workers => $workers,
  }

  if $sync_cell_database {
    include nova::deps
    include nova::params

    # Subscribed and notifying as nova::db::sync's exec is: it runs when the packages, the
    # configuration or the database settings change, and the services start after it.
    exec { 'nova-db-sync-local-cell':
      command     => '/usr/bin/nova-manage db sync --local_cell',
      user        => $nova::params::user,
      refreshonly => true,
      try_sleep   => 5,
      tries       => 10,
      timeout     => 300,
      logoutput   => 'on_failure',
      subscribe   => [
        Anchor['nova::install::end'],
        Anchor['nova::config::end'],
        Anchor['nova::db::end'],
        Anchor['nova::dbsync::begin'],
      ],
      notify      => Anchor['nova::dbsync::end'],
      tag         => 'openstack-db',
    }
  }
}
