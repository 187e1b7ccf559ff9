# @summary keepalived holding the VIPs by unicast VRRP among the load balancers, each
#   instance following the health of the local HAProxy.
#
# Renders `/etc/keepalived/keepalived.conf` from `openstack_ha/keepalived.conf.epp` (Debian
# has no keepalived Puppet module), checked on the node with `keepalived -t` before it is
# written, and keeps the service running. A change reloads keepalived (SIGHUP) rather than
# restarting it, so the node holding a VIP does not drop it.
#
# Every instance starts as `BACKUP`, so the node with the highest priority among the live
# ones takes the VIP after the first advertisement intervals, and with `nopreempt` a node that
# comes back does not take the VIP away again (each move costs the clients their
# connections). VRRP goes by unicast to the listed peers: clouds that carry the load balancers
# as VMs drop multicast and VRRP between ports unless told otherwise, and unicast keeps the
# advertisements to the peers. An instance whose HAProxy is not running (`vrrp_script
# chk_haproxy`, two failed checks two seconds apart) goes to FAULT and gives up its VIP.
#
# The check runs `/usr/bin/pgrep --exact haproxy` (procps) as root, with
# `enable_script_security`, which refuses to run a script any part of whose path a non-root
# user could change. A dedicated unprivileged script user would be better, but keepalived
# 2.2.7 (bookworm) kills itself during `keepalived -t` whenever the script user is not root
# (keepalived issues 2587 and 2617, fixed in 2.2.8), and `keepalived -t` is what checks this
# file, on the node and in CI. `pgrep` takes no input from the configuration and only reads
# `/proc`. Not `pidof`: with script security keepalived runs the resolved path, and Debian's
# `pidof` is a link to `killall5`, which does not act as pidof under that name and always fails
# (the live VIP test caught it: every instance went to FAULT).
#
# VRRP version 2 carries the advertisement interval in whole seconds; version 3 carries
# centiseconds up to 40.95 s. Compilation fails, naming the instance, when an instance's
# `advert_interval` is a value its `vrrp_version` cannot carry (a sub-second or fractional
# interval with version 2, above 40.95 s or finer than 0.01 s with version 3), when two
# instances share a virtual router id or a VIP, or when the peers repeat or include the
# node's own address.
#
# @param interface
#   The network interface that carries the VIPs and the VRRP advertisements, as the node's
#   kernel names it (for example `ens3`).
# @param node_address
#   This node's address on that interface: the source of its VRRP advertisements, and the
#   keepalived router id.
# @param peers
#   The addresses of the other load balancers of the instances, which the advertisements are
#   sent to. Empty for a lone load balancer: the file then has no unicast settings at all
#   (keepalived rejects a unicast source without peers), and the node holds every VIP itself.
# @param instances
#   The VRRP instances by name (lower-case letters, digits and `_`, starting with a letter),
#   one per VIP.
class openstack_ha::profile::keepalived (
  String[1] $interface,
  Stdlib::IP::Address::V4::Nosubnet $node_address,
  Array[Stdlib::IP::Address::V4::Nosubnet] $peers,
  Hash[Pattern[/\A[a-z][a-z0-9_]*\z/], Openstack_ha::Vrrp_instance, 1] $instances,
) {
  if $peers.unique != $peers {
    fail("openstack_ha::profile::keepalived: parameter 'peers' lists an address twice: ${peers}")
  }
  if $node_address in $peers {
    fail("openstack_ha::profile::keepalived: parameter 'peers' includes the node's own address ${node_address}")
  }
  $instances.each |String $name, Openstack_ha::Vrrp_instance $instance| {
    $interval = $instance['advert_interval']
    $where = "openstack_ha::profile::keepalived: parameter 'instances' entry '${name}'"
    if $instance['vrrp_version'] == 2 and $interval != floor($interval) {
      fail("${where}: advert_interval ${interval} needs vrrp_version 3; VRRP version 2 carries whole seconds only")
    }
    if $instance['vrrp_version'] == 3 {
      if $interval > 40.95 {
        fail("${where}: advert_interval ${interval} is above 40.95, the longest interval VRRP version 3 carries")
      }
      if abs($interval * 100 - round($interval * 100)) > 0.000001 {
        fail("${where}: advert_interval ${interval} is not a whole number of hundredths of a second, which VRRP version 3 counts in")
      }
    }
    $same_router = $instances.filter |String $other, Openstack_ha::Vrrp_instance $spec| {
      $other != $name and $spec['virtual_router_id'] == $instance['virtual_router_id']
    }
    unless $same_router.empty {
      fail("${where}: virtual_router_id ${instance['virtual_router_id']} is also used by entry '${same_router.keys[0]}'")
    }
    $same_vip = $instances.filter |String $other, Openstack_ha::Vrrp_instance $spec| {
      $other != $name and $spec['vip'] == $instance['vip']
    }
    unless $same_vip.empty {
      fail("${where}: vip ${instance['vip']} is also used by entry '${same_vip.keys[0]}'")
    }
  }

  package { 'keepalived':
    ensure => installed,
  }

  file { '/etc/keepalived/keepalived.conf':
    ensure       => file,
    owner        => 'root',
    group        => 'root',
    mode         => '0644',
    content      => epp('openstack_ha/keepalived.conf.epp', {
      'router_id'    => $node_address,
      'interface'    => $interface,
      'node_address' => $node_address,
      'peers'        => $peers,
      'instances'    => $instances,
    }),
    validate_cmd => '/usr/sbin/keepalived --config-test --use-file %',
    require      => Package['keepalived'],
    notify       => Service['keepalived'],
  }

  service { 'keepalived':
    ensure  => running,
    enable  => true,
    # SIGHUP re-reads the file and keeps the VIPs this node holds.
    restart => '/bin/systemctl reload keepalived',
  }
}
