import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { HaValidationError } from '../../lib/core/errors';
import { buildMediumCloud } from '../../examples/medium/medium';
import { Template } from '../support/template';

describe('examples/medium', () => {
  const template = Template.fromStack(buildMediumCloud(new App()));

  it('has three controllers, three storage nodes and a compute pool', () => {
    const instances = Object.values(template.resources('openstack_compute_instance_v2'));
    expect(instances.filter((i) => /^controller-\d$/.test(i.name))).toHaveLength(3);
    expect(instances.filter((i) => /^storage-\d$/.test(i.name))).toHaveLength(3);
    expect(instances.filter((i) => i.for_each)).toHaveLength(1);
    template.resourceCountIs('openstack_blockstorage_volume_v3', 3);
    template.resourceCountIs('openstack_compute_volume_attach_v2', 3);
  });

  it('keeps controllers and storage nodes on separate hypervisors', () => {
    const groups = Object.values(template.resources('openstack_compute_servergroup_v2'));
    expect(groups.map((g) => g.policies)).toEqual([['anti-affinity'], ['anti-affinity']]);
  });

  it('matches the reviewed Terraform JSON', async () => {
    await expect(template.toJSON()).toMatchFileSnapshot('../golden/medium/cdk.tf.json');
  });

  it('puts every node in the availability zone asked for', () => {
    const zoned = Template.fromStack(buildMediumCloud(new App(), { availabilityZone: 'az2' }));
    const zones = Object.values(zoned.resources('openstack_compute_instance_v2')).map((i) => i.availability_zone);
    expect(zones).toEqual(['az2', 'az2', 'az2', 'az2', 'az2', 'az2', 'az2']);
    expect(Object.values(template.resources('openstack_compute_instance_v2')).every((i) => i.availability_zone === undefined)).toBe(true);
  });

  it.each([['a zone naming a host', 'az1:compute-3'], ['an empty zone', ''], ['a zone starting with a space', ' az1']])('rejects %s (HA1806)', (_title, zone) => {
    let codes: string[] = [];
    try {
      buildMediumCloud(new App(), { availabilityZone: zone });
    } catch (e) {
      if (!HaValidationError.isHaValidationError(e)) throw e;
      codes = e.codes;
    }
    expect(codes).toEqual(['HA1806']);
  });
});
