# @summary HAProxy in front of the API services and the Galera cluster: every front end
#   listens on every VIP, and a statistics page listens on the node's own address.
#
# The configuration is built with puppetlabs-haproxy (`haproxy`, `haproxy::listen`,
# `haproxy::balancermember`) into `/etc/haproxy/haproxy.cfg`, which Puppet checks with
# `haproxy -c` before writing it. A configuration change reloads HAProxy (no dropped
# connections) instead of restarting it.
#
# The VIPs are held by keepalived on one load balancer at a time, yet HAProxy runs and binds
# them on every load balancer, so that a VIP moving to another node finds HAProxy already
# listening there. Binding an address the node does not (yet) hold needs the kernel setting
# `net.ipv4.ip_nonlocal_bind = 1`, which this profile writes to
# `/etc/sysctl.d/60-openstack-ha-haproxy.conf` and applies before HAProxy starts.
#
# How each front end is rendered:
# * `mode http`: `balance roundrobin`, `option httplog`, `option forwardfor`;
#   `mode tcp`: `balance leastconn`, `option tcplog` and TCP keep-alives on both sides, so
#   that a peer that vanished is noticed on long-lived (database) connections.
# * `check: http`: `option httpchk GET <check_path>`; `check: galera`: `option httpchk`
#   against `check_port` (the Galera health check answers 200 only on a synced node);
#   `check: tcp`: a connect. Every server is checked every 2 s and changes state after 2
#   successes or 5 failures (`inter 2000 rise 2 fall 5`), on `check_port` when given.
# * `single_writer`: every server but the first is `backup`, so one server takes all the
#   traffic (one Galera writer, no certification conflicts between writers).
# * `check: galera` and `single_writer`: `on-marked-down shutdown-sessions`, so the clients of
#   a server marked down are cut off at once and reconnect to the next one, instead of
#   waiting on a dead connection until their time-out.
# * `timeout_seconds`: `timeout client` and `timeout server`.
#
# Compilation fails, naming the front end, when a front end needs a field it does not have
# (`check_path` for `check: http`, `check_port` for `check: galera`), when two front ends share
# a port, when a front end lists two servers of the same name, or when the VIPs repeat or
# include the node's own address.
#
# @param vips
#   The virtual addresses every front end binds to, at least one.
# @param frontends
#   The front ends by name (lower-case letters, digits and `_`, starting with a letter); the
#   name becomes the `listen` section's name.
# @param node_address
#   This node's own address, where the statistics page listens (never on a VIP).
# @param stats_port
#   The port of the statistics page.
class openstack_ha::profile::haproxy (
  Array[Stdlib::IP::Address::V4::Nosubnet, 1] $vips,
  Hash[Pattern[/\A[a-z][a-z0-9_]*\z/], Openstack_ha::Frontend, 1] $frontends,
  Stdlib::IP::Address::V4::Nosubnet $node_address,
  Stdlib::Port $stats_port = 1984,
) {
  # --- checks the types cannot express -------------------------------------------------------
  if $vips.unique != $vips {
    fail("openstack_ha::profile::haproxy: parameter 'vips' lists an address twice: ${vips}")
  }
  if $node_address in $vips {
    fail("openstack_ha::profile::haproxy: parameter 'node_address' (${node_address}) is one of the VIPs; the statistics page must listen on the node's own address")
  }
  $frontends.each |String $name, Openstack_ha::Frontend $frontend| {
    if $frontend['check'] == 'http' and !('check_path' in $frontend) {
      fail("openstack_ha::profile::haproxy: parameter 'frontends' entry '${name}' has check 'http' but no check_path")
    }
    if $frontend['check'] == 'galera' and !('check_port' in $frontend) {
      fail("openstack_ha::profile::haproxy: parameter 'frontends' entry '${name}' has check 'galera' but no check_port (the port of the Galera health check)")
    }
    $server_names = $frontend['backends'].map |Openstack_ha::Backend $server| { $server['name'] }
    if $server_names.unique != $server_names {
      fail("openstack_ha::profile::haproxy: parameter 'frontends' entry '${name}' lists a server name twice: ${server_names}")
    }
    $sharing = $frontends.filter |String $other, Openstack_ha::Frontend $spec| {
      $other != $name and $spec['port'] == $frontend['port']
    }
    unless $sharing.empty {
      fail("openstack_ha::profile::haproxy: parameter 'frontends' entries '${name}' and '${sharing.keys[0]}' both use port ${frontend['port']}")
    }
  }

  # --- the kernel lets HAProxy bind a VIP this node does not hold ----------------------------
  $sysctl_file = '/etc/sysctl.d/60-openstack-ha-haproxy.conf'
  file { $sysctl_file:
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => "# Managed by Puppet (openstack_ha::profile::haproxy): HAProxy binds the VIPs on every\n# load balancer, also while keepalived has them on another node.\nnet.ipv4.ip_nonlocal_bind = 1\n",
  }
  exec { 'openstack_ha apply net.ipv4.ip_nonlocal_bind':
    command  => "/usr/sbin/sysctl -p ${sysctl_file}",
    unless   => '/usr/bin/test "$(/usr/sbin/sysctl -n net.ipv4.ip_nonlocal_bind)" = 1',
    provider => 'shell',
    require  => File[$sysctl_file],
    before   => Class['haproxy'],
  }

  # --- global settings and defaults ----------------------------------------------------------
  # merge_options => true merges these over the module's own defaults, so every key the
  # module sets is given here; undef drops a key (the module's `stats enable` default would
  # publish a statistics page on every HTTP front end, on the VIPs).
  class { 'haproxy':
    merge_options    => true,
    global_options   => {
      'log'     => '/dev/log local0',
      'chroot'  => '/var/lib/haproxy',
      'pidfile' => undef, # the Debian unit passes -p /run/haproxy.pid
      'maxconn' => '20000',
      'user'    => 'haproxy',
      'group'   => 'haproxy',
      'daemon'  => '',
      'stats'   => ['socket /run/haproxy/admin.sock mode 660 level admin', 'timeout 30s'],
    },
    defaults_options => {
      'log'     => 'global',
      'stats'   => undef,
      'option'  => ['dontlognull', 'redispatch'],
      'retries' => '3',
      'timeout' => ['http-request 10s', 'queue 1m', 'connect 10s', 'client 1m', 'server 1m', 'check 10s'],
      'maxconn' => '10000',
    },
    # Reload (the Debian unit checks the file, then hands the sockets to new workers):
    # a restart would drop every connection through this node.
    restart_command  => '/bin/systemctl reload haproxy',
  }

  # --- the statistics page, on the node's own address only ----------------------------------
  # The section name has a '-', which front-end names cannot have, so it never clashes.
  haproxy::listen { 'haproxy-stats':
    bind             => { "${node_address}:${stats_port}" => [] },
    mode             => 'http',
    collect_exported => false,
    options          => {
      'stats' => ['enable', 'uri /', 'refresh 10s', 'show-node', 'hide-version'],
    },
  }

  # --- the front ends -----------------------------------------------------------------------
  $frontends.each |String $name, Openstack_ha::Frontend $frontend| {
    $binds = $vips.reduce({}) |Hash $result, Stdlib::IP::Address::V4::Nosubnet $vip| {
      $result + { "${vip}:${frontend['port']}" => [] }
    }
    $check_option = $frontend['check'] ? {
      'http'   => ["httpchk GET ${frontend['check_path']}"],
      'galera' => ['httpchk'],
      default  => [],
    }
    $mode_options = $frontend['mode'] ? {
      'http'  => { 'balance' => 'roundrobin', 'option' => ['httplog', 'forwardfor'] + $check_option },
      default => { 'balance' => 'leastconn', 'option' => ['tcplog', 'clitcpka', 'srvtcpka'] + $check_option },
    }
    haproxy::listen { $name:
      bind             => $binds,
      mode             => $frontend['mode'],
      collect_exported => false,
      options          => $mode_options + {
        'timeout' => ["client ${frontend['timeout_seconds']}s", "server ${frontend['timeout_seconds']}s"],
      },
    }

    $check_port = ('check_port' in $frontend) ? {
      true    => ["port ${frontend['check_port']}"],
      default => [],
    }
    $cut_sessions = ($frontend['check'] == 'galera' or $frontend['single_writer']) ? {
      true    => ['on-marked-down shutdown-sessions'],
      default => [],
    }
    $frontend['backends'].each |Integer $index, Openstack_ha::Backend $server| {
      $backup = ($frontend['single_writer'] and $index > 0) ? {
        true    => ['backup'],
        default => [],
      }
      # The module sorts the options of a server line; each entry keeps a keyword and its
      # value together, so the sorted line still reads right.
      $server_options = ['check', 'inter 2000', 'rise 2', 'fall 5'] + $check_port + $cut_sessions + $backup
      # The index in the title keeps the servers in the given order in the file.
      haproxy::balancermember { sprintf('%s-%03d-%s', $name, $index, $server['name']):
        listening_service => $name,
        server_names      => $server['name'],
        ipaddresses       => $server['address'],
        ports             => $frontend['backend_port'],
        options           => $server_options,
      }
    }
  }
}
