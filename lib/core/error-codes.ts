/**
 * The catalogue of error codes.
 *
 * A code never changes meaning once released; a retired rule keeps its number. Ranges:
 * - `HA10xx` core values (CIDRs, addresses, tokens where a concrete value is needed)
 * - `HA11xx` networks and node groups
 * - `HA12xx` node documents (cloud-init, hiera, user-data size)
 * - `HA13xx` database (Galera), `HA14xx` messaging (RabbitMQ), `HA15xx` VIP and load balancing
 * - `HA16xx` OpenStack services, `HA17xx` storage (Ceph), `HA18xx` blueprints
 *
 * Each entry has a default one-line summary and fix; a rule may give a more specific text.
 */
export const ERROR_CODES = {
  HA1001: {
    summary: 'a value that must be known at synth time is a token (known only at apply time)',
    fix: 'pass a literal value; the library needs it to render configuration files before deploy',
  },
  HA1002: {
    summary: 'not a valid IPv4 CIDR',
    fix: 'write the network in CIDR form, for example "10.20.0.0/24"',
  },
  HA1003: {
    summary: 'not a valid IPv4 address',
    fix: 'write a dotted-quad address, for example "10.20.0.10"',
  },
  HA1004: {
    summary: 'the address is outside the subnet',
    fix: 'choose an address inside the subnet CIDR',
  },
  HA1005: {
    summary: 'the subnet has no free address left for this allocation',
    fix: 'use a larger subnet, or lower the number of nodes or the reserved block size',
  },
  HA1006: {
    summary: 'the address is already allocated to another node or VIP',
    fix: 'choose another address, or another address offset for the node group',
  },
  HA1007: {
    summary: 'a name is not valid for a host or resource name',
    fix: 'use lower-case letters, digits and hyphens, starting with a letter (at most 63 characters)',
  },
  HA1101: {
    summary: 'the node count is not a positive whole number',
    fix: 'set a whole number of nodes, at least 1',
  },
  HA1102: {
    summary: 'a hard anti-affinity server group cannot hold more nodes than the hypervisors available',
    fix: 'lower the node count, raise `maxHypervisors`, or use soft anti-affinity',
  },
  HA1103: {
    summary: 'a required string prop is empty',
    fix: 'give a non-empty value',
  },
  HA1104: {
    summary: 'the address offset puts nodes outside the subnet',
    fix: 'choose a smaller `addressOffset` or a larger subnet',
  },
  HA1105: {
    summary: 'two node groups reserve overlapping address blocks',
    fix: 'give the node groups address offsets whose blocks do not overlap',
  },
  HA1201: {
    summary: 'a file path for cloud-init is not an absolute, normalized path',
    fix: 'write an absolute path without `.` or `..` segments, empty segments, a trailing slash or control characters, for example "/etc/hosts"',
  },
  HA1202: {
    summary: 'file permissions are not four octal digits starting with 0',
    fix: 'write the mode as a string such as "0640" (setuid, setgid and sticky bits are not supported)',
  },
  HA1203: {
    summary: 'two files of the same node document have the same path',
    fix: 'write each path once; merge the contents, or let one construct own the file',
  },
  HA1204: {
    summary: 'a boot or run command is empty',
    fix: 'give the command as an argument list whose first element names the program, for example ["systemctl", "restart", "mariadb"]',
  },
  HA1205: {
    summary: 'a file owner is not of the form user:group',
    fix: 'write the owner as "user:group" with POSIX user and group names, for example "root:puppet"',
  },
  HA1206: {
    summary: 'not a valid host name or fully qualified domain name',
    fix: 'use dot-separated labels of letters, digits and inner hyphens (at most 63 characters each, 253 in all)',
  },
  HA1207: {
    summary: 'a hosts entry has an invalid address, or a name already mapped to another address',
    fix: 'give an IPv4 or IPv6 address, and map each name to one address only',
  },
  HA1208: {
    summary: 'hosts entries are given but cloud-init is told not to render /etc/hosts from its template',
    fix: 'leave `manageEtcHosts` unset or true when adding hosts entries',
  },
  HA1209: {
    summary: 'not a valid Debian package name',
    fix: 'write a Debian package name, optionally pinned with "=version", for example "mariadb-server" or "puppet-agent=8.10.0-1bookworm"',
  },
  HA1210: {
    summary: 'an APT source is incomplete or malformed',
    fix: 'give a one-line `source`, a key id of 8 to 40 hex digits or an armored public key, and a file name without slashes',
  },
  HA1211: {
    summary: 'a secret placeholder is used where no secret can be inserted, or names a secret the file does not declare',
    fix: 'put secrets only in file contents and list each secret used in the file\'s `secrets`',
  },
  HA1212: {
    summary: 'the rendered user-data exceeds the size Nova accepts (65,535 bytes once base64-encoded)',
    fix: 'let large files be compressed (`compress: "auto"`), ship them by another channel, or split the node\'s roles',
  },
  HA1213: {
    summary: 'a secret document or a file holding secrets is malformed',
    fix: 'use non-empty keys and plain values in NFC, without control characters or a combining mark after <, >, &, a quote or a backslash; do not ask to compress content that holds secrets',
  },
  HA1214: {
    summary: 'a time zone or NTP server is malformed',
    fix: 'write a tz database name such as "Europe/Paris" and host names or addresses for NTP servers',
  },
  HA1215: {
    summary: 'a value would not reach cloud-init as written (a character its YAML 1.1 reader changes, or text Terraform changes by Unicode NFC normalization)',
    fix: 'remove control characters, DEL, U+0085, U+2028, U+2029 and U+FEFF, write the text in NFC, and do not start it with a combining mark; send such data as file content, which is base64-encoded when needed',
  },
  HA1216: {
    summary: 'a size setting is not a non-negative whole number',
    fix: 'give a whole number of bytes, 0 or more',
  },
  HA1250: {
    summary: 'two constructs set the same hiera key to different values',
    fix: 'let one construct own the key, or make both agree on the value',
  },
  HA1251: {
    summary: 'a Puppet profile is not allowed on a node of this role',
    fix: 'put the service on a node group whose role allows it (see NodeRole), or change the group role',
  },
  HA1301: {
    summary: 'a Galera cluster needs an odd number of members, 3 to 7, to keep quorum when one fails',
    fix: 'use 3, 5 or 7 nodes, or add an arbitrator (`arbitrator`) to an even-sized cluster',
  },
  HA1302: {
    summary: 'the bootstrap node is not a member of the cluster',
    fix: 'give the index of one of the nodes (0 to count - 1)',
  },
  HA1303: {
    summary: 'not a size MariaDB understands',
    fix: 'write a whole number of megabytes or gigabytes, for example "512M" or "2G"',
  },
  HA1304: {
    summary: 'the connection limit is too low for an OpenStack control plane',
    fix: 'allow at least 100 connections; 4096 is the default',
  },
  HA1305: {
    summary: 'the arbitrator cannot be one of the cluster members',
    fix: 'run the arbitrator on a node outside the database group',
  },
  HA1306: {
    summary: 'not a valid name for a cluster, database or user',
    fix: 'use lower-case letters, digits and underscores, starting with a letter',
  },
  HA1307: {
    summary: 'the database is already declared with another user',
    fix: 'declare each database once, or use the same user',
  },
  HA1401: {
    summary: 'a RabbitMQ cluster needs an odd number of members, at least 3, so a partition always leaves a majority',
    fix: 'use 3 or 5 nodes',
  },
  HA1402: {
    summary: 'partition handling `ignore` lets both sides of a partition go on alone: split brain',
    fix: 'use PartitionHandling.PAUSE_MINORITY (the default), or AUTOHEAL if you accept losing messages on heal',
  },
  HA1403: {
    summary: 'not a valid RabbitMQ user name',
    fix: 'use lower-case letters, digits and underscores, starting with a letter',
  },
  HA1501: {
    summary: 'the virtual router id is outside 1..255',
    fix: 'choose a whole number from 1 to 255',
  },
  HA1502: {
    summary: 'two VIPs on one network use the same virtual router id',
    fix: 'give each VIP on the network its own `virtualRouterId`, or leave it unset to have one chosen',
  },
  HA1503: {
    summary: 'the VRRP advertisement interval is outside 0.01 to 255 seconds',
    fix: 'use 1 (the default) or a value between 0.01 and 255',
  },
  HA1504: {
    summary: 'a sub-second advertisement interval needs VRRP version 3',
    fix: 'set `vrrpVersion: 3` (the default), or an interval of at least 1 second',
  },
  HA1505: {
    summary: 'a VIP needs at least two load balancers to move between',
    fix: 'put the VIP on a node group of 2 or more nodes',
  },
  HA1506: {
    summary: 'the VIP has no front end: nothing is load balanced on it',
    fix: 'expose a service or the database on the VIP, or remove it',
  },
  HA1507: {
    summary: 'two front ends of the VIP use the same name or port',
    fix: 'give every exposed service its own name and port',
  },
  HA1508: {
    summary: 'the VRRP version must be 2 or 3',
    fix: 'set `vrrpVersion` to 3 (the default) or 2',
  },
  HA1509: {
    summary: 'the load balancers are not on the network the VIP belongs to',
    fix: 'create the VIP on the load balancers\' network',
  },
  HA1601: {
    summary: 'the memcached size is outside 64 MiB to 1 TiB',
    fix: 'give the cache size in MiB, for example 1024',
  },
  HA1602: {
    summary: 'not a valid region name',
    fix: 'use letters, digits and hyphens, for example "RegionOne"',
  },
  HA1610: {
    summary: 'L3 HA and distributed routers (DVR) cannot be combined',
    fix: 'choose either `l3Ha` or `distributedRouters`',
  },
  HA1611: {
    summary: 'L3 HA and l2population cannot be combined',
    fix: 'turn off `l2Population`, or L3 HA',
  },
  HA1612: {
    summary: 'fewer than 2 DHCP agents per network: a network loses DHCP with its agent',
    fix: 'set `dhcpAgentsPerNetwork` to 2 or more',
  },
  HA1613: {
    summary: 'more DHCP agents per network, or L3 agents per router, than agents exist',
    fix: 'lower the per-network (per-router) count, or run the agents on more nodes',
  },
  HA1614: {
    summary: 'OVN needs the addresses of its northbound and southbound databases',
    fix: 'give `ovnDatabases` (the OVN central nodes), or use the Open vSwitch driver',
  },
  HA1615: {
    summary: 'distributed routers (DVR) need L3 agents on every compute, which this version does not deploy',
    fix: 'use the default centralized routers (with automatic failover) or `l3Ha`',
  },
  HA1620: {
    summary: 'not a valid Nova cell name',
    fix: 'use lower-case letters, digits and underscores, starting with a letter (at most 32), and not "cell0", for example "cell1"',
  },
  HA1621: {
    summary: 'two cells of one Nova have the same name',
    fix: 'give every NovaCell its own `name`',
  },
  HA1622: {
    summary: 'a NovaCell was added to a Nova that serves its single cell itself',
    fix: 'create the Nova with `multiCell: true`, so that the API tier runs only the API-level services',
  },
  HA1623: {
    summary: 'with several cells, computes belong to a cell, not to the API tier',
    fix: 'give the computes to a NovaCell (`computes`, or `addComputes`) instead of the Nova',
  },
  HA1624: {
    summary: 'a Nova with `multiCell: true` has no NovaCell: no instance could be scheduled',
    fix: 'add at least one NovaCell, or leave `multiCell` unset for a single cell',
  },
  HA1701: {
    summary: 'more than one Glance API without a shared image store: each node would hold different images',
    fix: 'back Glance with Ceph (CephBackedGlance), or run a single Glance API',
  },
  HA1702: {
    summary: 'a replica count below 3 loses data when one OSD fails during recovery',
    fix: 'use 3 replicas, or set `allowReducedRedundancy: true` for a test cluster',
  },
  HA1703: {
    summary: 'two pools have the same name',
    fix: 'give every pool its own name',
  },
  HA1704: {
    summary: 'a Ceph monitor quorum needs an odd number of monitors, at least 3',
    fix: 'use 3 or 5 monitor nodes',
  },
  HA1705: {
    summary: 'fewer OSD nodes than replicas: a pool can never be healthy',
    fix: 'use at least as many OSD nodes as `replicas`',
  },
  HA1706: {
    summary: 'not a valid Ceph cluster id (fsid), monitor address or key',
    fix: 'give the fsid as a UUID, monitors as IPv4 addresses, keys as Terraform sensitive values',
  },
  HA1707: {
    summary: 'active/active volume services need a coordination backend',
    fix: 'set `coordinationUrl` (for example a etcd or redis URL) with `activeActive`, or leave it off',
  },
  HA1708: {
    summary: 'the OSD volume size or count is not a positive whole number',
    fix: 'give the size in GiB and the count per node as whole numbers, at least 1',
  },
  HA1801: {
    summary: 'the API tier needs at least 3 nodes, so a VIP and every API survive a node loss during maintenance',
    fix: 'set `apiNodes` to 3 or more',
  },
  HA1802: {
    summary: 'fewer than 2 network nodes: routers and DHCP have nowhere to fail over to',
    fix: 'set `networkNodes` to 2 or more',
  },
  HA1803: {
    summary: 'the database tier must have 3 or 5 nodes',
    fix: 'set `databaseNodes` to 3 or 5',
  },
  HA1804: {
    summary: 'the number of Nova cells must be from 1 to 7 (and match `computesPerCell` when both are given)',
    fix: 'set `cells` from 1 to 7 (each cell takes a block of 2048 compute addresses), or give only `computesPerCell`',
  },
  HA1806: {
    summary: 'not a valid availability zone name, or an empty list of zones',
    fix: 'give the names of zones of the underlying cloud (`openstack availability zone list`), for example "az1"',
  },
  HA1805: {
    summary: 'a cell would hold no compute, or more than 2048',
    fix: 'add cells (`cells`), lower `computes`, or give each cell from 1 to 2048 computes in `computesPerCell`',
  },
} as const;

/** A code of the catalogue, for example `HA1001`. */
export type ErrorCode = keyof typeof ERROR_CODES;
