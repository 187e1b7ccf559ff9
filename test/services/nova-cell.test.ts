// Nova cells v2: how the API tier, the cells' controllers and the cells' computes are wired
// (read back from the documents each node boots with), and every mistake a team can make
// with cells, each with its code.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { App } from '../../lib/core/cdk';
import { HaValidationError } from '../../lib/core/errors';
import { synthesizeToJson } from '../../lib/core/synth-json';
import { ComputePool } from '../../lib/compute/compute-pool';
import { ControlPlaneNetwork } from '../../lib/compute/control-plane-network';
import { NodeGroup } from '../../lib/compute/node-group';
import { NodeRole, Profile } from '../../lib/documents/roles';
import { HaApiVip } from '../../lib/ha/ha-api-vip';
import { HaMemcached } from '../../lib/ha/ha-memcached';
import { HaMysqlGalera } from '../../lib/ha/ha-mysql-galera';
import { HaRabbitCluster } from '../../lib/ha/ha-rabbit-cluster';
import { OpenStackStack } from '../../lib/providers/openstack-stack';
import { Keystone } from '../../lib/services/keystone';
import { Nova } from '../../lib/services/nova';
import { NovaCell } from '../../lib/services/nova-cell';
import { Placement } from '../../lib/services/placement';
import { buildLargeCloud } from '../../examples/large/large';
import { LargeCloud } from '../../lib/blueprints/large-cloud';
import { ServerNode } from '../../lib/compute/server-node';

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (HaValidationError.isHaValidationError(e)) return e.codes;
    throw e;
  }
  return [];
}

/** A small deployment: three API controllers with the shared services, and a Nova. */
function deployment(multiCell: boolean) {
  const stack = new OpenStackStack(new App(), 'cells');
  const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.40.0.0/22' });
  const group = (id: string, prefix: string, offset: number, role = NodeRole.CONTROLLER) =>
    new NodeGroup(stack, id, { network, count: 3, role, flavor: 'f', image: 'i', hostnamePrefix: prefix, addressOffset: offset, addressCapacity: 16 });
  const api = group('Api', 'api', 16);
  const database = new HaMysqlGalera(stack, 'Db', { nodes: api });
  const messaging = new HaRabbitCluster(stack, 'Mq', { nodes: api });
  const cache = new HaMemcached(stack, 'Cache', { nodes: api });
  const vip = new HaApiVip(stack, 'Vip', { nodes: api, address: '10.40.0.10' });
  const keystone = new Keystone(stack, 'Keystone', { nodes: api, database, messaging, vip, cache });
  const ctx = { database, messaging, cache, vip, keystone };
  new Placement(stack, 'Placement', { nodes: api, ...ctx });
  const nova = new Nova(stack, 'Nova', { nodes: api, multiCell, ...ctx });
  const computes = (id: string, offset: number) => new ComputePool(stack, id, { network, count: 4, flavor: 'f', image: 'i', addressOffset: offset });
  return { stack, network, group, nova, computes };
}

function hieraOf(node: ServerNode | ComputePool): Record<string, any> {
  return parse(node.renderDocuments().nodeYaml);
}

function secretKeysOf(node: ServerNode | ComputePool): string[] {
  return node.hiera.secrets.map(([key]) => key);
}

describe('NovaCell wiring in the large blueprint', () => {
  const app = new App();
  const stack = buildLargeCloud(app);
  const cloud = stack.node.findAll().find((c): c is LargeCloud => c instanceof LargeCloud)!;
  const [cell1, cell2] = cloud.cells;
  const apiBootstrap = cloud.apiTier.nodes[0];

  it('gives every cell its own controllers, database cluster, brokers and VIP', () => {
    expect(cloud.cells.map((c) => c.name)).toEqual(['cell1', 'cell2']);
    expect(cell1.nodes.addresses).not.toEqual(cell2.nodes.addresses);
    expect(cell1.messaging.hosts).toEqual(cell1.nodes.addresses.map((a) => `${a}:5672`));
    expect(cell1.database.declaredDatabases.map((d) => [d.name, d.user])).toEqual([['nova_cell1', 'nova']]);
    for (const profile of [Profile.GALERA, Profile.RABBITMQ, Profile.HAPROXY, Profile.KEEPALIVED, Profile.NOVA_CONDUCTOR, Profile.NOVA_NOVNCPROXY]) {
      expect(cell1.nodes.nodes[0].profiles).toContain(profile);
    }
  });

  it('runs only API-level services on the API tier, with cell0 as their database', () => {
    const hiera = hieraOf(apiBootstrap);
    expect(apiBootstrap.profiles).not.toContain(Profile.NOVA_NOVNCPROXY);
    expect(apiBootstrap.profiles).toEqual(expect.arrayContaining([Profile.NOVA_API, Profile.NOVA_CONDUCTOR, Profile.NOVA_SCHEDULER]));
    expect(hiera['openstack_ha::profile::nova_common::database_name']).toBe('nova_cell0');
  });

  it('has the bootstrap API node map every cell to its database and brokers', () => {
    const cells = hieraOf(apiBootstrap)['openstack_ha::profile::nova_api::cells'];
    expect(cells).toEqual({
      cell1: { database_host: cell1.vip.address, database_name: 'nova_cell1', rabbit_hosts: cell1.messaging.hosts, rabbit_user: cell1.messaging.user },
      cell2: { database_host: cell2.vip.address, database_name: 'nova_cell2', rabbit_hosts: cell2.messaging.hosts, rabbit_user: cell2.messaging.user },
    });
    expect(secretKeysOf(apiBootstrap)).toEqual(
      expect.arrayContaining(['openstack_ha::profile::nova_api::cell_database_passwords', 'openstack_ha::profile::nova_api::cell_rabbit_passwords']),
    );
    // The other API nodes neither map cells nor learn the cells' passwords.
    const other = cloud.apiTier.nodes[1];
    expect(hieraOf(other)['openstack_ha::profile::nova_api::cells']).toBeUndefined();
    expect(secretKeysOf(other)).not.toContain('openstack_ha::profile::nova_api::cell_database_passwords');
  });

  it('points the cell conductors at the cell database, the cell brokers and the API database', () => {
    const [first, second] = cell1.nodes.nodes;
    const hiera = hieraOf(first);
    expect(hiera).toMatchObject({
      'openstack_ha::profile::nova_common::cell_name': 'cell1',
      'openstack_ha::profile::nova_common::database_host': cell1.vip.address,
      'openstack_ha::profile::nova_common::database_name': 'nova_cell1',
      'openstack_ha::profile::nova_common::api_database_host': cloud.publicVip.address,
      'openstack_ha::profile::nova_common::rabbit_hosts': cell1.messaging.hosts,
      'openstack_ha::profile::nova_conductor::sync_cell_database': true,
      'openstack_ha::profile::nova_novncproxy::novncproxy_base_url': `http://${cell1.vip.address}:6080/vnc_auto.html`,
    });
    expect(hieraOf(second)['openstack_ha::profile::nova_conductor::sync_cell_database']).toBe(false);
  });

  it("points each cell's computes at that cell's brokers and console proxies", () => {
    for (const [k, cell] of cloud.cells.entries()) {
      const hiera = hieraOf(cloud.computePools[k]);
      expect(hiera['openstack_ha::profile::nova_compute::rabbit_hosts']).toEqual(cell.messaging.hosts);
      expect(hiera['openstack_ha::profile::nova_compute::novncproxy_base_url']).toBe(cell.consoleUrl);
    }
  });

  it('opens the cell database to the API tier, the API database to the cells, and VNC to the cell proxies only', () => {
    const json = synthesizeToJson(stack);
    const rules = Object.values<any>(json.resource.openstack_networking_secgroup_rule_v2);
    const groupId = (name: string) => {
      const [id] = Object.entries<any>(json.resource.openstack_networking_secgroup_v2).find(([, g]) => g.name === name)!;
      return `\${openstack_networking_secgroup_v2.${id}.id}`;
    };
    const opened = (target: string, port: number, source: string) =>
      rules.some((r) => r.security_group_id === groupId(target) && r.port_range_min === port && r.remote_group_id === groupId(source));
    expect(opened('cell1-ctl', 3306, 'api')).toBe(true);
    expect(opened('api', 3306, 'cell1-ctl')).toBe(true);
    expect(opened('cell1-ctl', 5672, 'api')).toBe(true);
    expect(opened('cell1-compute', 5672, 'cell1-ctl')).toBe(false);
    expect(opened('cell1-ctl', 5672, 'cell1-compute')).toBe(true);
    expect(opened('cell1-compute', 5900, 'cell1-ctl')).toBe(true);
    expect(opened('cell1-compute', 5900, 'cell2-ctl')).toBe(false);
    expect(opened('cell2-ctl', 5672, 'cell1-compute')).toBe(false);
  });
});

describe('NovaCell rejects', () => {
  it.each([
    ['an upper-case name', 'Cell1'],
    ['cell0, which Nova keeps for instances that were never scheduled', 'cell0'],
    ['a name with a hyphen (the database is nova_<name>)', 'cell-1'],
    ['an empty name', ''],
  ])('%s (HA1620)', (_title, name) => {
    const { stack, group, nova } = deployment(true);
    expect(codesOf(() => new NovaCell(stack, 'Cell', { nova, name, nodes: group('CellCtl', 'cell-ctl', 48), vipAddress: '10.40.0.11' }))).toEqual([
      'HA1620',
    ]);
  });

  it('two cells of the same name (HA1621)', () => {
    const { stack, group, nova } = deployment(true);
    new NovaCell(stack, 'A', { nova, name: 'cell1', nodes: group('CtlA', 'a-ctl', 48), vipAddress: '10.40.0.11' });
    expect(codesOf(() => new NovaCell(stack, 'B', { nova, name: 'cell1', nodes: group('CtlB', 'b-ctl', 64), vipAddress: '10.40.0.12' }))).toEqual([
      'HA1621',
    ]);
  });

  it('a cell of a Nova that serves its single cell itself (HA1622)', () => {
    const { stack, group, nova } = deployment(false);
    expect(codesOf(() => new NovaCell(stack, 'Cell', { nova, name: 'cell2', nodes: group('CellCtl', 'cell-ctl', 48), vipAddress: '10.40.0.11' }))).toEqual([
      'HA1622',
    ]);
  });

  it('computes given to a Nova with several cells (HA1623)', () => {
    const { nova, computes } = deployment(true);
    expect(codesOf(() => nova.addComputes(computes('Computes', 256)))).toEqual(['HA1623']);
  });

  it('a Nova with several cells and none added, at synth (HA1624)', () => {
    const { stack } = deployment(true);
    expect(() => synthesizeToJson(stack)).toThrow(/HA1624/);
  });

  it('cell controllers whose role may not run the cell services (HA1251)', () => {
    const { stack, group, nova } = deployment(true);
    const nodes = group('CellCtl', 'cell-ctl', 48, NodeRole.DATABASE);
    expect(codesOf(() => new NovaCell(stack, 'Cell', { nova, name: 'cell1', nodes, vipAddress: '10.40.0.11' }))).toContain('HA1251');
  });

  it('accepts a well-formed cell with its computes', () => {
    const { stack, group, nova, computes } = deployment(true);
    new NovaCell(stack, 'Cell', { nova, name: 'cell1', nodes: group('CellCtl', 'cell-ctl', 48), vipAddress: '10.40.0.11', computes: computes('Computes', 256) });
    expect(() => synthesizeToJson(stack)).not.toThrow();
  });
});
