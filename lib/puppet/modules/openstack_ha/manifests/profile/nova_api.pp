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
# * `nova-manage api_db sync`, then the cells v2 layout of `nova::cell_v2::simple_setup`:
#   cell0 (`nova_cell0`) and one cell named `openstack_ha::profile::nova_common::cell_name`
#   whose database and transport URL are this node's `[database]` and `[DEFAULT]` ones, then
#   `nova-manage db sync` and a first `nova-manage cell_v2 discover_hosts`. Later compute
#   nodes are found by the schedulers (`openstack_ha::profile::nova_scheduler`);
# * in Keystone: the `nova` user (`admin` in the `services` project), the `compute` service
#   and its public, internal and admin endpoints, all `public_url`, in the common `region`.
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
class openstack_ha::profile::nova_api (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_url,
  String[16] $metadata_secret,
  Boolean $bootstrap_node = false,
) {
  include openstack_ha::profile::nova_common

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

    include nova::cell_v2::simple_setup
    # simple_setup registers its cell under the title `default`; the cell's name is the
    # resource's name, so the cell is created (and found again on later runs) as `cell_name`.
    Nova_cell_v2 <| title == 'default' |> {
      name => $openstack_ha::profile::nova_common::cell_name,
    }
  }

  # Debian's uWSGI servers hold every address's ports 8774 and 8775 until the module stops
  # them: Apache binds this node's ports, HAProxy the VIP's. The module orders only nova-api
  # before Apache.
  Service <| title == 'nova-api-metadata' |> -> Service <| title == 'httpd' |>
  Service <| title == 'nova-api' or title == 'nova-api-metadata' |> -> Service <| title == 'haproxy' |>
}
