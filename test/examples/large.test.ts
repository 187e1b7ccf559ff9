import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { HaValidationError } from '../../lib/core/errors';
import { stringifyTerraformJson, synthesizeToJson } from '../../lib/core/synth-json';
import { LargeCloud, LargeCloudProps } from '../../lib/blueprints/large-cloud';
import { TerraformVariable } from '../../lib/core/cdk';
import { Secret, SecretFormat } from '../../lib/core/secret';
import { OpenStackStack } from '../../lib/providers/openstack-stack';
import { ExternalCeph } from '../../lib/storage/external-ceph';
import { NeutronDriver } from '../../lib/services/neutron';
import { assertValidAgainstProviderSchema } from '../../lib/providers/schema-validator';
import { buildLargeCloud } from '../../examples/large/large';
import { Template } from '../support/template';

function codesOf(props: LargeCloudProps): string[] {
  try {
    buildLargeCloud(new App(), props);
  } catch (e) {
    if (HaValidationError.isHaValidationError(e)) return e.codes;
    throw e;
  }
  return [];
}

describe('examples/large', () => {
  const template = Template.fromStack(buildLargeCloud(new App()));

  it('separates the database, messaging, API, network and cell tiers, each in its own anti-affinity group', () => {
    const names = Object.values(template.resources('openstack_compute_servergroup_v2')).map((g) => g.name).sort();
    expect(names).toEqual(['api', 'cell1-ctl', 'cell2-ctl', 'db', 'mon', 'mq', 'net', 'osd']);
  });

  it('publishes a public and an internal VIP on the API tier, and a VIP per cell', () => {
    const vips = (prefix: RegExp) =>
      Object.values(template.resources('openstack_networking_port_v2'))
        .filter((p) => prefix.test(p.name))
        .map((p) => p.fixed_ip[0].ip_address)
        .sort();
    expect(vips(/^api-vip-/)).toEqual(['10.30.0.10', '10.30.0.11']);
    expect(vips(/^cell\d-ctl-vip-/)).toEqual(['10.30.0.112', '10.30.0.113']);
  });

  it('synthesizes 1000 computes as one for_each pool per cell, without Testing.synth', () => {
    const started = performance.now();
    const json = synthesizeToJson(buildLargeCloud(new App(), { computes: 1000 }));
    const text = stringifyTerraformJson(json);
    const ms = performance.now() - started;
    assertValidAgainstProviderSchema(json);
    const resources = Object.values(json.resource).reduce((n: number, r: any) => n + Object.keys(r).length, 0);
    const pools = Object.values(json.locals).filter((l: any) => typeof l === 'object' && Object.keys(l).some((k) => /-compute-/.test(k))) as object[];
    expect(pools.map((p) => Object.keys(p).length)).toEqual([500, 500]);
    const instances = Object.values(json.resource.openstack_compute_instance_v2 as object).filter((i: any) => i.for_each);
    expect(instances).toHaveLength(2);
    console.log(`large blueprint, 1000 computes in 2 cells: ${resources} resource blocks, ${text.length} bytes, ${ms.toFixed(0)} ms`);
  });

  it.each([
    ['two API nodes', { apiNodes: 2 }, ['HA1801']],
    ['one network node', { networkNodes: 1 }, ['HA1802']],
    ['four database nodes', { databaseNodes: 4 }, ['HA1803']],
    ['L3 HA with l2population', { l3Ha: true, l2Population: true }, ['HA1611']],
    ['OVN without its databases', { neutronDriver: NeutronDriver.OVN }, ['HA1614']],
    ['one DHCP agent per network', { dhcpAgentsPerNetwork: 1 }, ['HA1612']],
    ['more DHCP agents per network than network nodes', { dhcpAgentsPerNetwork: 4 }, ['HA1613']],
    ['no cell', { cells: 0 }, ['HA1804']],
    ['eight cells', { cells: 8 }, ['HA1804']],
    ['fewer computes than cells', { cells: 3, computes: 2 }, ['HA1805']],
    ['more than 2048 computes in a cell', { cells: 2, computes: 4097 }, ['HA1805']],
    ['per-cell counts that disagree with the number of cells', { cells: 3, computesPerCell: [10, 10] }, ['HA1804']],
    ['a cell of no compute', { computesPerCell: [10, 0] }, ['HA1805']],
    ['a control-plane zone naming a host', { controlAvailabilityZone: 'az1:net-0' }, ['HA1806']],
    ['an empty list of cell zones', { cellAvailabilityZones: [] }, ['HA1806']],
    ['a blank cell zone', { cellAvailabilityZones: ['az1', ''] }, ['HA1806']],
  ] as const)('rejects %s', (_name, props, codes) => {
    expect(codesOf(props as LargeCloudProps)).toEqual(codes);
  });

  it('uses an existing Ceph cluster without deploying any Ceph node', () => {
    const stack = new OpenStackStack(new App(), 'large-external');
    const key = (name: string) =>
      Secret.fromToken(`${name}-key`, new TerraformVariable(stack, `${name}_key`, { type: 'string', sensitive: true }).stringValue, SecretFormat.CEPHX_KEY);
    const ceph = new ExternalCeph(stack, 'Ceph', {
      fsid: '2b9f4e52-7a1c-4d5e-9f3a-0c1d2e3f4a5b',
      monitorAddresses: ['10.9.0.1', '10.9.0.2', '10.9.0.3'],
      keys: { glance: key('glance'), cinder: key('cinder'), nova: key('nova') },
    });
    new LargeCloud(stack, 'Cloud', { externalCeph: ceph });
    const t = Template.fromStack(stack);
    const groups = Object.values(t.resources('openstack_compute_servergroup_v2')).map((g) => g.name).sort();
    expect(groups).toEqual(['api', 'cell1-ctl', 'cell2-ctl', 'db', 'mq', 'net']);
    expect(t.resources('openstack_blockstorage_volume_v3')).toEqual({});
    expect(/openstack_ha::profile::ceph_(mon|osd)::/.test(JSON.stringify(t.json)), 'a Ceph daemon is configured').toBe(false);
  });

  it('adds a cell without touching the computes of the others when counts are given per cell', () => {
    const members = (props: LargeCloudProps) => {
      const json = synthesizeToJson(buildLargeCloud(new App(), props));
      return Object.values(json.locals)
        .filter((l: any) => typeof l === 'object' && Object.keys(l).some((k) => /-compute-/.test(k)))
        .map((l: any) => Object.entries(l).map(([name, v]: [string, any]) => `${name}=${v.address}`));
    };
    const before = members({ computesPerCell: [40, 40] });
    const after = members({ computesPerCell: [40, 40, 25] });
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]).toHaveLength(25);
  });

  it('aligns each cell with an availability zone, controllers and computes alike', () => {
    const t = Template.fromStack(buildLargeCloud(new App(), { cells: 3, controlAvailabilityZone: 'az0', cellAvailabilityZones: ['az1', 'az2'] }));
    const zoneOf = (name: RegExp) => [...new Set(Object.values(t.resources('openstack_compute_instance_v2')).filter((i) => name.test(i.name) || (i.for_each && name.test(i.metadata['openstack-ha:group']))).map((i) => i.availability_zone))];
    expect(zoneOf(/^(db|mq|api|net|mon|osd)-/)).toEqual(['az0']);
    expect(zoneOf(/^cell1-/)).toEqual(['az1']);
    expect(zoneOf(/^cell2-/)).toEqual(['az2']);
    expect(zoneOf(/^cell3-/)).toEqual(['az1']);
  });

  it('accepts L3 HA and OVN with its databases', () => {
    expect(codesOf({ l3Ha: true })).toEqual([]);
    expect(codesOf({ neutronDriver: NeutronDriver.OVN, ovnDatabases: ['10.30.0.200', '10.30.0.201', '10.30.0.202'] })).toEqual([]);
  });
});
