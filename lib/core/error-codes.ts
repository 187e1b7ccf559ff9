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
  HA1250: {
    summary: 'two constructs set the same hiera key to different values',
    fix: 'let one construct own the key, or make both agree on the value',
  },
  HA1251: {
    summary: 'a Puppet profile is not allowed on a node of this role',
    fix: 'put the service on a node group whose role allows it (see NodeRole), or change the group role',
  },
} as const;

/** A code of the catalogue, for example `HA1001`. */
export type ErrorCode = keyof typeof ERROR_CODES;
