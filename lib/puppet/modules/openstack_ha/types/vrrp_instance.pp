# @summary One keepalived VRRP instance: a VIP and how this node competes for it
#   (`VrrpInstanceSpec` on the TypeScript side).
#
# * `vip`: the virtual address
# * `prefix_length`: the prefix length of the VIP's subnet
# * `virtual_router_id`: the VRRP router id, 1 to 255, the same on every node of the instance
#   and unique among the instances on the network
# * `priority`: this node's priority, 1 to 254; the highest live node takes the VIP (255 is
#   reserved for an address owner and cannot be combined with `nopreempt`)
# * `advert_interval`: seconds between advertisements. VRRP version 2 carries whole seconds
#   only (1 to 255); version 3 carries centiseconds, from 0.01 to 40.95. The profile fails
#   compilation for a value the chosen version cannot carry.
# * `vrrp_version`: 2 or 3
# * `nopreempt`: a node that comes back does not take the VIP from a healthy holder
type Openstack_ha::Vrrp_instance = Struct[{
  vip               => Stdlib::IP::Address::V4::Nosubnet,
  prefix_length     => Integer[1, 32],
  virtual_router_id => Integer[1, 255],
  priority          => Integer[1, 254],
  advert_interval   => Variant[Integer[1, 255], Float[0.01, 255.0]],
  vrrp_version      => Integer[2, 3],
  nopreempt         => Boolean,
}]
