# @summary The Nova compute API and the metadata API, as one of several identical API nodes
#   behind the VIP.
#
# Includes `openstack_ha::profile::nova_common` (broker, databases, Keystone, Placement and
# Neutron settings, bound by hiera) and declares puppet-nova 21.x: `nova::metadata`,
# `nova::api`, `nova::wsgi::apache_api` and `nova::wsgi::apache_metadata`.
#
# Both APIs are served by Apache mod_wsgi on `bind_address`: the compute API on port 8774, the
# metadata API on port 8775; HAProxy's front ends on the VIP forward to them. Debian's
# `nova-api` and `nova-api-metadata` services are uWSGI servers listening on every address
# (the address in `nova.conf` does not reach them), so the module stops and disables them
# (`nova::api::service_name => 'httpd'` with the metadata API under WSGI as well). They are
# stopped before Apache starts (it binds this node's ports 8774 and 8775) and before HAProxy
# is managed (it binds the VIP's, on a node that runs both). The metadata API checks the
# requests that Neutron's metadata agents proxy with `metadata_secret`
# (`[neutron] metadata_proxy_shared_secret`).
#
# One node (`bootstrap_node`) prepares the databases and registers Nova:
# * `nova-manage api_db sync`, then the cells v2 layout (below), then `nova-manage db sync`
#   (this node's `[database]`, and cell0's) and, once the services run, a first
#   `nova-manage cell_v2 discover_hosts`. Later compute nodes are found by the schedulers
#   (`openstack_ha::profile::nova_scheduler`);
# * in Keystone: the `nova` user (`admin` in the `services` project), the `compute` service
#   and its public, internal and admin endpoints, all `public_url`, in the common `region`.
#
# Cells v2 layout, with one cell (`cells` empty, the default): `nova::cell_v2::simple_setup`,
# which maps cell0 (`nova_cell0`, named after this node's `[database]`) and one cell named
# `openstack_ha::profile::nova_common::cell_name` whose database and transport URL are this
# node's `[database]` and `[DEFAULT]` ones. The API tier is then also the only cell.
#
# With several cells (`cells` given), each cell has its own database (on its own database
# VIP), brokers, conductors and compute nodes, and the API tier's own `[database]` is cell0's
# (`openstack_ha::profile::nova_common::database_name` set to `nova_cell0`). simple_setup is
# not used, since its cell would be the API tier itself. Instead the bootstrap node:
# * maps cell0 to its own `[database]` connection, given explicitly to
#   `nova-manage cell_v2 map_cell0` (left to itself, Nova would derive `nova_cell0_cell0`
#   from that connection), and keeps the mapping on that database on later runs;
# * registers each cell of `cells` under its name, with its database connection (user `nova`,
#   the cell's password from `cell_database_passwords`) and its transport URL (every broker of
#   the cell, its password from `cell_rabbit_passwords`); a changed address or password updates
#   the mapping on the next run;
# * does all of this after the `nova_api` schema exists and before `nova-manage db sync`, then
#   looks for compute nodes in every cell once the services run. A cell's own database schema
#   is created by one conductor of that cell
#   (`openstack_ha::profile::nova_conductor::sync_cell_database`), on that cell's nodes: when
#   a cell's database has no schema yet at that point, this first search fails (the run
#   reports it, and a later run does not repeat it), and the schedulers' periodic search
#   finds the cell's compute nodes once the schema is there.
# Every cell named in `cells` must have a password in both `cell_database_passwords` and
# `cell_rabbit_passwords`, and those name no other cell: compilation fails otherwise, on every
# node that has the profile.
#
# @param bind_address
#   The node's address Apache serves both APIs on (ports 8774 and 8775).
# @param public_url
#   The compute API's URL through the VIP, with its version path, such as
#   `http://198.51.100.10:8774/v2.1`: the catalog's compute endpoints.
# @param metadata_secret
#   The secret shared with Neutron's metadata agents, which sign the instance requests they
#   proxy to the metadata API with it.
# @param bootstrap_node
#   True on exactly one node: the one that creates the schemas, the cells and the Keystone
#   records.
# @param cells
#   The cells of a deployment with several, by name (not `cell0`): where the API tier reaches
#   each one's database (`database_host`, `database_name`, user `nova`) and brokers
#   (`rabbit_hosts` as `address:port`, `rabbit_user`). Empty, the default, for the single-cell
#   layout of `nova::cell_v2::simple_setup`.
# @param cell_database_passwords
#   The password of the `nova` database user of each cell of `cells`, by cell name.
# @param cell_rabbit_passwords
#   The password of the RabbitMQ user of each cell of `cells`, by cell name.
class openstack_ha::profile::nova_api (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_url,
  String[16] $metadata_secret,
  Boolean $bootstrap_node = false,
  Hash[Openstack_ha::Nova_cell_name, Struct[{
    database_host => Openstack_ha::Ipv4_or_fqdn,
    database_name => String[1],
    rabbit_hosts  => Array[Openstack_ha::Ipv4_endpoint, 1],
    rabbit_user   => String[1],
  }]] $cells = {},
  Hash[Openstack_ha::Nova_cell_name, String[16]] $cell_database_passwords = {},
  Hash[Openstack_ha::Nova_cell_name, String[16]] $cell_rabbit_passwords = {},
) {
  include openstack_ha::profile::nova_common

  # The passwords are given by cell name, apart from the rest of each cell (they are kept in
  # the secrets file): a cell without one, or one for a cell that is not listed, is a mistake
  # in the data, reported here with the names involved (never the passwords).
  $cell_names = $cells.keys.sort
  $cell_passwords = {
    'cell_database_passwords' => $cell_database_passwords,
    'cell_rabbit_passwords'   => $cell_rabbit_passwords,
  }
  $cell_passwords.each |$param, $passwords| {
    $missing = $cell_names - $passwords.keys
    $unknown = $passwords.keys.sort - $cell_names
    unless $missing.empty {
      fail("openstack_ha::profile::nova_api: ${param} has no password for the cell(s) ${missing.join(', ')} of 'cells'")
    }
    unless $unknown.empty {
      fail("openstack_ha::profile::nova_api: ${param} has a password for the cell(s) ${unknown.join(', ')}, which 'cells' does not list")
    }
  }

  class { 'nova::metadata':
    neutron_metadata_proxy_shared_secret => $metadata_secret,
  }

  class { 'nova::api':
    service_name                 => 'httpd',
    nova_metadata_wsgi_enabled   => true,
    # HAProxy adds X-Forwarded-For and X-Forwarded-Proto; the API sits behind it.
    enable_proxy_headers_parsing => true,
    sync_db                      => $bootstrap_node,
    sync_db_api                  => $bootstrap_node,
  }

  class { 'nova::wsgi::apache_api':
    bind_host => $bind_address,
    api_port  => 8774,
  }

  class { 'nova::wsgi::apache_metadata':
    bind_host => $bind_address,
    api_port  => 8775,
  }

  if $bootstrap_node {
    class { 'nova::keystone::auth':
      password     => $openstack_ha::profile::nova_common::service_password,
      public_url   => $public_url,
      internal_url => $public_url,
      admin_url    => $public_url,
      region       => $openstack_ha::profile::nova_common::region,
    }

    if $cells.empty {
      include nova::cell_v2::simple_setup
      # simple_setup registers its cell under the title `default`; the cell's name is the
      # resource's name, so the cell is created (and found again on later runs) as `cell_name`.
      Nova_cell_v2 <| title == 'default' |> {
        name => $openstack_ha::profile::nova_common::cell_name,
      }
    } else {
      $cell0_connection = os_database_connection({
        'dialect'  => 'mysql+pymysql',
        'host'     => $openstack_ha::profile::nova_common::database_host,
        'database' => $openstack_ha::profile::nova_common::database_name,
        'username' => 'nova',
        'password' => $openstack_ha::profile::nova_common::database_password,
      })

      # map_cell0 runs `nova-manage cell_v2 map_cell0` between the API and the main schema
      # syncs (anchors nova::cell_v2::begin and end); its only parameter goes before the
      # subcommand, so the connection is added to its command here. The command carries a
      # password, which Sensitive keeps out of the logs when it fails.
      include nova::cell_v2::map_cell0
      Exec <| title == 'nova-cell_v2-map_cell0' |> {
        command => Sensitive("nova-manage cell_v2 map_cell0 --database_connection ${shell_escape($cell0_connection)}"),
      }

      # map_cell0 does nothing when cell0 is mapped already; this keeps the mapping on this
      # node's database when that changes (a new password, say).
      nova_cell_v2 { 'cell0':
        database_connection => $cell0_connection,
      }

      $cells.each |$cell, $mapping| {
        nova_cell_v2 { $cell:
          database_connection => os_database_connection({
            'dialect'  => 'mysql+pymysql',
            'host'     => $mapping['database_host'],
            'database' => $mapping['database_name'],
            'username' => 'nova',
            'password' => $cell_database_passwords[$cell],
          }),
          # os_transport_url takes one port for all hosts; the hosts here carry their own.
          transport_url       => os_transport_url({
            'transport' => 'rabbit',
            'hosts'     => $mapping['rabbit_hosts'],
            'username'  => $mapping['rabbit_user'],
            'password'  => $cell_rabbit_passwords[$cell],
          }),
        }
      }

      include nova::cell_v2::discover_hosts

      # As simple_setup orders its own: the mappings after map_cell0 (itself after the API
      # schema sync), and a search for compute nodes after any mapping changes. They are also
      # done before nova::cell_v2::end, so that `nova-manage db sync`, which also syncs the
      # database cell0 is mapped to, never sees a mapping still being set up.
      $mappings = Nova_cell_v2[['cell0'] + $cell_names]
      Class['nova::cell_v2::map_cell0'] -> $mappings -> Anchor['nova::cell_v2::end']
      $mappings ~> Class['nova::cell_v2::discover_hosts']
    }
  }

  # Debian's uWSGI servers hold every address's ports 8774 and 8775 until the module stops
  # them: Apache binds this node's ports, HAProxy the VIP's. The module orders only nova-api
  # before Apache.
  Service <| title == 'nova-api-metadata' |> -> Service <| title == 'httpd' |>
  Service <| title == 'nova-api' or title == 'nova-api-metadata' |> -> Service <| title == 'haproxy' |>
}
