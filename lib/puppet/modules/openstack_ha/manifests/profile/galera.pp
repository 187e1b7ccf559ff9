# @summary A member of the MariaDB Galera cluster that holds the OpenStack databases.
#
# MariaDB 10.11 with galera-4, from Debian 12. The configuration is rendered by this profile
# (`/etc/mysql/my.cnf`, replacing the package's alternatives link): the Debian galera module
# and puppetlabs-mysql write it before the package is installed, so the package would start
# the server with the cluster settings, and they decide about bootstrapping by probing ports,
# which is racy when all nodes boot at once.
#
# **First boot, in any order.** The package is installed with its service masked, so nothing
# starts with stock or half-written settings. Then `openstack-ha-galera-start` starts the
# member (Puppet runs it unless `openstack-ha-galera-start --check` reports the member Synced):
# the bootstrap member starts a new cluster only when it holds no Galera state and no member
# is Primary, then creates the accounts from `/etc/mysql/openstack-ha-accounts.sql`; every
# other member waits (bounded) until a member answers as Primary, then joins by state
# transfer. Running it again is harmless. The unit stays enabled, so a member rejoins by
# itself at boot.
#
# **Full-cluster recovery.** `openstack-ha-galera-recover`, run on every database node, reads
# each member's recovered position, bootstraps from the most advanced one at its position and
# lets the others rejoin by IST, keeping the cluster's UUID.
#
# **Health check.** `openstack-ha-galera-clustercheck` answers HTTP 200 on `status_port` while
# the member is Synced (503 otherwise), through xinetd, to the addresses allowed only.
#
# Ports between the members: `port` (the members ask one another whether they are Primary,
# with the health-check account), 4567 (group communication), 4568 (IST), 4444 (SST, and the
# position exchange of a recovery).
#
# @param cluster_name
#   The Galera cluster's name (`wsrep_cluster_name`), the same on every member and arbitrator.
# @param node_address
#   This member's address: the server listens on it, and the other members reach it there.
# @param members
#   Every member's address in the cluster's order (`wsrep_cluster_address`), this member and
#   any Galera arbitrator included.
# @param bootstrap_address
#   The member that bootstraps the cluster at first boot; one of `members`.
# @param root_password
#   The password of `root@localhost`, which also keeps logging in by socket.
# @param sst_password
#   The password of the `sst@localhost` account that copies a donor's data for a state
#   snapshot transfer (`wsrep_sst_auth`).
# @param status_password
#   The password of the `clustercheck` account (status variables only) that the health check
#   and the members' start scripts use.
# @param sst_method
#   How a joining member receives a full copy: `mariabackup` (the donor stays writable) or
#   `rsync` (the donor is blocked during the copy).
# @param gcache_size
#   The size of the write-set cache (`gcache.size`): a member that was away for less than this
#   much writing catches up by IST instead of a full copy.
# @param innodb_buffer_pool_size
#   The InnoDB buffer pool, as `<number>M` or `<number>G`.
# @param max_connections
#   The most client connections; every worker of every OpenStack API holds a pool of them.
# @param port
#   The SQL port the server listens on (and the load balancers forward to).
# @param status_port
#   The port of the HTTP health check.
# @param status_allowed_addresses
#   The addresses allowed to query the health check (the load balancers); this member's own
#   address always is.
# @param databases
#   The databases to create, each with the user who owns it (name => user). They are created
#   with the cluster's accounts, on whichever member applies the accounts file.
# @param database_passwords
#   The passwords of the users of `databases` (user => password). A user listed here is created
#   (`'user'@'%'`) and granted everything on its databases; a user without a password gets no
#   account here. Every user named here must own a database.
class openstack_ha::profile::galera (
  String[1] $cluster_name,
  Stdlib::IP::Address::V4::Nosubnet $node_address,
  Array[Stdlib::IP::Address::V4::Nosubnet, 2] $members,
  Stdlib::IP::Address::V4::Nosubnet $bootstrap_address,
  String[16] $root_password,
  String[16] $sst_password,
  String[16] $status_password,
  Enum['mariabackup', 'rsync'] $sst_method = 'mariabackup',
  Openstack_ha::Byte_size $gcache_size = '1G',
  Openstack_ha::Byte_size $innodb_buffer_pool_size = '1G',
  Integer[100] $max_connections = 4096,
  Stdlib::Port $port = 3306,
  Stdlib::Port $status_port = 9200,
  Array[Stdlib::IP::Address::V4::Nosubnet] $status_allowed_addresses = [],
  Hash[Openstack_ha::Sql_name, Openstack_ha::Sql_name] $databases = {},
  Hash[Openstack_ha::Sql_name, String[16]] $database_passwords = {},
) {
  $profile = 'openstack_ha::profile::galera'
  if defined(Class['openstack_ha::profile::galera_arbitrator']) {
    fail("${profile}: a node cannot be both a Galera member and a Galera arbitrator (both listen on port 4567)")
  }
  unless $node_address in $members {
    fail("${profile}: node_address ${node_address} is not one of the members ${members}")
  }
  unless $bootstrap_address in $members {
    fail("${profile}: bootstrap_address ${bootstrap_address} is not one of the members ${members}")
  }
  if $members.unique.length != $members.length {
    fail("${profile}: members lists an address more than once: ${members}")
  }
  $gcomm_port = 4567
  $ist_port = 4568
  $sst_port = 4444
  if $port in [$gcomm_port, $ist_port, $sst_port, $status_port] or $status_port in [$gcomm_port, $ist_port, $sst_port] {
    fail("${profile}: port ${port} and status_port ${status_port} must differ from each other and from Galera's ports ${gcomm_port}, ${ist_port} and ${sst_port}")
  }
  $owners = $databases.values.unique
  $stray_users = $database_passwords.keys.filter |$user| { !($user in $owners) }
  unless $stray_users.empty {
    fail("${profile}: database_passwords has passwords for ${stray_users}, who own none of the databases ${databases}")
  }

  $config_file = '/etc/mysql/my.cnf'
  $check_file = '/etc/mysql/openstack-ha-clustercheck.cnf'
  $accounts_file = '/etc/mysql/openstack-ha-accounts.sql'
  $start_command = '/usr/local/sbin/openstack-ha-galera-start'
  $recover_command = '/usr/local/sbin/openstack-ha-galera-recover'
  $check_command = '/usr/local/sbin/openstack-ha-galera-clustercheck'
  $socket = '/run/mysqld/mysqld.sock'
  $service = 'mariadb'
  # How long a member waits for a Primary member, and for its own state transfer; Puppet's
  # exec gets both and a margin.
  $primary_wait = 1800
  $synced_wait = 1800

  # The member endpoints the scripts work with: address, SQL port, and the port a recovery
  # publishes positions on (the SST port, free while the server is down).
  $endpoints = $members.map |$member| { "${member}:${port}:${sst_port}" }

  $packages = $sst_method ? {
    'mariabackup' => ['mariadb-server', 'galera-4', 'mariadb-backup'],
    default       => ['mariadb-server', 'galera-4'],
  }

  # Before the first install only: the package would start the server at once, with the stock
  # settings; masked, it waits for the start script.
  exec { 'openstack_ha galera: keep mariadb stopped until configured':
    command  => "/usr/bin/systemctl mask ${service}.service",
    unless   => '/usr/bin/dpkg-query --show --showformat=\'${Status}\' mariadb-server 2>/dev/null | /usr/bin/grep -q \'install ok installed\'',
    provider => shell,
    before   => Package[$packages],
  }

  package { $packages:
    ensure => installed,
  }

  file { $config_file:
    ensure    => file,
    owner     => 'root',
    group     => 'mysql',
    mode      => '0640',
    show_diff => false,
    content   => Sensitive(epp('openstack_ha/galera/my.cnf.epp', {
      'cluster_name'            => $cluster_name,
      'node_name'               => $facts['networking']['hostname'],
      'node_address'            => $node_address,
      'members'                 => $members,
      'port'                    => $port,
      'gcomm_port'              => $gcomm_port,
      'ist_port'                => $ist_port,
      'sst_port'                => $sst_port,
      'sst_method'              => $sst_method,
      'sst_auth'                => openstack_ha::option_file_value("sst:${sst_password}", 'sst_password'),
      'gcache_size'             => $gcache_size,
      'innodb_buffer_pool_size' => $innodb_buffer_pool_size,
      'max_connections'         => $max_connections,
      'applier_threads'         => max(1, min(16, $facts['processors']['count'])),
      'datadir'                 => '/var/lib/mysql',
      'socket'                  => $socket,
      'pid_file'                => '/run/mysqld/mysqld.pid',
      'includedir'              => '/etc/mysql/conf.d',
    })),
    require   => Package[$packages],
  }

  group { 'clustercheck':
    ensure => present,
    system => true,
  }
  user { 'clustercheck':
    ensure     => present,
    system     => true,
    gid        => 'clustercheck',
    home       => '/nonexistent',
    managehome => false,
    shell      => '/usr/sbin/nologin',
    require    => Group['clustercheck'],
  }

  file { $check_file:
    ensure    => file,
    owner     => 'root',
    group     => 'clustercheck',
    mode      => '0640',
    show_diff => false,
    content   => Sensitive(epp('openstack_ha/galera/clustercheck.cnf.epp', {
      'password' => $status_password,
      'socket'   => $socket,
    })),
    require   => [Package[$packages], Group['clustercheck']],
  }

  file { $accounts_file:
    ensure    => file,
    owner     => 'root',
    group     => 'root',
    mode      => '0600',
    show_diff => false,
    content   => Sensitive(epp('openstack_ha/galera/accounts.sql.epp', {
      'root_password'      => $root_password,
      'sst_password'       => $sst_password,
      'status_password'    => $status_password,
      'status_hosts'       => ['localhost'] + $members,
      'databases'          => $databases,
      'database_passwords' => $database_passwords,
    })),
    require   => Package[$packages],
  }

  $script_settings = {
    'members'       => $endpoints,
    'node'          => "${node_address}:${port}:${sst_port}",
    'bootstrap'     => "${bootstrap_address}:${port}:${sst_port}",
    'defaults_file' => $config_file,
    'check_file'    => $check_file,
    'accounts_file' => $accounts_file,
    'service'       => $service,
    'primary_wait'  => $primary_wait,
    'synced_wait'   => $synced_wait,
  }
  file { $start_command:
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0755',
    content => epp('openstack_ha/galera/start.sh.epp', { 'settings' => $script_settings }),
  }
  file { $recover_command:
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0755',
    content => epp('openstack_ha/galera/recover.sh.epp', { 'settings' => $script_settings }),
  }

  # Enabled (and unmasked), so the member starts at boot; started only by the script.
  service { $service:
    enable  => true,
    require => File[$config_file],
  }

  exec { 'openstack_ha galera: start the member':
    command   => $start_command,
    unless    => "${start_command} --check",
    timeout   => $primary_wait + $synced_wait + 600,
    logoutput => true,
    require   => [
      Service[$service],
      File[$start_command, $check_file, $accounts_file],
    ],
  }

  # Account and database changes made later, applied on whichever member runs Puppet first
  # (the statements are idempotent and Galera replicates them).
  exec { 'openstack_ha galera: apply the accounts':
    command     => "/usr/bin/mariadb --defaults-file=${config_file} --user=root --protocol=socket --batch < ${accounts_file}",
    provider    => shell,
    refreshonly => true,
    subscribe   => File[$accounts_file],
    require     => Exec['openstack_ha galera: start the member'],
  }

  file { $check_command:
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0755',
    content => epp('openstack_ha/galera/clustercheck.sh.epp', {
      'check_file' => $check_file,
      'drain_file' => '/etc/mysql/openstack-ha-clustercheck.drain',
    }),
  }

  xinetd::service { 'mysqlchk':
    port                    => $status_port,
    bind                    => $node_address,
    server                  => $check_command,
    user                    => 'clustercheck',
    group                   => 'clustercheck',
    only_from               => ([$node_address] + $status_allowed_addresses).unique.join(' '),
    service_type            => 'UNLISTED',
    flags                   => 'REUSE',
    per_source              => 'UNLIMITED',
    log_on_success          => '',
    log_on_success_operator => '=',
    require                 => [File[$check_command, $check_file], User['clustercheck']],
  }
}
