# @summary A Cinder volume service with a Ceph RBD backend: volumes in a Ceph pool, cloned
#   copy-on-write from Glance images in Ceph, attached by the computes through libvirt.
#
# Declares puppet-cinder 21.x: `cinder::volume`, the backend `cinder::backend::rbd` (section
# `[rbd]`, `volume_backend_name` `rbd`), `cinder::backends` (`enabled_backends = rbd`),
# `cinder::glance`, `cinder::coordination` when a coordination URL is given, and through
# `openstack_ha::storage::cinder_common` the database, the broker and `[nova]`. Cinder connects
# to Ceph as `client.<rbd_user>` with the keyring that `openstack_ha::profile::ceph_client`
# writes on the same node.
#
# HA, two ways:
#
# * Active/passive-safe without extra services (the default): every volume service declares
#   the same `backend_host` (`[rbd] backend_host`), so Cinder sees one `cinder-volume` host
#   whatever node serves it, and any running node can manage every volume. Several can run at
#   once: each request is consumed by one of them from the host's queue, and RBD operations
#   need no node-local state.
# * Active/active with a `cluster`: every volume service keeps its own host name (no shared
#   `backend_host`) and joins the named cluster; Cinder then requires a coordination backend
#   (`coordination_url`, such as an etcd or Redis URL understood by tooz) for its distributed
#   locks, so setting `cluster` without `coordination_url` fails compilation.
#
# `rbd_secret_uuid` is the UUID of the libvirt secret that holds `client.<rbd_user>`'s key on
# every compute: Cinder hands it to Nova with each attachment, and libvirt authenticates to
# Ceph with it. Cinder reaches Glance at `glance_api_servers` (through the VIP) to create
# volumes from images that are not in Ceph and to upload volumes as images.
#
# @param database_host
#   The database address (the VIP's Galera front end).
# @param database_password
#   The password of the `cinder` database user.
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`, at least one.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param keystone_url
#   Keystone's endpoint on the VIP, such as `http://198.51.100.10:5000`.
# @param service_password
#   The password of the `cinder` Keystone user (`[nova]` authenticates with it).
# @param glance_api_servers
#   Glance's URLs, normally its VIP endpoint alone, such as `http://198.51.100.10:9292`.
# @param rbd_secret_uuid
#   The UUID of the computes' libvirt secret holding the key of `client.<rbd_user>`.
# @param region
#   The region whose endpoints Cinder uses.
# @param rbd_pool
#   The Ceph pool of the volumes.
# @param rbd_user
#   The Ceph user Cinder connects as, without `client.`.
# @param backend_host
#   The host name every volume service of the backend shares, when no `cluster` is set; with a
#   cluster it is not used, as each service must then keep its own.
# @param coordination_url
#   The tooz coordination backend URL (such as `etcd3+http://198.51.100.21:2379`), required
#   with `cluster`. It may carry credentials, so it is a secret.
# @param cluster
#   The name of the active/active cluster the volume services join, or `undef` for the shared
#   `backend_host` arrangement.
class openstack_ha::profile::cinder_volume (
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  Array[Stdlib::HTTPUrl, 1] $glance_api_servers,
  Openstack_ha::Storage_uuid $rbd_secret_uuid,
  String[1] $region = 'RegionOne',
  Openstack_ha::Storage_ceph_pool_name $rbd_pool = 'volumes',
  Openstack_ha::Storage_ceph_user_id $rbd_user = 'cinder',
  String[1] $backend_host = 'rbd:volumes',
  Optional[Pattern[/\A[a-z][a-z0-9+.-]*:\/\/\S+\z/]] $coordination_url = undef,
  Optional[Pattern[/\A[A-Za-z0-9][A-Za-z0-9_.-]*\z/]] $cluster = undef,
) {
  if $cluster and !$coordination_url {
    fail("${title}: cluster '${cluster}' needs coordination_url: active/active volume services coordinate through it")
  }

  $backend = 'rbd'

  $common_settings = {
    'database_host'     => $database_host,
    'database_password' => $database_password,
    'rabbit_hosts'      => $rabbit_hosts,
    'rabbit_user'       => $rabbit_user,
    'rabbit_password'   => $rabbit_password,
    'keystone_url'      => $keystone_url,
    'service_password'  => $service_password,
    'region'            => $region,
  }
  if defined(Class['openstack_ha::storage::cinder_common']) {
    openstack_ha::storage::assert_shared_settings('openstack_ha::storage::cinder_common', $common_settings, $title)
  } else {
    class { 'openstack_ha::storage::cinder_common':
      * => $common_settings,
    }
  }

  # cinder::backends and cinder::backend::rbd each write `[rbd] backend_host` unless it is
  # already in the catalog, and cinder::backends (a class) is evaluated before the backend (a
  # defined type), which would leave the option unset. Declaring it here first settles it.
  if $cluster {
    cinder_config { "${backend}/backend_host": ensure => absent }
  } else {
    cinder_config { "${backend}/backend_host": value => $backend_host }
  }

  class { 'cinder::volume':
    cluster => pick($cluster, $facts['os_service_default']),
  }

  if $coordination_url {
    class { 'cinder::coordination':
      backend_url => $coordination_url,
    }
  }

  cinder::backend::rbd { $backend:
    rbd_pool            => $rbd_pool,
    rbd_user            => $rbd_user,
    rbd_secret_uuid     => $rbd_secret_uuid,
    rbd_ceph_conf       => '/etc/ceph/ceph.conf',
    volume_backend_name => $backend,
  }

  class { 'cinder::backends':
    enabled_backends => [$backend],
  }

  class { 'cinder::glance':
    glance_api_servers => $glance_api_servers,
  }
}
