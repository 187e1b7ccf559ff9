# @summary A Nova hypervisor: nova-compute with libvirt (KVM or plain QEMU), and optionally
#   its instances' disks in Ceph RBD.
#
# Declares puppet-nova 21.x: `nova::compute`, `nova::compute::libvirt` and, with
# `rbd_enabled`, `nova::compute::rbd`, and through `openstack_ha::profile::nova_shared` (which
# `openstack_ha::profile::nova_common` declares too) `nova` (the packages, the transport URL),
# `nova::config`, `nova::keystone::service_user`, `nova::placement` and
# `nova::network::neutron`. Compute nodes get no database credentials: everything goes through
# the conductors, over the broker.
#
# Broker. The transport URL lists every broker (`rabbit://<user>:<password>@<host>:<port>,...`),
# never a VIP; queues are quorum queues (`[oslo_messaging_rabbit] rabbit_quorum_queue`, set
# through `nova::config`). A new compute node registers itself over the broker and Placement,
# and the schedulers map it into the cell (`openstack_ha::profile::nova_scheduler`).
#
# Consoles. The instances' VNC servers listen on `bind_address` (`[vnc] server_listen`), the
# address the noVNC proxies connect to (`[vnc] server_proxyclient_address`); the console links
# handed to users start with `novncproxy_base_url`. `[DEFAULT] my_ip` is `bind_address` too.
#
# Keystone. Nova-compute authenticates to Placement as the `placement` user and to Neutron as
# the `neutron` user (at `neutron_url`), and sends the `nova` user's token along with a
# user's (`[service_user] send_service_user_token`, required by Nova 26.2 of every service).
#
# Instances are started again after the hypervisor reboots
# (`resume_guests_state_on_host_boot`), so a node that comes back after a failure brings
# back what it ran.
#
# Ceph RBD (`rbd_enabled`). Ephemeral disks are created as RBD images in `rbd_pool`
# (`[libvirt] images_type = rbd`, `images_rbd_pool`), reached as the Ceph user `rbd_user`,
# whose key (`rbd_secret_key`) libvirt keeps in the secret `rbd_secret_uuid`, which
# `nova::compute::rbd` defines (`/etc/nova/secret.xml`, `virsh secret-define`,
# `virsh secret-set-value`). With disks in Ceph, an instance of a failed hypervisor can be
# rebuilt on another (evacuation) without losing its disk. The Ceph configuration, the
# `ceph-common` package and the `client.<rbd_user>` keyring come from the `ceph_client`
# profile on the same node, which must not list `rbd_secret_uuid` among its own libvirt
# secrets.
#
# @param keystone_url
#   Keystone's URL through the VIP, such as `http://198.51.100.10:5000`.
# @param service_password
#   The password of the `nova` Keystone user (`[service_user]`).
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param placement_password
#   The password of the `placement` Keystone user, which Nova uses to call Placement.
# @param neutron_password
#   The password of the `neutron` Keystone user, which Nova uses to call Neutron.
# @param neutron_url
#   Neutron's URL through the VIP, such as `http://198.51.100.10:9696`.
# @param novncproxy_base_url
#   The console URL through the VIP, such as `http://198.51.100.10:6080/vnc_auto.html`: the
#   start of the console links this node hands out.
# @param bind_address
#   This node's address: where the instances' VNC servers listen, what the noVNC proxies
#   connect to, and `my_ip`. By default the address of the node's primary interface (compute
#   nodes of a pool have no per-node data).
# @param region
#   The region of the Keystone endpoints Nova uses.
# @param virt_type
#   `kvm` for hardware virtualisation, `qemu` for emulation (a hypervisor that is itself a
#   VM without nested virtualisation).
# @param rbd_enabled
#   Whether the instances' ephemeral disks live in Ceph RBD.
# @param rbd_pool
#   The RBD pool of the ephemeral disks.
# @param rbd_user
#   The Ceph user (without `client.`) libvirt and Nova reach the pool as.
# @param rbd_secret_uuid
#   The UUID of the libvirt secret that holds `rbd_user`'s key, the same on every compute
#   node; required with `rbd_enabled`.
# @param rbd_secret_key
#   `rbd_user`'s Ceph key, stored in that libvirt secret; required with `rbd_enabled`
#   (without it the module would read the key with `ceph auth get-key`, which needs the
#   cluster's admin key on the hypervisor).
class openstack_ha::profile::nova_compute (
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  String[16] $placement_password,
  String[16] $neutron_password,
  Stdlib::HTTPUrl $neutron_url,
  Stdlib::HTTPUrl $novncproxy_base_url,
  Stdlib::IP::Address::V4::Nosubnet $bind_address = $facts['networking']['ip'],
  String[1] $region = 'RegionOne',
  Enum['kvm', 'qemu'] $virt_type = 'kvm',
  Boolean $rbd_enabled = false,
  String[1] $rbd_pool = 'vms',
  Pattern[/\A[A-Za-z0-9_.-]+\z/] $rbd_user = 'nova',
  Optional[Openstack_ha::Nova_uuid] $rbd_secret_uuid = undef,
  Optional[Openstack_ha::Nova_cephx_key] $rbd_secret_key = undef,
) {
  if $rbd_enabled {
    $missing = { 'rbd_secret_uuid' => $rbd_secret_uuid, 'rbd_secret_key' => $rbd_secret_key }.filter |$name, $value| { $value =~ Undef }
    unless $missing.empty {
      fail("openstack_ha::profile::nova_compute: rbd_enabled needs ${missing.keys.join(' and ')} (the libvirt secret that holds the Ceph key)")
    }
  }

  # The classes `nova` and `nova::compute` include are declared first, with their parameters.
  class { 'openstack_ha::profile::nova_shared':
    keystone_url       => $keystone_url,
    service_password   => $service_password,
    rabbit_hosts       => $rabbit_hosts,
    rabbit_user        => $rabbit_user,
    rabbit_password    => $rabbit_password,
    placement_password => $placement_password,
    neutron_password   => $neutron_password,
    neutron_url        => $neutron_url,
    region             => $region,
    extra_config       => {
      'vnc/novncproxy_base_url' => { 'value' => $novncproxy_base_url },
    },
    my_ip              => $bind_address,
  }

  class { 'nova::compute':
    vnc_enabled                      => true,
    vncserver_proxyclient_address    => $bind_address,
    resume_guests_state_on_host_boot => true,
  }

  # nova::compute::rbd comes first: nova::compute::libvirt checks, when it is declared, that
  # its images_type is rbd if RBD ephemeral storage is on.
  if $rbd_enabled {
    class { 'nova::compute::rbd':
      libvirt_rbd_user        => $rbd_user,
      libvirt_rbd_secret_uuid => $rbd_secret_uuid,
      libvirt_rbd_secret_key  => $rbd_secret_key,
      libvirt_images_rbd_pool => $rbd_pool,
      rbd_keyring             => "client.${rbd_user}",
      ephemeral_storage       => true,
      # ceph-common is the ceph_client profile's package.
      manage_ceph_client      => false,
    }
    $images_type = 'rbd'
  } else {
    $images_type = $facts['os_service_default']
  }

  class { 'nova::compute::libvirt':
    virt_type        => $virt_type,
    vncserver_listen => $bind_address,
    images_type      => $images_type,
  }
}
