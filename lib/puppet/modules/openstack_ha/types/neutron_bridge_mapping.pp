# @summary One physical network of a Neutron L2 agent and the Open vSwitch bridge that carries it,
#   written `<physical network>:<bridge>` (for example `external:br-ex`).
#
# The physical network is the name provider networks refer to (`provider:physical_network`);
# the bridge name starts with `br-` and, being a Linux interface name, has at most 15
# characters.
type Openstack_ha::Neutron_bridge_mapping = Pattern[/\A[a-z0-9_-]+:br-[a-z0-9_-]{1,12}\z/]
