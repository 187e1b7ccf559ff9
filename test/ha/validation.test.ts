// Bad input to the HA constructs: every mistake is reported at synth with its stable code,
// and several mistakes at once are reported together.
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { HaValidationError } from '../../lib/core/errors';
import { AntiAffinity } from '../../lib/compute/anti-affinity';
import { ControlPlaneNetwork } from '../../lib/compute/control-plane-network';
import { NodeGroup, NodeGroupProps } from '../../lib/compute/node-group';
import { NodeRole } from '../../lib/documents/roles';
import { GaleraSst, HaMysqlGalera, HaMysqlGaleraProps } from '../../lib/ha/ha-mysql-galera';
import { HaApiVip, HaApiVipProps } from '../../lib/ha/ha-api-vip';
import { HaMemcached } from '../../lib/ha/ha-memcached';
import { HaRabbitCluster, HaRabbitClusterProps, PartitionHandling } from '../../lib/ha/ha-rabbit-cluster';
import { Keystone } from '../../lib/services/keystone';
import { OpenStackStack } from '../../lib/providers/openstack-stack';
import { Template } from '../support/template';
import { Annotations } from '../support/annotations';

function setup(groupProps: Partial<NodeGroupProps> = {}) {
  const stack = new OpenStackStack(new App(), 'bad');
  const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
  const group = (id: string, more: Partial<NodeGroupProps> = {}) =>
    new NodeGroup(stack, id, { network, flavor: 'f', image: 'i', ...groupProps, ...more });
  return { stack, network, group };
}

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (HaValidationError.isHaValidationError(e)) return e.codes;
    throw e;
  }
  return [];
}

describe('HaMysqlGalera rejects', () => {
  const cases: [string, number, Partial<HaMysqlGaleraProps>, string[]][] = [
    ['two members (an even count splits evenly)', 2, {}, ['HA1301']],
    ['four members without an arbitrator', 4, {}, ['HA1301']],
    ['a single member', 1, {}, ['HA1301']],
    ['nine members', 9, {}, ['HA1301']],
    ['a bootstrap node that is not a member', 3, { bootstrapNodeIndex: 3 }, ['HA1302']],
    ['a negative bootstrap index', 3, { bootstrapNodeIndex: -1 }, ['HA1302']],
    ['a gcache size without unit', 3, { gcacheSize: '1024' }, ['HA1303']],
    ['a buffer pool size in terabytes', 3, { bufferPoolSize: '1T' }, ['HA1303']],
    ['too few connections', 3, { maxConnections: 10 }, ['HA1304']],
    ['a cluster name with spaces', 3, { clusterName: 'my cluster' }, ['HA1306']],
    ['an unknown SST method', 3, { sst: 'xtrabackup' as GaleraSst }, ['HA1509']],
    ['several mistakes at once', 2, { gcacheSize: 'big', maxConnections: 1 }, ['HA1301', 'HA1303', 'HA1304']],
  ];
  it.each(cases)('%s', (_name, count, props, codes) => {
    const { stack, group } = setup();
    const nodes = group('Db', { count });
    expect(codesOf(() => new HaMysqlGalera(stack, 'Galera', { nodes, ...props }))).toEqual(codes);
  });

  it('accepts an even count with an arbitrator, and not an arbitrator that is a member', () => {
    const { stack, group } = setup();
    const nodes = group('Db', { count: 2 });
    const other = group('Brokers', { count: 3, role: NodeRole.MESSAGING });
    expect(codesOf(() => new HaMysqlGalera(stack, 'Galera', { nodes, arbitrator: other.nodes[0] }))).toEqual([]);
    const { stack: s2, group: g2 } = setup();
    const n2 = g2('Db', { count: 3 });
    expect(codesOf(() => new HaMysqlGalera(s2, 'Galera', { nodes: n2, arbitrator: n2.nodes[0] }))).toEqual(['HA1301', 'HA1305']);
  });

  it.each([
    ['an invalid database name', (db: HaMysqlGalera) => db.addDatabase('Nova-API'), 'HA1306'],
    ['a database declared twice with two users', (db: HaMysqlGalera) => (db.addDatabase('nova'), db.addDatabase('nova', 'other')), 'HA1307'],
  ])('%s', (_name, act, code) => {
    const { stack, group } = setup();
    const db = new HaMysqlGalera(stack, 'Galera', { nodes: group('Db') });
    expect(codesOf(() => act(db))).toEqual([code]);
  });

  it('refuses Galera on a compute node (the role may not hold it)', () => {
    const { stack, group } = setup();
    expect(codesOf(() => new HaMysqlGalera(stack, 'Galera', { nodes: group('Cmp', { role: NodeRole.COMPUTE }) }))).toEqual(['HA1251']);
  });

  it('warns when members may share a hypervisor', () => {
    const { stack, group } = setup();
    new HaMysqlGalera(stack, 'Galera', { nodes: group('Db', { antiAffinity: AntiAffinity.SOFT }) });
    expect(Annotations.fromScope(stack).warnings.map((w) => w.message).join()).toMatch(/soft anti-affinity/);
  });
});

describe('HaRabbitCluster rejects', () => {
  const cases: [string, number, Partial<HaRabbitClusterProps>, string[]][] = [
    ['two members', 2, {}, ['HA1401']],
    ['four members', 4, {}, ['HA1401']],
    ['partition handling ignore (split brain)', 3, { partitionHandling: PartitionHandling.IGNORE }, ['HA1402']],
    ['an unknown partition handling', 3, { partitionHandling: 'heal' as PartitionHandling }, ['HA1402']],
    ['a user name with capitals', 3, { user: 'OpenStack' }, ['HA1403']],
    ['an even count and ignore together', 2, { partitionHandling: PartitionHandling.IGNORE }, ['HA1401', 'HA1402']],
  ];
  it.each(cases)('%s', (_name, count, props, codes) => {
    const { stack, group } = setup();
    expect(codesOf(() => new HaRabbitCluster(stack, 'Mq', { nodes: group('Brokers', { count }), ...props }))).toEqual(codes);
  });

  it('accepts autoheal with a warning', () => {
    const { stack, group } = setup();
    new HaRabbitCluster(stack, 'Mq', { nodes: group('Brokers'), partitionHandling: PartitionHandling.AUTOHEAL });
    expect(Annotations.fromScope(stack).warnings.map((w) => w.message).join()).toMatch(/autoheal/);
  });
});

describe('HaApiVip rejects', () => {
  const cases: [string, number, Partial<HaApiVipProps>, string[]][] = [
    ['an address that is not an IP', 3, { address: '10.20.0.300' }, ['HA1003']],
    ['an address outside the subnet', 3, { address: '10.21.0.10' }, ['HA1004']],
    ['an address held by a node', 3, { address: '10.20.0.2' }, ['HA1006']],
    ['a single load balancer', 1, {}, ['HA1505']],
    ['virtual router id 0', 3, { virtualRouterId: 0 }, ['HA1501']],
    ['virtual router id 256', 3, { virtualRouterId: 256 }, ['HA1501']],
    ['an advertisement interval of 0', 3, { advertInterval: 0 }, ['HA1503']],
    ['a sub-second interval with VRRP version 2', 3, { advertInterval: 0.2, vrrpVersion: 2 }, ['HA1503', 'HA1504']],
    ['a fractional interval with VRRP version 2', 3, { advertInterval: 1.5, vrrpVersion: 2 }, ['HA1504']],
    ['an interval over 40.95 s with VRRP version 3', 3, { advertInterval: 60 }, ['HA1503']],
    ['an interval finer than 10 ms', 3, { advertInterval: 0.125 }, ['HA1503']],
    ['VRRP version 4', 3, { vrrpVersion: 4 }, ['HA1508']],
    ['a client network that is not a CIDR', 3, { clientCidrs: ['everyone'] }, ['HA1002']],
    ['several mistakes at once', 1, { virtualRouterId: 300, advertInterval: 999 }, ['HA1505', 'HA1501', 'HA1503']],
  ];
  it.each(cases)('%s', (_name, count, props, codes) => {
    const { stack, group } = setup();
    const nodes = group('Lb', { count });
    expect(codesOf(() => new HaApiVip(stack, 'Vip', { nodes, address: '10.20.0.100', ...props }))).toEqual(codes);
  });

  it('rejects two VIPs with the same virtual router id on one network', () => {
    const { stack, group } = setup();
    const nodes = group('Lb');
    new HaApiVip(stack, 'Public', { nodes, address: '10.20.0.100', virtualRouterId: 60 });
    expect(codesOf(() => new HaApiVip(stack, 'Internal', { nodes, address: '10.20.0.101', virtualRouterId: 60 }))).toEqual(['HA1502']);
  });

  it('gives two VIPs on one network different router ids by default', () => {
    const { stack, group } = setup();
    const nodes = group('Lb');
    const a = new HaApiVip(stack, 'Public', { nodes, address: '10.20.0.100' });
    const b = new HaApiVip(stack, 'Internal', { nodes, address: '10.20.0.101' });
    expect([a.virtualRouterId, b.virtualRouterId]).toEqual([51, 52]);
  });

  it('fails the synth of a VIP with no front end', () => {
    const { stack, group } = setup();
    new HaApiVip(stack, 'Vip', { nodes: group('Lb'), address: '10.20.0.100' });
    expect(() => Template.fromStack(stack)).toThrow(/HA1506/);
  });

  it('rejects two services on one port', () => {
    const { stack, group } = setup();
    const nodes = group('Lb');
    const vip = new HaApiVip(stack, 'Vip', { nodes, address: '10.20.0.100' });
    vip.exposeService({ name: 'keystone', port: 5000, backends: nodes });
    expect(codesOf(() => vip.exposeService({ name: 'other', port: 5000, backends: nodes }))).toEqual(['HA1507']);
  });
});

describe('HaMemcached and Keystone reject', () => {
  it.each([[32], [2_000_000], [1.5]])('a cache size of %s MiB', (size) => {
    const { stack, group } = setup();
    expect(codesOf(() => new HaMemcached(stack, 'Cache', { nodes: group('Ctl'), maxMemoryMb: size }))).toEqual(['HA1601']);
  });

  it('a region name with spaces', () => {
    const { stack, group } = setup();
    const nodes = group('Ctl');
    const database = new HaMysqlGalera(stack, 'Db', { nodes });
    const messaging = new HaRabbitCluster(stack, 'Mq', { nodes });
    const cache = new HaMemcached(stack, 'Cache', { nodes });
    const vip = new HaApiVip(stack, 'Vip', { nodes, address: '10.20.0.100' });
    expect(codesOf(() => new Keystone(stack, 'Keystone', { nodes, database, messaging, cache, vip, region: 'Region One' }))).toEqual(['HA1602']);
  });
});
