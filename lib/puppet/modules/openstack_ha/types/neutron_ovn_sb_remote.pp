# @summary How Neutron and ovn-controller reach one member of the OVN southbound database:
#   `tcp:<IPv4 address>:6642` (for example `tcp:198.51.100.11:6642`). The port is fixed, so a
#   northbound address (6641) given by mistake is rejected.
type Openstack_ha::Neutron_ovn_sb_remote = Pattern[
  /\Atcp:(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}:6642\z/,
]
