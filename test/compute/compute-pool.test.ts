import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { HaValidationError } from '../../lib/core/errors';
import { ComputePool } from '../../lib/compute/compute-pool';
import { ControlPlaneNetwork } from '../../lib/compute/control-plane-network';
import { collectNodeDocuments } from '../../lib/compute/node-documents';
import { OpenStackStack } from '../../lib/providers/openstack-stack';
import { Template } from '../support/template';

function pool(count: number) {
  const stack = new OpenStackStack(new App(), 'pool');
  const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.40.0.0/16' });
  const computes = new ComputePool(stack, 'Computes', { network, count, flavor: 'c1', image: 'debian-12', addressOffset: 1024 });
  return { stack, computes };
}

describe('ComputePool', () => {
  it('emits one for_each port block and one instance block, and the user-data once', () => {
    const { stack, computes } = pool(250);
    const t = Template.fromStack(stack);
    t.resourceCountIs('openstack_networking_port_v2', 1);
    t.resourceCountIs('openstack_compute_instance_v2', 1);
    const [instance] = Object.values(t.resources('openstack_compute_instance_v2'));
    expect(instance.for_each).toMatch(/^\$\{openstack_networking_port_v2\.\w+\}$/);
    expect(instance.name).toBe('${each.key}');
    expect(instance.network).toEqual([{ port: '${each.value.id}' }]);
    expect(instance.user_data).toMatch(/^\$\{local\.\w+\}$/);
    expect(instance.lifecycle).toEqual({ ignore_changes: ['user_data', 'image_name', 'image_id', 'key_pair'] });
    const members = Object.values(t.json.locals).find((l: any) => typeof l === 'object' && 'computes-000' in l) as any;
    expect(Object.keys(members)).toHaveLength(250);
    expect(members['computes-000']).toEqual({ address: '10.40.4.0' });
    expect(members['computes-249']).toEqual({ address: '10.40.4.249' });
    expect(computes.members[10]).toEqual({ hostname: 'computes-010', address: '10.40.4.10' });
  });

  it('keeps every other member where it was when the pool grows', () => {
    const a = pool(10).computes.members;
    const b = pool(12).computes.members;
    expect(b.slice(0, 10).map((m) => m.address)).toEqual(a.map((m) => m.address));
  });

  it('is represented in the offline checks by its first member', () => {
    const { stack } = pool(5);
    const docs = collectNodeDocuments(stack);
    expect(docs).toHaveLength(1);
    expect(docs[0].fqdn).toBe('computes-0.cloud.internal');
    expect(docs[0].userDataOffline).toContain('pool.yaml');
    expect(docs[0].userDataOffline).not.toContain('hostname: computes');
  });

  it.each([
    [{ count: 0 }, 'HA1101'],
    [{ count: 10, addressCapacity: 5 }, 'HA1104'],
    [{ count: 3, hostnamePrefix: 'Compute' }, 'HA1007'],
  ])('rejects %j', (props, code) => {
    const stack = new OpenStackStack(new App(), 'pool');
    const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.40.0.0/16' });
    let codes: string[] = [];
    try {
      new ComputePool(stack, 'Computes', { network, flavor: 'c1', image: 'i', ...props } as never);
    } catch (e) {
      codes = (e as HaValidationError).codes;
    }
    expect(codes).toEqual([code]);
  });
});
