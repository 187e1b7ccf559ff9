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

  it('separates the database, messaging, API and network tiers, each in its own anti-affinity group', () => {
    const names = Object.values(template.resources('openstack_compute_servergroup_v2')).map((g) => g.name).sort();
    expect(names).toEqual(['api', 'db', 'mon', 'mq', 'net', 'osd']);
  });

  it('publishes a public and an internal VIP on the API tier', () => {
    const vipPorts = Object.values(template.resources('openstack_networking_port_v2')).filter((p) => /-vip-/.test(p.name));
    expect(vipPorts.map((p) => p.fixed_ip[0].ip_address).sort()).toEqual(['10.30.0.10', '10.30.0.11']);
  });

  it('matches the reviewed Terraform JSON', async () => {
    await expect(template.toJSON()).toMatchFileSnapshot('../golden/large/cdk.tf.json');
  });

  it('synthesizes 1000 computes as one for_each pool, without Testing.synth', () => {
    const started = performance.now();
    const json = synthesizeToJson(buildLargeCloud(new App(), { computes: 1000 }));
    const text = stringifyTerraformJson(json);
    const ms = performance.now() - started;
    assertValidAgainstProviderSchema(json);
    const resources = Object.values(json.resource).reduce((n: number, r: any) => n + Object.keys(r).length, 0);
    const members = Object.values(json.locals).find((l: any) => typeof l === 'object' && 'compute-999' in l) as object;
    expect(Object.keys(members)).toHaveLength(1000);
    console.log(`large blueprint, 1000 computes: ${resources} resource blocks, ${text.length} bytes, ${ms.toFixed(0)} ms`);
  });

  it.each([
    ['two API nodes', { apiNodes: 2 }, ['HA1801']],
    ['one network node', { networkNodes: 1 }, ['HA1802']],
    ['four database nodes', { databaseNodes: 4 }, ['HA1803']],
    ['L3 HA with l2population', { l3Ha: true, l2Population: true }, ['HA1611']],
    ['OVN without its databases', { neutronDriver: NeutronDriver.OVN }, ['HA1614']],
    ['one DHCP agent per network', { dhcpAgentsPerNetwork: 1 }, ['HA1612']],
    ['more DHCP agents per network than network nodes', { dhcpAgentsPerNetwork: 4 }, ['HA1613']],
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
    expect(groups).toEqual(['api', 'db', 'mq', 'net']);
    expect(t.resources('openstack_blockstorage_volume_v3')).toEqual({});
    expect(/openstack_ha::profile::ceph_(mon|osd)::/.test(JSON.stringify(t.json)), 'a Ceph daemon is configured').toBe(false);
  });

  it('accepts L3 HA and OVN with its databases', () => {
    expect(codesOf({ l3Ha: true })).toEqual([]);
    expect(codesOf({ neutronDriver: NeutronDriver.OVN, ovnDatabases: ['10.30.0.200', '10.30.0.201', '10.30.0.202'] })).toEqual([]);
  });
});
