# @summary What every Cinder service of a node shares in `cinder.conf`: the database, the
#   message broker with quorum queues, and the credentials Cinder calls Nova with.
#
# Declared by the first of `openstack_ha::profile::cinder` and
# `openstack_ha::profile::cinder_volume` that a node evaluates (a collapsed controller runs
# both); the other checks with `openstack_ha::storage::assert_shared_settings` that it was
# given the same settings.
#
# The connection is composed here (`mysql+pymysql://cinder:<password>@<database_host>/cinder`),
# so the password stays a separate secret. The transport URL lists every broker: RabbitMQ is
# clustered, never put behind the VIP. Queues are quorum queues, set through `cinder::config`
# because puppet-cinder 21 has no parameter for `[oslo_messaging_rabbit] rabbit_quorum_queue`.
# `[nova]` authenticates as Cinder's own service user (which holds the admin role), so the Nova
# password never reaches a Cinder node.
#
# @param database_host
#   The database address (the VIP's Galera front end).
# @param database_password
#   The password of the `cinder` database user.
# @param rabbit_hosts
#   Every RabbitMQ broker, as `address:port`.
# @param rabbit_user
#   The RabbitMQ user.
# @param rabbit_password
#   That user's password.
# @param keystone_url
#   Keystone's endpoint on the VIP.
# @param service_password
#   The password of the `cinder` Keystone user.
# @param region
#   The region whose endpoints Cinder uses.
class openstack_ha::storage::cinder_common (
  Openstack_ha::Ipv4_or_fqdn $database_host,
  String[16] $database_password,
  Array[Openstack_ha::Ipv4_endpoint, 1] $rabbit_hosts,
  String[1] $rabbit_user,
  String[16] $rabbit_password,
  Stdlib::HTTPUrl $keystone_url,
  String[16] $service_password,
  String[1] $region,
) {
  # `cinder` includes cinder::db itself, so it is declared first, with its parameters.
  class { 'cinder::db':
    database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $database_host,
      'database' => 'cinder',
      'username' => 'cinder',
      'password' => $database_password,
    }),
  }

  class { 'cinder::config':
    cinder_config => {
      'oslo_messaging_rabbit/rabbit_quorum_queue' => { 'value' => true },
    },
  }

  class { 'cinder':
    default_transport_url => os_transport_url({
      'transport' => 'rabbit',
      'hosts'     => $rabbit_hosts,
      'username'  => $rabbit_user,
      'password'  => $rabbit_password,
    }),
  }

  class { 'cinder::nova':
    auth_type           => 'password',
    auth_url            => $keystone_url,
    username            => 'cinder',
    password            => $service_password,
    project_name        => 'services',
    user_domain_name    => 'Default',
    project_domain_name => 'Default',
    region_name         => $region,
  }
}
