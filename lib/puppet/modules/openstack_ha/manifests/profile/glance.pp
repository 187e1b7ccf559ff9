# @summary Glance, the image service, as one of several identical API nodes behind the VIP,
#   storing images in Ceph RBD so that every node serves every image and Cinder and Nova clone
#   them copy-on-write.
#
# Declares puppet-glance 21.x: `glance::api` (the Debian package's own `glance-api` server,
# which listens on `bind_address` port 9292; HAProxy's `glance` front end forwards the VIP to
# it), `glance::api::db`, `glance::api::authtoken`, and the store through the multi-store
# interface (`glance::api::enabled_backends` and `glance::backend::multistore::rbd` or
# `::file`; the single-store `glance::backend::rbd` is deprecated in 21.x).
#
# Store. With `rbd`, images live in the Ceph pool `rbd_pool` and Glance connects as
# `client.<rbd_user>` with the keyring `openstack_ha::profile::ceph_client` writes on the same
# node. `show_image_direct_url` is on, so Cinder and Nova see an image's RBD location and
# clone it inside Ceph instead of downloading it. With `file`, images live in
# `/var/lib/glance/images` on this node only: the TypeScript side refuses more than one Glance
# API node without a shared store, since each node would serve only the images uploaded to it.
#
# HA. `worker_self_reference_url` is this node's own URL, so an image staged on one API node
# (interoperable image import) is imported from that node even when the import request lands
# on another. Glance needs no message broker: it sends notifications only when a consumer
# (Ceilometer) asks for them, and none is deployed.
#
# One node (`bootstrap_node`) creates the schema (`glance-manage db_sync` and the metadata
# definitions) and registers the `glance` user, the `image` service and its endpoints
# (`glance::keystone::auth`).
#
# @param bind_address
#   The node's address the Glance API listens on, port 9292.
# @param public_url
#   Glance's URL through the VIP, such as `http://198.51.100.10:9292`: the catalog's image
#   endpoints (public, internal and admin) and the base of the version links Glance returns.
# @param keystone_url
#   Keystone's endpoint on the VIP, such as `http://198.51.100.10:5000`, for token validation.
# @param service_password
#   The password of the `glance` Keystone user.
# @param database_host
#   The database address (the VIP's Galera front end).
# @param database_password
#   The password of the `glance` database user.
# @param memcached_servers
#   Every memcached server, as `address:port`: the token cache of `keystone_authtoken`.
# @param region
#   The region the endpoints are registered in.
# @param store
#   Where images are stored: `rbd` (Ceph, shared by every node) or `file` (this node's disk).
# @param rbd_pool
#   The Ceph pool of the images (`rbd` store).
# @param rbd_user
#   The Ceph user Glance connects as, without `client.` (`rbd` store).
# @param bootstrap_node
#   True on exactly one node: the one that creates the schema and registers the service.
class openstack_ha::profile::glance (
  Stdlib::IP::Address::V4::Nosubnet $bind_address,
  Stdlib::HTTPUrl $public_url,
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $memcached_servers,
  String[1] $region = 'RegionOne',
  Enum['rbd', 'file'] $store = 'rbd',
  Openstack_ha::Storage_ceph_pool_name $rbd_pool = 'images',
  Openstack_ha::Storage_ceph_user_id $rbd_user = 'glance',
  Boolean $bootstrap_node = false,
) {
  $port = 9292

  # glance::api includes these two itself, so they are declared first, with their parameters.
  class { 'glance::api::db':
    database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $database_host,
      'database' => 'glance',
      'username' => 'glance',
      'password' => $database_password,
    }),
  }

  class { 'glance::api::authtoken':
    password             => $service_password,
    www_authenticate_uri => $keystone_url,
    auth_url             => $keystone_url,
    region_name          => $region,
    memcached_servers    => $memcached_servers,
  }

  case $store {
    'rbd': {
      glance::backend::multistore::rbd { 'rbd':
        rbd_store_pool      => $rbd_pool,
        rbd_store_user      => $rbd_user,
        rbd_store_ceph_conf => '/etc/ceph/ceph.conf',
      }
    }
    default: {
      glance::backend::multistore::file { 'file':
        filesystem_store_datadir => '/var/lib/glance/images',
      }
    }
  }

  class { 'glance::api':
    bind_host                    => $bind_address,
    bind_port                    => $port,
    public_endpoint              => $public_url,
    worker_self_reference_url    => "http://${bind_address}:${port}",
    enabled_backends             => ["${store}:${store}"],
    default_backend              => $store,
    # The RBD location lets Cinder and Nova clone images inside Ceph; a file path would only
    # tell clients about this node's disk.
    show_image_direct_url        => $store == 'rbd',
    # HAProxy adds X-Forwarded-For and X-Forwarded-Proto, and Glance sits behind it.
    enable_proxy_headers_parsing => true,
    sync_db                      => $bootstrap_node,
  }

  if $bootstrap_node {
    class { 'glance::keystone::auth':
      password     => $service_password,
      public_url   => $public_url,
      internal_url => $public_url,
      admin_url    => $public_url,
      region       => $region,
    }
  }

  # Debian's glance-api package starts its server on every address, port 9292, when it is
  # installed; on a node that also runs HAProxy, HAProxy can bind the VIP's port 9292 only
  # once Glance has been restarted on `bind_address`.
  Service <| title == 'glance-api' |> -> Service <| title == 'haproxy' |>
}
