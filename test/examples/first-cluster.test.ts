import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { buildFirstCluster } from '../../examples/first-cluster/first-cluster';
import { Template } from '../support/template';

describe('examples/first-cluster', () => {
  const template = Template.fromStack(buildFirstCluster(new App()));

  it('declares the OpenStack provider with the schema version and a relative local backend', () => {
    expect(template.json.terraform).toEqual({
      backend: { local: { path: 'terraform.first-cluster.tfstate' } },
      required_providers: { openstack: { source: 'terraform-provider-openstack/openstack', version: '~> 3.4' } },
    });
    expect(template.json.provider).toEqual({ openstack: [{ cloud: 'underlay' }] });
  });

  it('has a network, a subnet, a server group and three instances with fixed-IP ports', () => {
    template.resourceCountIs('openstack_networking_network_v2', 1);
    template.resourceCountIs('openstack_networking_subnet_v2', 1);
    template.resourceCountIs('openstack_compute_servergroup_v2', 1);
    template.resourceCountIs('openstack_networking_port_v2', 3);
    template.resourceCountIs('openstack_compute_instance_v2', 3);
    for (const [i, address] of ['10.20.0.16', '10.20.0.17', '10.20.0.18'].entries()) {
      template.hasResourceProperties('openstack_networking_port_v2', { name: `controller-${i}`, fixed_ip: [{ ip_address: address }] });
    }
  });

  it('matches the reviewed Terraform JSON', async () => {
    const text = template.toJSON();
    expect(text).not.toContain(process.cwd());
    await expect(text).toMatchFileSnapshot('../golden/first-cluster/cdk.tf.json');
  });
});
