# @summary The noVNC proxy, which carries the browser's console connections to the instances'
#   VNC servers, as one of several identical proxies behind the VIP.
#
# Includes `openstack_ha::profile::nova_common` (broker, databases, Keystone, Placement and
# Neutron settings, bound by hiera) and declares puppet-nova 21.x's `nova::vncproxy`. The
# proxy listens on `bind_address`, port 6080 (`[vnc] novncproxy_host`, which Debian's
# `nova-novncproxy` reads), and HAProxy's front end on the VIP forwards to it. A console
# token is kept in the cell database, so any proxy accepts a token any compute node issued.
#
# @param bind_address
#   The node's address the proxy listens on, port 6080.
# @param novncproxy_base_url
#   The console URL users are sent to, through the VIP, such as
#   `http://198.51.100.10:6080/vnc_auto.html` (`[vnc] novncproxy_base_url`). Nova-compute
#   builds the console links from its own copy of it (`openstack_ha::profile::nova_compute`);
#   the proxy carries the same value so that both ends read alike.
class openstack_ha::profile::nova_novncproxy (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $novncproxy_base_url,
) {
  include openstack_ha::profile::nova_common

  class { 'nova::vncproxy':
    host => $bind_address,
    port => 6080,
  }

  nova_config { 'vnc/novncproxy_base_url':
    value => $novncproxy_base_url,
  }

  # Debian's proxy starts on every address, port 6080, when the package is installed, and
  # only moves to `bind_address` when the module restarts it with its configuration.
  Service <| title == 'nova-vncproxy' |> -> Service <| title == 'haproxy' |>
}
