/**
 * The facts Puppet sees on a node, rendered at synth time.
 *
 * Facts are what Puppet knows about a machine: its names, addresses, OS, CPUs and memory.
 * On the node, facter discovers them; to check a node's catalog before the node exists, the
 * same facts are rendered here from what the library already decided (the node's name, its
 * synth-time address, its flavor) and handed to `puppet catalog compile` as a JSON file.
 *
 * Two families of facts need care because modules read them and nothing computes them when
 * facts come from a file:
 * - the legacy top-level facts (`$::ipaddress`, `$::fqdn`, `$::osfamily`, `$::processorcount`
 *   ...) that the older third-party modules still read, next to the structured ones;
 * - the custom facts modules ship in `lib/facter/` (openstacklib's `os_service_default` and
 *   `os_workers*`, stdlib's `service_provider` and `root_home`, camptocamp-systemd's
 *   `systemd`), which facter evaluates on a node but a JSON facts file does not;
 * - the facts Puppet adds itself on the node (`clientcert`, `clientversion`, `clientnoop`).
 *
 * @module
 */
import { HaProblem, HaValidationError, problemAt } from '../core/errors';
import { formatIpv4, parseIpv4 } from '../core/ipam';

/** What a node's facts are derived from. */
export interface NodeFactsInput {
  /** The short host name, for example `ctl1`. */
  readonly hostname: string;
  /** The DNS domain, for example `example.test`; the FQDN is `<hostname>.<domain>`. */
  readonly domain: string;
  /** The node's IPv4 address on its primary interface, for example `10.20.0.11`. */
  readonly address: string;
  /** The prefix length of the primary interface's subnet, for example `24`. */
  readonly prefixLength: number;
  /**
   * The name of the primary interface as the guest kernel names it.
   * @default 'ens3' - the first virtio NIC of a KVM guest on Debian 12
   */
  readonly interfaceName?: string;
  /** The number of vCPUs of the node's flavor. */
  readonly cores: number;
  /** The memory of the node's flavor, in MiB. */
  readonly memoryMb: number;
}

/** The interface name used when {@link NodeFactsInput.interfaceName} is not given. */
export const DEFAULT_INTERFACE_NAME = 'ens3';

/**
 * The value of openstacklib's `os_service_default` fact: the marker puppet-openstack writes
 * for "leave the service's own default", which its `*_config` providers turn into an absent
 * option.
 */
export const OPENSTACK_SERVICE_DEFAULT = '<SERVICE DEFAULT>';

/** The Puppet version Debian 12 installs (`puppet-agent` 7.23.0): `puppetversion` and `clientversion`. */
export const NODE_PUPPET_VERSION = '7.23.0';
/** The facter version Debian 12 installs (`facter` 4.3.0): `facterversion`. */
export const NODE_FACTER_VERSION = '4.3.0';

/**
 * openstacklib's worker counts for a node with this many vCPUs, by the formulas of its
 * `os_workers` custom facts (integer division, clamped).
 */
export interface OpenstackWorkerCounts {
  /** `os_workers_small`: cores / 4, from 2 to 8. */
  readonly os_workers_small: number;
  /** `os_workers`: cores / 2, from 2 to 12; the default of most API services. */
  readonly os_workers: number;
  /** `os_workers_large`: cores / 2, at least 1, no cap. */
  readonly os_workers_large: number;
  /** `os_workers_heat_engine`: cores / 2, from 4 to 24. */
  readonly os_workers_heat_engine: number;
  /** `os_workers_keystone`: cores, from 4 to 24 (public and admin share one process group). */
  readonly os_workers_keystone: number;
}

/** Computes openstacklib's `os_workers*` facts for a node with `cores` vCPUs. */
export function openstackWorkerCounts(cores: number): OpenstackWorkerCounts {
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
  const half = Math.floor(cores / 2);
  return {
    os_workers_small: clamp(Math.floor(cores / 4), 2, 8),
    os_workers: clamp(half, 2, 12),
    os_workers_large: Math.max(half, 1),
    os_workers_heat_engine: clamp(half, 4, 24),
    os_workers_keystone: clamp(cores, 4, 24),
  };
}

const DEBIAN_RELEASE = { full: '12', major: '12' } as const;
const DEBIAN_DESCRIPTION = 'Debian GNU/Linux 12 (bookworm)';
const KERNEL = { release: '6.1.0-cloud-amd64', version: '6.1.0', majorVersion: '6.1' } as const;
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/**
 * Renders the facts hash Puppet will see on a node: the `values` of a facts file, flat at the
 * top level as facter presents them (structured facts as nested objects).
 *
 * It describes a Debian 12 KVM guest run by systemd, with one interface on the control-plane
 * network. Values the library cannot know before the VM boots (MAC address, MTU, disks,
 * uptime) are left out rather than guessed.
 *
 * @throws HaValidationError when the address, prefix length, host name, domain or interface
 *   name is not valid (codes `HA1003`, `HA1002`, `HA1007`)
 * @throws RangeError when `cores` or `memoryMb` is not a positive whole number
 *
 * @example
 * const facts = renderNodeFacts({ hostname: 'ctl1', domain: 'example.test', address: '10.20.0.11',
 *   prefixLength: 24, cores: 8, memoryMb: 16384 });
 * facts.fqdn;                    // 'ctl1.example.test'
 * facts.os_workers;              // 4
 */
export function renderNodeFacts(input: NodeFactsInput): Record<string, unknown> {
  const interfaceName = input.interfaceName ?? DEFAULT_INTERFACE_NAME;
  checkInput(input, interfaceName);

  const { hostname, domain, address, prefixLength, cores, memoryMb } = input;
  const fqdn = `${hostname}.${domain}`;
  const maskValue = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  const netmask = formatIpv4(maskValue);
  const network = formatIpv4((parseIpv4(address)! & maskValue) >>> 0);
  const legacyInterface = interfaceName.replace(/[^A-Za-z0-9_]/g, '_');

  const primaryInterface = {
    ip: address,
    netmask,
    network,
    bindings: [{ address, netmask, network }],
  };
  const loopback = {
    ip: '127.0.0.1',
    netmask: '255.0.0.0',
    network: '127.0.0.0',
    bindings: [{ address: '127.0.0.1', netmask: '255.0.0.0', network: '127.0.0.0' }],
  };
  const memoryBytes = memoryMb * 1024 * 1024;
  const memoryText = humanBytes(memoryBytes);

  return {
    // What Puppet itself adds to the facts on the node. `clientcert` is what the compiler
    // derives `trusted.certname` from, and the hiera hierarchy's node level is
    // `nodes/%{trusted.certname}.yaml`; concat::fragment compares `clientversion`.
    clientcert: fqdn,
    clientversion: NODE_PUPPET_VERSION,
    clientnoop: false,
    hostname,
    domain,
    fqdn,
    networking: {
      hostname,
      domain,
      fqdn,
      ip: address,
      netmask,
      network,
      primary: interfaceName,
      interfaces: { [interfaceName]: primaryInterface, lo: loopback },
    },
    // Legacy network facts (haproxy::balancermember, galera and others read `$::ipaddress`).
    ipaddress: address,
    netmask,
    network,
    interfaces: [interfaceName, 'lo'].map((name) => name.replace(/[^A-Za-z0-9_]/g, '_')).sort().join(','),
    [`ipaddress_${legacyInterface}`]: address,
    [`netmask_${legacyInterface}`]: netmask,
    [`network_${legacyInterface}`]: network,
    ipaddress_lo: '127.0.0.1',
    netmask_lo: '255.0.0.0',
    network_lo: '127.0.0.0',

    // Operating system and kernel.
    os: {
      name: 'Debian',
      family: 'Debian',
      release: { ...DEBIAN_RELEASE },
      distro: { id: 'Debian', codename: 'bookworm', description: DEBIAN_DESCRIPTION, release: { ...DEBIAN_RELEASE } },
      architecture: 'amd64',
      hardware: 'x86_64',
      selinux: { enabled: false },
    },
    osfamily: 'Debian',
    operatingsystem: 'Debian',
    operatingsystemrelease: DEBIAN_RELEASE.full,
    operatingsystemmajrelease: DEBIAN_RELEASE.major,
    lsbdistid: 'Debian',
    lsbdistcodename: 'bookworm',
    lsbdistdescription: DEBIAN_DESCRIPTION,
    lsbdistrelease: DEBIAN_RELEASE.full,
    lsbmajdistrelease: DEBIAN_RELEASE.major,
    architecture: 'amd64',
    hardwaremodel: 'x86_64',
    hardwareisa: 'x86_64',
    kernel: 'Linux',
    kernelrelease: KERNEL.release,
    kernelversion: KERNEL.version,
    kernelmajversion: KERNEL.majorVersion,
    selinux: false,
    fips_enabled: false,
    path: SYSTEM_PATH,
    facterversion: NODE_FACTER_VERSION,
    puppetversion: NODE_PUPPET_VERSION,
    identity: { user: 'root', uid: 0, group: 'root', gid: 0, privileged: true },

    // The flavor: CPUs and memory (memcached sizes itself from `memorysize`, worker counts
    // come from `processors.count`).
    processors: { count: cores, physicalcount: 1, cores, threads: 1, isa: 'x86_64' },
    processorcount: cores,
    physicalprocessorcount: 1,
    memory: { system: { total: memoryText, total_bytes: memoryBytes } },
    memorysize: memoryText,
    memorysize_mb: memoryMb,

    // The platform: a KVM guest under systemd. The machine that compiles the catalog may be
    // neither, so these must come from here and not from its own facter.
    is_virtual: true,
    virtual: 'kvm',
    service_provider: 'systemd',
    package_provider: 'apt',
    systemd: true,
    root_home: '/root',

    // openstacklib's custom facts, which puppet-openstack reads for every service default.
    os_service_default: OPENSTACK_SERVICE_DEFAULT,
    ...openstackWorkerCounts(cores),
  };
}

function checkInput(input: NodeFactsInput, interfaceName: string): void {
  const scope = `node ${String(input.hostname)}.${String(input.domain)}`;
  const problems: HaProblem[] = [];
  if (typeof input.hostname !== 'string' || !LABEL.test(input.hostname)) {
    problems.push(problemAt(scope, { code: 'HA1007', prop: 'hostname', value: input.hostname }));
  }
  const domainLabels = typeof input.domain === 'string' ? input.domain.split('.') : [];
  if (domainLabels.length === 0 || !domainLabels.every((label) => LABEL.test(label))) {
    problems.push(
      problemAt(scope, {
        code: 'HA1007',
        prop: 'domain',
        value: input.domain,
        message: 'not a valid DNS domain',
        fix: 'use dot-separated labels of lower-case letters, digits and hyphens, for example "example.test"',
      }),
    );
  }
  if (parseIpv4(input.address) === undefined) {
    problems.push(problemAt(scope, { code: 'HA1003', prop: 'address', value: input.address }));
  }
  if (!Number.isInteger(input.prefixLength) || input.prefixLength < 1 || input.prefixLength > 32) {
    problems.push(
      problemAt(scope, {
        code: 'HA1002',
        prop: 'prefixLength',
        value: input.prefixLength,
        message: 'the prefix length is not a whole number from 1 to 32',
        fix: 'give the prefix length of the subnet the address is in, for example 24 for a /24',
      }),
    );
  }
  if (!INTERFACE_NAME.test(interfaceName)) {
    problems.push(
      problemAt(scope, {
        code: 'HA1007',
        prop: 'interfaceName',
        value: interfaceName,
        message: 'not a valid Linux interface name',
        fix: 'give the name the guest kernel uses, at most 15 characters, for example "ens3"',
      }),
    );
  }
  if (problems.length > 0) throw new HaValidationError(problems);

  for (const prop of ['cores', 'memoryMb'] as const) {
    const value = input[prop];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${scope}: ${prop} = ${String(value)}: must be a positive whole number`);
    }
  }
}

/** Formats a byte count the way facter does: two decimals and a binary unit (`16.00 GiB`). */
function humanBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(2)} ${units[unit]}`;
}
