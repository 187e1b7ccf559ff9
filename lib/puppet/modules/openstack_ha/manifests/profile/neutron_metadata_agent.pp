# @summary The Neutron metadata agent (ML2/OVS): it forwards instances' metadata requests, taken
#   in by the proxies in the router and DHCP namespaces, to Nova's metadata API.
#
# Declares puppet-neutron 21.x `neutron::agents::metadata` and the shared `neutron.conf` of
# `openstack_ha::profile::neutron::common`. Requests go to `metadata_host` (the VIP, where
# HAProxy spreads them over every Nova metadata API), signed with `metadata_secret`.
#
# @param metadata_host
#   Where Nova's metadata API is reached: the VIP.
# @param metadata_secret
#   The secret shared with Nova's metadata API (`[neutron] metadata_proxy_shared_secret` in
#   Nova) that signs the forwarded requests.
class openstack_ha::profile::neutron_metadata_agent (
  Openstack_ha::Ipv4_or_fqdn $metadata_host,
  String[16] $metadata_secret,
) {
  include openstack_ha::profile::neutron::common

  class { 'neutron::agents::metadata':
    metadata_host => $metadata_host,
    shared_secret => $metadata_secret,
  }
}
