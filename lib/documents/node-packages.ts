/**
 * The Debian bookworm packages every node installs before its first Puppet run: Puppet and
 * the puppet-openstack 21.x (Zed) module set, with the supporting modules that the Debian
 * packages do not pull in themselves (augeas-core, archive, systemd, and the host and cron
 * types that left Puppet's core).
 *
 * The real-tool checks compile catalogs against exactly this set.
 */
export const NODE_PUPPET_PACKAGES: readonly string[] = [
  'lsb-release',
  'puppet-agent',
  'puppet-module-camptocamp-systemd',
  'puppet-module-ceph',
  'puppet-module-cinder',
  'puppet-module-glance',
  'puppet-module-keystone',
  'puppet-module-michaeltchapman-galera',
  'puppet-module-neutron',
  'puppet-module-nova',
  'puppet-module-openstack-extras',
  'puppet-module-openstacklib',
  'puppet-module-oslo',
  'puppet-module-ovn',
  'puppet-module-placement',
  'puppet-module-puppet-archive',
  'puppet-module-puppetlabs-augeas-core',
  'puppet-module-puppetlabs-cron-core',
  'puppet-module-puppetlabs-haproxy',
  'puppet-module-puppetlabs-host-core',
  'puppet-module-puppetlabs-mysql',
  'puppet-module-puppetlabs-rabbitmq',
  'puppet-module-saz-memcached',
  'puppet-module-voxpupuli-corosync',
];
