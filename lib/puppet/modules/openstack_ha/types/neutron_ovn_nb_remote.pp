# @summary How Neutron reaches one member of the OVN northbound database: `tcp:<IPv4 address>:6641`
#   (for example `tcp:198.51.100.11:6641`). The port is fixed, so a southbound address (6642)
#   given by mistake is rejected.
type Openstack_ha::Neutron_ovn_nb_remote = Pattern[
  /\Atcp:(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}:6641\z/,
]
