import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { HaValidationError } from '../../lib/core/errors';
import { AntiAffinity } from '../../lib/compute/anti-affinity';
import { ControlPlaneNetwork, ControlPlaneNetworkProps } from '../../lib/compute/control-plane-network';
import { NodeGroup, NodeGroupProps } from '../../lib/compute/node-group';
import { OpenStackStack } from '../../lib/providers/openstack-stack';
import { TerraformVariable } from '../../lib/core/cdk';
import { Template } from '../support/template';

function newStack() {
  return new OpenStackStack(new App(), 'test');
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

describe('NodeGroup', () => {
  it('creates a hard anti-affinity server group, one fixed-IP port and one instance per node', () => {
    // GIVEN
    const stack = newStack();
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
    // WHEN
    const group = new NodeGroup(stack, 'Db', { network, count: 3, flavor: 'm1.large', image: 'debian-12' });
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('openstack_compute_servergroup_v2', 1);
    t.hasResourceProperties('openstack_compute_servergroup_v2', { name: 'db', policies: ['anti-affinity'] });
    t.resourceCountIs('openstack_networking_port_v2', 3);
    t.resourceCountIs('openstack_compute_instance_v2', 3);
    expect(group.addresses).toEqual(['10.20.0.2', '10.20.0.3', '10.20.0.4']);
    t.hasResourceProperties('openstack_networking_port_v2', {
      name: 'db-1',
      fixed_ip: [{ ip_address: '10.20.0.3' }],
    });
    const [serverGroupId] = Object.keys(t.resources('openstack_compute_servergroup_v2'));
    t.allResourcesHaveProperties('openstack_compute_instance_v2', {
      flavor_name: 'm1.large',
      image_name: 'debian-12',
      scheduler_hints: [{ group: `\${openstack_compute_servergroup_v2.${serverGroupId}.id}` }],
    });
  });

  it('protects stateful nodes from destruction and from replacement on user-data or image changes', () => {
    const stack = newStack();
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
    new NodeGroup(stack, 'Ctl', { network, flavor: 'f', image: 'i' });
    new NodeGroup(stack, 'Workers', { network, flavor: 'f', image: 'i', count: 1, stateful: false });
    const instances = Object.values(Template.fromStack(stack).resources('openstack_compute_instance_v2'));
    const ctl = instances.filter((i) => i.name.startsWith('ctl-'));
    expect(ctl).toHaveLength(3);
    for (const i of ctl) {
      expect(i.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['user_data', 'image_name', 'image_id', 'key_pair'] });
    }
    expect(instances.find((i) => i.name === 'workers-0').lifecycle).toBeUndefined();
  });

  it('keeps addresses stable when a group grows or another group is added first', () => {
    const build = (extraFirst: boolean, count: number) => {
      const stack = newStack();
      const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
      if (extraFirst) new NodeGroup(stack, 'Other', { network, flavor: 'f', image: 'i', count: 2, addressOffset: 100 });
      return new NodeGroup(stack, 'Ctl', { network, flavor: 'f', image: 'i', count, addressOffset: 16 }).addresses;
    };
    const base = build(false, 3);
    expect(build(true, 3)).toEqual(base);
    expect(build(false, 5).slice(0, 3)).toEqual(base);
  });

  it('uses soft anti-affinity when asked', () => {
    const stack = newStack();
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
    new NodeGroup(stack, 'C', { network, flavor: 'f', image: 'i', antiAffinity: AntiAffinity.SOFT });
    Template.fromStack(stack).hasResourceProperties('openstack_compute_servergroup_v2', { policies: ['soft-anti-affinity'] });
  });

  const badGroups: [string, Partial<NodeGroupProps>, string[]][] = [
    ['zero nodes', { count: 0 }, ['HA1101']],
    ['fractional count', { count: 2.5 }, ['HA1101']],
    ['empty flavor', { flavor: '' }, ['HA1103']],
    ['empty image', { image: ' ' }, ['HA1103']],
    ['bad host-name prefix', { hostnamePrefix: 'Ctl_1' }, ['HA1007']],
    ['more nodes than hypervisors with hard anti-affinity', { count: 5, maxHypervisors: 3 }, ['HA1102']],
    ['capacity below count', { count: 5, addressCapacity: 4 }, ['HA1104']],
    ['offset outside the subnet', { addressOffset: 250 }, ['HA1104']],
    ['several mistakes at once', { count: 0, flavor: '', image: '' }, ['HA1101', 'HA1103', 'HA1103']],
  ];
  it.each(badGroups)('rejects %s', (_name, override, codes) => {
    const stack = newStack();
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
    expect(codesOf(() => new NodeGroup(stack, 'G', { network, flavor: 'f', image: 'i', ...override }))).toEqual(codes);
  });

  it('allows more nodes than hypervisors with soft anti-affinity', () => {
    const stack = newStack();
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
    expect(
      codesOf(() => new NodeGroup(stack, 'G', { network, flavor: 'f', image: 'i', count: 5, maxHypervisors: 3, antiAffinity: AntiAffinity.SOFT })),
    ).toEqual([]);
  });

  it('rejects two groups whose address blocks overlap', () => {
    const stack = newStack();
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24' });
    new NodeGroup(stack, 'A', { network, flavor: 'f', image: 'i', addressOffset: 16 });
    expect(codesOf(() => new NodeGroup(stack, 'B', { network, flavor: 'f', image: 'i', addressOffset: 20 }))).toEqual(['HA1105']);
  });
});

describe('ControlPlaneNetwork', () => {
  it('creates the network, a subnet whose DHCP pool is the top quarter, and a router when asked', () => {
    const stack = newStack();
    new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24', externalNetwork: 'public' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('openstack_networking_subnet_v2', {
      cidr: '10.20.0.0/24',
      gateway_ip: '10.20.0.1',
      allocation_pool: [{ start: '10.20.0.192', end: '10.20.0.254' }],
    });
    t.resourceCountIs('openstack_networking_router_v2', 1);
    t.resourceCountIs('openstack_networking_router_interface_v2', 1);
    expect(Object.values(t.dataSources('openstack_networking_network_v2'))[0]).toMatchObject({ name: 'public', external: true });
  });

  const badNetworks: [string, (s: OpenStackStack) => ControlPlaneNetworkProps, string[]][] = [
    ['a CIDR with host bits', () => ({ cidr: '10.20.0.1/24' }), ['HA1002']],
    ['not a CIDR', () => ({ cidr: 'ten-twenty' }), ['HA1002']],
    ['a subnet too small', () => ({ cidr: '10.20.0.0/29' }), ['HA1002']],
    ['a CIDR known only at apply time', (s) => ({ cidr: new TerraformVariable(s, 'cidr', { type: 'string' }).stringValue }), ['HA1001']],
    ['an empty name', () => ({ cidr: '10.20.0.0/24', name: '' }), ['HA1103']],
  ];
  it.each(badNetworks)('rejects %s', (_name, props, codes) => {
    const stack = newStack();
    expect(codesOf(() => new ControlPlaneNetwork(stack, 'Net', props(stack)))).toEqual(codes);
  });
});
