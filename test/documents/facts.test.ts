import { describe, expect, it } from 'vitest';
import { HaValidationError } from '../../lib/core/errors';
import { openstackWorkerCounts, renderNodeFacts, NodeFactsInput } from '../../lib/documents/facts';

const CTL1: NodeFactsInput = {
  hostname: 'ctl1',
  domain: 'example.test',
  address: '198.51.100.11',
  prefixLength: 24,
  cores: 8,
  memoryMb: 16384,
};

describe('renderNodeFacts', () => {
  it('names the node consistently in every identity fact', () => {
    const facts = renderNodeFacts(CTL1);
    expect(facts).toMatchObject({
      // Puppet derives trusted.certname from clientcert; hiera's node level depends on it.
      clientcert: 'ctl1.example.test',
      clientversion: '7.23.0',
      hostname: 'ctl1',
      domain: 'example.test',
      fqdn: 'ctl1.example.test',
      networking: { hostname: 'ctl1', domain: 'example.test', fqdn: 'ctl1.example.test' },
    });
  });

  it('describes the primary interface, structured and legacy, with the default name ens3', () => {
    const facts = renderNodeFacts(CTL1);
    expect(facts.networking).toEqual({
      hostname: 'ctl1',
      domain: 'example.test',
      fqdn: 'ctl1.example.test',
      ip: '198.51.100.11',
      netmask: '255.255.255.0',
      network: '198.51.100.0',
      primary: 'ens3',
      interfaces: {
        ens3: {
          ip: '198.51.100.11',
          netmask: '255.255.255.0',
          network: '198.51.100.0',
          bindings: [{ address: '198.51.100.11', netmask: '255.255.255.0', network: '198.51.100.0' }],
        },
        lo: {
          ip: '127.0.0.1',
          netmask: '255.0.0.0',
          network: '127.0.0.0',
          bindings: [{ address: '127.0.0.1', netmask: '255.0.0.0', network: '127.0.0.0' }],
        },
      },
    });
    expect(facts).toMatchObject({
      ipaddress: '198.51.100.11',
      netmask: '255.255.255.0',
      network: '198.51.100.0',
      ipaddress_ens3: '198.51.100.11',
      netmask_ens3: '255.255.255.0',
      network_ens3: '198.51.100.0',
      interfaces: 'ens3,lo',
    });
  });

  it('computes netmask and network for other prefix lengths and interface names', () => {
    const facts = renderNodeFacts({ ...CTL1, address: '10.20.3.77', prefixLength: 22, interfaceName: 'enp0s3.100' });
    expect(facts).toMatchObject({
      netmask: '255.255.252.0',
      network: '10.20.0.0',
      ipaddress_enp0s3_100: '10.20.3.77',
      networking: { primary: 'enp0s3.100' },
    });
    expect(renderNodeFacts({ ...CTL1, prefixLength: 32 })).toMatchObject({ netmask: '255.255.255.255', network: '198.51.100.11' });
  });

  it('describes Debian 12 bookworm with the legacy OS facts modules still read', () => {
    const facts = renderNodeFacts(CTL1);
    expect(facts).toMatchObject({
      os: { name: 'Debian', family: 'Debian', release: { major: '12' }, distro: { codename: 'bookworm' } },
      osfamily: 'Debian',
      operatingsystem: 'Debian',
      operatingsystemmajrelease: '12',
      lsbdistcodename: 'bookworm',
      kernel: 'Linux',
      puppetversion: '7.23.0',
    });
  });

  it('gives CPUs and memory from the flavor, with memory formatted as facter does', () => {
    const facts = renderNodeFacts(CTL1);
    expect(facts).toMatchObject({
      processors: { count: 8, physicalcount: 1 },
      processorcount: 8,
      memorysize: '16.00 GiB',
      memorysize_mb: 16384,
      memory: { system: { total: '16.00 GiB', total_bytes: 17179869184 } },
    });
    expect(renderNodeFacts({ ...CTL1, memoryMb: 3584 }).memorysize).toBe('3.50 GiB');
    expect(renderNodeFacts({ ...CTL1, memoryMb: 512 }).memorysize).toBe('512.00 MiB');
  });

  it('says the node is a KVM guest under systemd whatever machine renders it', () => {
    expect(renderNodeFacts(CTL1)).toMatchObject({
      is_virtual: true,
      virtual: 'kvm',
      service_provider: 'systemd',
      systemd: true,
      root_home: '/root',
    });
  });

  it("includes openstacklib's custom facts", () => {
    expect(renderNodeFacts(CTL1)).toMatchObject({
      os_service_default: '<SERVICE DEFAULT>',
      os_workers_small: 2,
      os_workers: 4,
      os_workers_large: 4,
      os_workers_heat_engine: 4,
      os_workers_keystone: 8,
    });
  });

  it('is plain JSON data', () => {
    const facts = renderNodeFacts(CTL1);
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it('reports every invalid field at once', () => {
    let error: unknown;
    try {
      renderNodeFacts({ ...CTL1, hostname: 'Ctl_1', domain: 'example..test', address: '198.51.100.256', prefixLength: 33, interfaceName: 'a b' });
    } catch (e) {
      error = e;
    }
    expect(HaValidationError.isHaValidationError(error)).toBe(true);
    const problems = (error as HaValidationError).problems;
    expect(problems.map((p) => [p.code, p.prop])).toEqual([
      ['HA1007', 'hostname'],
      ['HA1007', 'domain'],
      ['HA1003', 'address'],
      ['HA1002', 'prefixLength'],
      ['HA1007', 'interfaceName'],
    ]);
  });

  it.each([
    ['cores', 0],
    ['cores', 2.5],
    ['memoryMb', -1],
  ] as const)('rejects %s = %s', (prop, value) => {
    expect(() => renderNodeFacts({ ...CTL1, [prop]: value })).toThrow(new RegExp(`${prop} = ${value}: must be a positive whole number`));
  });
});

describe('openstackWorkerCounts', () => {
  // Expected values worked out by hand from openstacklib's lib/facter/os_workers.rb.
  it.each([
    [1, { os_workers_small: 2, os_workers: 2, os_workers_large: 1, os_workers_heat_engine: 4, os_workers_keystone: 4 }],
    [2, { os_workers_small: 2, os_workers: 2, os_workers_large: 1, os_workers_heat_engine: 4, os_workers_keystone: 4 }],
    [6, { os_workers_small: 2, os_workers: 3, os_workers_large: 3, os_workers_heat_engine: 4, os_workers_keystone: 6 }],
    [16, { os_workers_small: 4, os_workers: 8, os_workers_large: 8, os_workers_heat_engine: 8, os_workers_keystone: 16 }],
    [64, { os_workers_small: 8, os_workers: 12, os_workers_large: 32, os_workers_heat_engine: 24, os_workers_keystone: 24 }],
  ])('for %i cores', (cores, expected) => {
    expect(openstackWorkerCounts(cores)).toEqual(expected);
  });
});
