# @summary The Neutron API and RPC server, as one of several identical controllers behind the
#   VIP: ML2 with Open vSwitch or OVN, routers and DHCP scheduled so that the loss of a network
#   node does not take networks down with it.
#
# Declares puppet-neutron 21.x: `neutron::server` (on Debian, the `neutron-api` uWSGI service,
# bound to this node's address on port 9696, and `neutron-rpc-server`), `neutron::db`,
# `neutron::keystone::authtoken`, `neutron::server::notifications::nova`, `neutron::plugins::ml2`
# (and `neutron::plugins::ml2::ovn` with OVN), and, through `openstack_ha::profile::neutron::common`,
# `neutron` and `neutron::config`.
#
# Database, broker and caches. The connection is composed here from its parts
# (`mysql+pymysql://neutron:<password>@<database_host>/neutron`), so the password stays a
# separate secret. The transport URL lists every broker and the queues are quorum queues (see
# `openstack_ha::profile::neutron::common`). Tokens are cached in every memcached server.
#
# One node (`bootstrap_node`) creates the schema (`neutron-db-manage upgrade heads`) and
# registers the `neutron` user, the network service and its public, internal and admin
# endpoints (all `public_url`, in `region`).
#
# Routers and DHCP (ML2/OVS). Every router lives in one L3 agent unless `l3_ha` is set, so:
# * `router_scheduler_driver` defaults to `LeastRoutersScheduler`, which places a new router on
#   the agent with the fewest routers (puppet-neutron 21 defaults to `ChanceScheduler`, which
#   piles routers up at random);
# * `allow_automatic_l3agent_failover` reschedules the routers of an L3 agent that stops
#   reporting onto the live ones;
# * with `l3_ha`, each router runs as a VRRP group on `max_l3_agents_per_router` agents over a
#   per-project HA network cut from `l3_ha_net_cidr`, and fails over within seconds;
# * `dhcp_agents_per_network` DHCP agents serve each network (more than one for HA).
# L3 HA cannot be combined with distributed routers (`router_distributed`) nor with L2
# population (`l2_population`); either combination fails compilation.
#
# OVN. With `mechanism_driver` `ovn`, OVN's northbound and southbound databases
# (`ovn_nb_connection`, `ovn_sb_connection`, every member listed) do the routing, DHCP and
# metadata proxying on the chassis, and L3 and DHCP agents are not used. The router and DHCP
# scheduler settings are then written but not read.
#
# On a node that also holds `neutron_agent` or `neutron_l3_agent`, the settings the two must
# agree on (`mechanism_driver`, `l2_population`, `l3_ha`) are compared, and a difference fails
# compilation.
#
# @param bind_address
#   The node's address the API listens on, port 9696; HAProxy's front end forwards the VIP's
#   port 9696 to it.
# @param public_url
#   Neutron's URL through the VIP, such as `http://198.51.100.10:9696`: the catalog's network
#   endpoints.
# @param keystone_url
#   Keystone's URL through the VIP, such as `http://198.51.100.10:5000`: where tokens are
#   validated and the Nova client authenticates.
# @param database_host
#   The database address Neutron connects to (the VIP's Galera front end).
# @param database_password
#   The password of the `neutron` database user.
# @param memcached_servers
#   Every memcached server, as `address:port`, at least one: the token cache.
# @param service_password
#   The password of the `neutron` Keystone user.
# @param nova_password
#   The password of the `nova` Keystone user, with which Neutron tells Nova that a port is up
#   (`[nova]`), so that instances boot without waiting for the VIF time-out.
# @param region
#   The region the network endpoints are registered in and the Nova endpoint is looked up in.
# @param bootstrap_node
#   True on exactly one node: the one that creates the schema and registers the service in
#   Keystone.
# @param mechanism_driver
#   The ML2 mechanism driver: `openvswitch` (the Open vSwitch agent with L3, DHCP and metadata
#   agents; VXLAN project networks) or `ovn` (OVN; Geneve project networks).
# @param physical_networks
#   The physical networks provider networks may use, flat or VLAN (with any VLAN id). They
#   are the left-hand sides of the agents' `bridge_mappings`.
# @param router_scheduler_driver
#   How a new router is placed on an L3 agent.
# @param allow_automatic_l3agent_failover
#   Move the routers of a dead L3 agent to live agents.
# @param l3_ha
#   New routers are highly available: one active and standby copies on other L3 agents,
#   kept by VRRP (keepalived).
# @param max_l3_agents_per_router
#   With `l3_ha`, how many L3 agents host each router (at least 2).
# @param l3_ha_net_cidr
#   With `l3_ha`, the range the routers' VRRP networks are cut from; it must not overlap any
#   project subnet.
# @param router_distributed
#   New routers are distributed (DVR). Needs L3 agents in `dvr` mode on the compute nodes.
# @param dhcp_agents_per_network
#   How many DHCP agents serve each network.
# @param network_scheduler_driver
#   How a network is placed on DHCP agents.
# @param l2_population
#   The `l2population` mechanism driver: the server tells each Open vSwitch agent where every
#   port is, so tunnels are only built where needed and ARP is answered locally.
# @param ovn_nb_connection
#   With `ovn`, every member of the OVN northbound database cluster, at least one.
# @param ovn_sb_connection
#   With `ovn`, every member of the OVN southbound database cluster, at least one.
class openstack_ha::profile::neutron_server (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_url,
  Stdlib::HTTPUrl $keystone_url,
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $memcached_servers,
  String[16] $service_password,
  String[16] $nova_password,
  String[1] $region = 'RegionOne',
  Boolean $bootstrap_node = false,
  Enum['openvswitch', 'ovn'] $mechanism_driver = 'openvswitch',
  Array[Openstack_ha::Neutron_physical_network, 1] $physical_networks = ['external'],
  Enum[
    'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler',
    'neutron.scheduler.l3_agent_scheduler.ChanceScheduler',
    'neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler'
  ] $router_scheduler_driver = 'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler',
  Boolean $allow_automatic_l3agent_failover = true,
  Boolean $l3_ha = false,
  Integer[2] $max_l3_agents_per_router = 3,
  Stdlib::IP::Address::V4::CIDR $l3_ha_net_cidr = '169.254.192.0/18',
  Boolean $router_distributed = false,
  Integer[1] $dhcp_agents_per_network = 2,
  Enum[
    'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler',
    'neutron.scheduler.dhcp_agent_scheduler.ChanceScheduler',
    'neutron.scheduler.dhcp_agent_scheduler.AZAwareWeightScheduler'
  ] $network_scheduler_driver = 'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler',
  Boolean $l2_population = false,
  Array[Openstack_ha::Neutron_ovn_nb_remote] $ovn_nb_connection = [],
  Array[Openstack_ha::Neutron_ovn_sb_remote] $ovn_sb_connection = [],
) {
  if $l3_ha and $router_distributed {
    fail('openstack_ha::profile::neutron_server: l3_ha and router_distributed cannot both be true (an L3 HA router cannot be distributed)')
  }
  if $l3_ha and $l2_population {
    fail('openstack_ha::profile::neutron_server: l3_ha and l2_population cannot both be true (L2 population does not follow the VRRP master of an HA router)')
  }
  if $mechanism_driver == 'ovn' and ($ovn_nb_connection.empty or $ovn_sb_connection.empty) {
    fail('openstack_ha::profile::neutron_server: mechanism_driver ovn needs ovn_nb_connection and ovn_sb_connection')
  }

  # The settings a co-located agent must agree on; whichever profile is declared second checks.
  if defined(Class['openstack_ha::profile::neutron_agent']) {
    if $openstack_ha::profile::neutron_agent::mechanism_driver != $mechanism_driver
    or $openstack_ha::profile::neutron_agent::l2_population != $l2_population {
      fail('openstack_ha::profile::neutron_server: mechanism_driver and l2_population must be the same as in openstack_ha::profile::neutron_agent on this node')
    }
  }
  if defined(Class['openstack_ha::profile::neutron_l3_agent']) {
    if $openstack_ha::profile::neutron_l3_agent::l3_ha != $l3_ha {
      fail('openstack_ha::profile::neutron_server: l3_ha must be the same as in openstack_ha::profile::neutron_l3_agent on this node')
    }
  }

  include openstack_ha::profile::neutron::common

  # Settings of `neutron.conf` that only the server reads; the `neutron` class itself is
  # declared once per node by the common class.
  $service_plugins = $mechanism_driver ? {
    'ovn'   => ['ovn-router'],
    default => ['router'],
  }
  Neutron_config <| title == 'DEFAULT/service_plugins' |> {
    value => join($service_plugins, ','),
  }
  Neutron_config <| title == 'DEFAULT/dhcp_agents_per_network' |> {
    value => $dhcp_agents_per_network,
  }

  # The classes `neutron::server` includes itself are declared first, with their parameters.
  class { 'neutron::db':
    database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $database_host,
      'database' => 'neutron',
      'username' => 'neutron',
      'password' => $database_password,
    }),
  }

  class { 'neutron::keystone::authtoken':
    password             => $service_password,
    auth_url             => $keystone_url,
    www_authenticate_uri => $keystone_url,
    region_name          => $region,
    memcached_servers    => $memcached_servers,
  }

  class { 'neutron::server':
    sync_db                          => $bootstrap_node,
    # HAProxy adds X-Forwarded-For and Neutron sits behind it.
    enable_proxy_headers_parsing     => true,
    router_scheduler_driver          => $router_scheduler_driver,
    allow_automatic_l3agent_failover => $allow_automatic_l3agent_failover,
    l3_ha                            => $l3_ha,
    max_l3_agents_per_router         => $max_l3_agents_per_router,
    l3_ha_net_cidr                   => $l3_ha_net_cidr,
    router_distributed               => $router_distributed,
    network_scheduler_driver         => $network_scheduler_driver,
  }

  # Debian serves the API from uWSGI (`/etc/neutron/neutron-api-uwsgi.ini`), on every address
  # unless told otherwise; HAProxy needs the VIP's port 9696 on this same node.
  include neutron::wsgi::uwsgi
  neutron_api_uwsgi_config { 'uwsgi/http-socket':
    value => "${bind_address}:9696",
  }
  Service <| title == 'neutron-api' |> -> Service <| title == 'haproxy' |>

  class { 'neutron::server::notifications::nova':
    password    => $nova_password,
    auth_url    => $keystone_url,
    region_name => $region,
  }

  # ML2: VXLAN (Open vSwitch) or Geneve (OVN) project networks, flat and VLAN provider
  # networks on the physical networks. OVN needs the port security extension and a Geneve
  # header of at least 38 bytes.
  $tunnel_type = $mechanism_driver ? {
    'ovn'   => 'geneve',
    default => 'vxlan',
  }
  $mechanism_drivers = $mechanism_driver ? {
    'ovn'   => ['ovn'],
    default => $l2_population ? {
      true    => ['openvswitch', 'l2population'],
      default => ['openvswitch'],
    },
  }
  class { 'neutron::plugins::ml2':
    type_drivers          => [$tunnel_type, 'flat', 'vlan'],
    tenant_network_types  => [$tunnel_type],
    mechanism_drivers     => $mechanism_drivers,
    extension_drivers     => ['port_security'],
    flat_networks         => $physical_networks,
    network_vlan_ranges   => $physical_networks,
    vni_ranges            => '1:65535',
    max_header_size       => $mechanism_driver ? {
      'ovn'   => 38,
      default => $facts['os_service_default'],
    },
  }

  if $mechanism_driver == 'ovn' {
    class { 'neutron::plugins::ml2::ovn':
      ovn_nb_connection    => $ovn_nb_connection,
      ovn_sb_connection    => $ovn_sb_connection,
      ovn_metadata_enabled => true,
    }
  }

  if $bootstrap_node {
    class { 'neutron::keystone::auth':
      password     => $service_password,
      public_url   => $public_url,
      internal_url => $public_url,
      admin_url    => $public_url,
      region       => $region,
    }
  }
}
