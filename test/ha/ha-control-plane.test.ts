import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { ServerNode } from '../../lib/compute/server-node';
import { buildHaControlPlane } from '../../examples/ha-control-plane/ha-control-plane';
import { Template } from '../support/template';

function hieraOf(node: ServerNode): Record<string, any> {
  const docs = node.renderDocuments();
  return { ...parse(docs.commonYaml), ...parse(docs.nodeYaml) };
}

describe('examples/ha-control-plane', () => {
  const stack = buildHaControlPlane(new App());
  const template = Template.fromStack(stack);
  const nodes = stack.node.findAll().filter((c): c is ServerNode => c instanceof ServerNode);

  it('puts the three controllers in one hard anti-affinity server group', () => {
    template.resourceCountIs('openstack_compute_servergroup_v2', 1);
    template.hasResourceProperties('openstack_compute_servergroup_v2', { policies: ['anti-affinity'] });
    template.resourceCountIs('openstack_compute_instance_v2', 3);
  });

  it('reserves the VIP with its own port and lets every controller port carry it', () => {
    template.hasResourceProperties('openstack_networking_port_v2', { fixed_ip: [{ ip_address: '10.20.0.10' }] });
    const ports = Object.values(template.resources('openstack_networking_port_v2'));
    const members = ports.filter((p) => /^controller-\d+$/.test(p.name));
    expect(members).toHaveLength(3);
    for (const p of members) expect(p.allowed_address_pairs).toEqual([{ ip_address: '10.20.0.10' }]);
  });

  it('allows VRRP (protocol 112) only between the load balancers', () => {
    const [sg] = Object.keys(template.resources('openstack_networking_secgroup_v2'));
    template.hasResourceProperties('openstack_networking_secgroup_rule_v2', {
      protocol: '112',
      direction: 'ingress',
      remote_group_id: `\${openstack_networking_secgroup_v2.${sg}.id}`,
    });
  });

  it('opens the cluster ports only to the members and the API to clients', () => {
    const rules = Object.values(template.resources('openstack_networking_secgroup_rule_v2'));
    const open = rules.filter((r) => r.remote_ip_prefix === '0.0.0.0/0').map((r) => r.port_range_min);
    expect(open).toEqual([5000]);
    const byPeers = rules.filter((r) => r.remote_group_id).map((r) => r.port_range_min ?? r.protocol);
    expect(byPeers.sort()).toEqual(expect.arrayContaining([3306, 4444, 4567, 4568, 9200, 5672, 25672, 4369, 11211, '112']));
  });

  it('generates every secret at apply time (random provider) and never in plain text', () => {
    expect(Object.keys(template.resources('random_password')).length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(template.resources('random_bytes'))).toHaveLength(4);
    for (const instance of Object.values(template.resources('openstack_compute_instance_v2'))) {
      expect(instance.user_data).toMatch(/^\$\{base64gzip\(join\("", \[[\s\S]*base64encode\(jsonencode\(\{/);
    }
  });

  it('gives Galera a named bootstrap node, the gcomm list of all members and mariabackup', () => {
    for (const node of nodes) {
      const h = hieraOf(node);
      expect(h['openstack_ha::profile::galera::members']).toEqual(['10.20.0.16', '10.20.0.17', '10.20.0.18']);
      expect(h['openstack_ha::profile::galera::bootstrap_address']).toBe('10.20.0.16');
      expect(h['openstack_ha::profile::galera::sst_method']).toBe('mariabackup');
      expect(h['openstack_ha::profile::galera::node_address']).toBe(node.address);
      expect(h['openstack_ha::profile::galera::databases']).toEqual({ keystone: 'keystone' });
    }
  });

  it('puts Galera behind the VIP with one writer and every other member as backup', () => {
    const frontends = hieraOf(nodes[0])['openstack_ha::profile::haproxy::frontends'];
    expect(frontends.mysql).toMatchObject({ port: 3306, check: 'galera', check_port: 9200, single_writer: true });
    expect(frontends.mysql.backends.map((b: any) => b.address)).toEqual(['10.20.0.16', '10.20.0.17', '10.20.0.18']);
    expect(frontends.keystone).toMatchObject({ port: 5000, mode: 'http', check_path: '/v3' });
  });

  it('uses pause_minority and lists every broker, never the VIP, in Keystone', () => {
    const h = hieraOf(nodes[1]);
    expect(h['openstack_ha::profile::rabbitmq::partition_handling']).toBe('pause_minority');
    expect(h['openstack_ha::profile::rabbitmq::cluster_nodes']).toEqual(['controller-0', 'controller-1', 'controller-2']);
    expect(h['openstack_ha::profile::keystone::rabbit_hosts']).toEqual(['10.20.0.16:5672', '10.20.0.17:5672', '10.20.0.18:5672']);
    expect(h['openstack_ha::profile::keystone::memcached_servers']).toEqual(['10.20.0.16:11211', '10.20.0.17:11211', '10.20.0.18:11211']);
    expect(h['openstack_ha::profile::keystone::database_host']).toBe('10.20.0.10');
  });

  it('runs unicast VRRP with nopreempt, one priority per node and the same router id', () => {
    const instances = nodes.map((n) => Object.values(hieraOf(n)['openstack_ha::profile::keepalived::instances'])[0] as any);
    expect(new Set(instances.map((i) => i.virtual_router_id)).size).toBe(1);
    expect(instances.map((i) => i.priority)).toEqual([150, 140, 130]);
    expect(instances.every((i) => i.nopreempt && i.vip === '10.20.0.10')).toBe(true);
    expect(hieraOf(nodes[0])['openstack_ha::profile::keepalived::peers']).toEqual(['10.20.0.17', '10.20.0.18']);
  });

  it('bootstraps Keystone on one node only', () => {
    expect(nodes.map((n) => hieraOf(n)['openstack_ha::profile::keystone::bootstrap_node'])).toEqual([true, false, false]);
  });

  it('matches the reviewed Terraform JSON', async () => {
    await expect(template.toJSON()).toMatchFileSnapshot('../golden/ha-control-plane/cdk.tf.json');
  });
});
