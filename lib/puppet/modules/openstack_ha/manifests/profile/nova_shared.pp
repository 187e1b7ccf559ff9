# @summary The part of `nova.conf` that every Nova service needs, nova-compute included: the
#   message broker with quorum queues, the `[service_user]` token, and the credentials Nova
#   calls Placement and Neutron with.
#
# @api private
#
# Declared by `openstack_ha::profile::nova_common` (the control-plane services) and by
# `openstack_ha::profile::nova_compute` (the hypervisor), each passing its own hiera-bound
# parameters; it has no hiera keys of its own. No role holds both (the Nova control-plane
# profiles belong to the controller and load-balancer roles, `nova_compute` to the compute
# role), so the class is declared once per node.
#
# Declares puppet-nova 21.x: `nova::keystone::service_user`, `nova::placement`,
# `nova::network::neutron`, `nova::config` and `nova` (the packages, the transport URL). The
# transport URL lists every broker, never a VIP; `[oslo_messaging_rabbit] rabbit_quorum_queue`
# is set through `nova::config`, as puppet-nova 21 has no parameter for it.
#
# @param keystone_url
#   Keystone's URL through the VIP, where every user authenticates.
# @param service_password
#   The password of the `nova` Keystone user (`[service_user]`).
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param placement_password
#   The password of the `placement` Keystone user, for `[placement]`.
# @param neutron_password
#   The password of the `neutron` Keystone user, for `[neutron]`.
# @param neutron_url
#   Neutron's URL through the VIP (`[neutron] endpoint_override`).
# @param region
#   The region of the Keystone endpoints Nova uses.
# @param extra_config
#   Further `nova_config` entries for `nova::config`, by `section/option`, added to the quorum
#   queue setting.
# @param my_ip
#   `[DEFAULT] my_ip`, or `undef` to leave puppet-nova's default.
class openstack_ha::profile::nova_shared (
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  String[16] $placement_password,
  String[16] $neutron_password,
  Stdlib::HTTPUrl $neutron_url,
  String[1] $region,
  Hash[Pattern[/\A[^\/]+\/[^\/]+\z/], Hash] $extra_config = {},
  Optional[Stdlib::IP::Address::V4::Nosubnet] $my_ip = undef,
) {
  assert_private()

  # The classes `nova` includes are declared first, with their parameters.
  class { 'nova::keystone::service_user':
    password                => $service_password,
    auth_url                => $keystone_url,
    region_name             => $region,
    send_service_user_token => true,
  }

  class { 'nova::placement':
    password    => $placement_password,
    auth_url    => $keystone_url,
    region_name => $region,
  }

  class { 'nova::network::neutron':
    password          => $neutron_password,
    auth_url          => $keystone_url,
    region_name       => $region,
    endpoint_override => $neutron_url,
  }

  class { 'nova::config':
    nova_config => {
      'oslo_messaging_rabbit/rabbit_quorum_queue' => { 'value' => true },
    } + $extra_config,
  }

  # os_transport_url takes one port for all hosts; the hosts here carry their own. An undef
  # my_ip leaves the class's default.
  class { 'nova':
    default_transport_url => os_transport_url({
      'transport' => 'rabbit',
      'hosts'     => $rabbit_hosts,
      'username'  => $rabbit_user,
      'password'  => $rabbit_password,
    }),
    my_ip                 => $my_ip,
  }
}
