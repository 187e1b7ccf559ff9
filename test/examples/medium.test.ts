import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
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
});
