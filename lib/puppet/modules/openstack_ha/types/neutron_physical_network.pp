# @summary The name of a Neutron physical network (`provider:physical_network`), such as
#   `external`: the left-hand side of an L2 agent's bridge mapping.
type Openstack_ha::Neutron_physical_network = Pattern[/\A[a-z0-9_-]+\z/]
