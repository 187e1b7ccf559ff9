import { describe, it, expect } from 'vitest';
import { App, TerraformStack, TerraformIterator, TerraformVariable } from '../../lib/core/cdk';
import { ComputeInstanceV2 } from '../../lib/providers/openstack/compute-instance-v2';
import { NetworkingPortV2 } from '../../lib/providers/openstack/networking-port-v2';
import { OpenstackProvider } from '../../lib/providers/openstack/provider';
import {
  SchemaViolation,
  assertValidAgainstProviderSchema,
  loadOpenStackSchema,
  validateAgainstProviderSchema,
} from '../../lib/providers/schema-validator';

type Body = Record<string, unknown>;

/** Terraform JSON holding one managed resource. */
function resource(type: string, body: Body, name = 'r'): object {
  return { resource: { [type]: { [name]: body } } };
}

/** Terraform JSON holding one data source. */
function dataSource(type: string, body: Body, name = 'd'): object {
  return { data: { [type]: { [name]: body } } };
}

const INSTANCE = 'openstack_compute_instance_v2';
const PORT = 'openstack_networking_port_v2';
const NETWORK = 'openstack_networking_network_v2';
const SUBNET = 'openstack_networking_subnet_v2';

/** Shorthands for the smallest valid bodies, extended by each case. */
const instance = (extra: Body = {}): object => resource(INSTANCE, { name: 'ctl0', ...extra });
const port = (extra: Body = {}): object => resource(PORT, { network_id: 'net-1', ...extra });

/** Only the fields a test cares about, so failures print readably. */
function summary(violations: SchemaViolation[]): { kind: string; address: string; path: string }[] {
  return violations.map(({ kind, address, path }) => ({ kind, address, path }));
}

/**
 * Every row is a deliberately wrong document that must produce exactly one violation of
 * the given kind at the given path.
 */
type WrongCase = [description: string, json: object, kind: SchemaViolation['kind'], path: string];

function expectSingleViolation(json: object, kind: string, path: string): SchemaViolation {
  const violations = validateAgainstProviderSchema(json);
  expect(summary(violations)).toEqual([{ kind, address: expect.any(String), path }]);
  expect(violations[0].message.length).toBeGreaterThan(20);
  return violations[0];
}

describe('validateAgainstProviderSchema: every class of mistake is caught', () => {
  it.each<WrongCase>([
    ['misspelt resource type', resource('openstack_compute_instance_v3', { name: 'x' }), 'unknown-type', ''],
    ['data source that does not exist', dataSource('openstack_compute_keypair_v9', { name: 'x' }), 'unknown-type', ''],
  ])('unknown type: %s', (_description, json, kind, path) => {
    const violation = expectSingleViolation(json, kind, path);
    expect(violation.message).toMatch(/is not a (resource type|data source)/);
  });

  it.each<WrongCase>([
    ['misspelt top-level argument', instance({ flavour_name: 'm1.small' }), 'unknown-attribute', 'flavour_name'],
    ['argument of another resource', port({ flavor_name: 'm1.small' }), 'unknown-attribute', 'flavor_name'],
    ['provisioner is not a data source meta-argument', dataSource('openstack_images_image_v2', { name: 'debian', provisioner: [] }), 'unknown-attribute', 'provisioner'],
  ])('unknown attribute: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['inside a list block', instance({ network: [{ uuid: 'net-1' }, { prot: 'port-1' }] }), 'unknown-attribute', 'network[1].prot'],
    ['inside a max-one block written as an object', instance({ vendor_options: { detach_ports: true } }), 'unknown-attribute', 'vendor_options.detach_ports'],
    ['inside a single block', instance({ timeouts: { create: '10m', destroy: '5m' } }), 'unknown-attribute', 'timeouts.destroy'],
    ['inside the content of a dynamic block', instance({ dynamic: { network: { for_each: '${var.nets}', content: { prot: '${network.value}' } } } }), 'unknown-attribute', 'dynamic.network.content.prot'],
    ['dynamic block that does not exist', instance({ dynamic: { netwerk: { for_each: '${var.nets}', content: {} } } }), 'unknown-attribute', 'dynamic.netwerk'],
  ])('unknown nested block attribute: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['name on a compute instance', resource(INSTANCE, { flavor_name: 'm1.small' }), 'missing-required', 'name'],
    ['network_id on a port', resource(PORT, { name: 'vip' }), 'missing-required', 'network_id'],
    ['name given as null counts as unset', resource(INSTANCE, { name: null }), 'missing-required', 'name'],
    ['source_type inside a block_device', instance({ block_device: [{ uuid: 'img-1', boot_index: 0 }] }), 'missing-required', 'block_device[0].source_type'],
    ['required datastore block', resource('openstack_db_instance_v1', { name: 'db', size: 10, volume_type: 'ssd' }), 'missing-required', 'datastore'],
    ['at least one vip argument on a load balancer', resource('openstack_lb_loadbalancer_v2', { name: 'lb' }), 'missing-required', 'vip_network_id'],
  ])('missing required: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['access_ip_v4 on an instance', instance({ access_ip_v4: '10.0.0.5' }), 'computed-only', 'access_ip_v4'],
    ['all_tags on a network', resource(NETWORK, { all_tags: ['a'] }), 'computed-only', 'all_tags'],
    ['mac inside an instance network block', instance({ network: [{ uuid: 'net-1', mac: 'fa:16:3e:00:00:01' }] }), 'computed-only', 'network[0].mac'],
  ])('computed-only attribute set: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['bool given a random string', instance({ config_drive: 'maybe' }), 'wrong-type', 'config_drive'],
    ['bool given a number', instance({ stop_before_destroy: 1 }), 'wrong-type', 'stop_before_destroy'],
    ['number given "abc"', instance({ block_device: [{ source_type: 'image', volume_size: 'abc' }] }), 'wrong-type', 'block_device[0].volume_size'],
    ['number given a bool', resource(NETWORK, { mtu: true }), 'wrong-type', 'mtu'],
    ['list given as a string literal', instance({ security_groups: 'default' }), 'wrong-type', 'security_groups'],
    ['list element of the wrong type', resource(NETWORK, { availability_zone_hints: ['nova', ['az2']] }), 'wrong-type', 'availability_zone_hints[1]'],
    ['map given as an array', instance({ metadata: ['role', 'controller'] }), 'wrong-type', 'metadata'],
    ['map value that is not a string', instance({ metadata: { role: { nested: true } } }), 'wrong-type', 'metadata["role"]'],
    ['string given an object', instance({ user_data: { runcmd: [] } }), 'wrong-type', 'user_data'],
  ])('wrong type: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['list block given a single object', instance({ network: { uuid: 'net-1' } }), 'block-shape', 'network'],
    ['list block given a string literal', instance({ network: 'net-1' }), 'block-shape', 'network'],
    ['block item that is not an object', port({ fixed_ip: ['10.0.0.5'] }), 'block-shape', 'fixed_ip[0]'],
    ['single block given a string literal', instance({ timeouts: '10m' }), 'block-shape', 'timeouts'],
    ['argument generated with dynamic', instance({ dynamic: { metadata: { for_each: '${var.m}', content: {} } } }), 'block-shape', 'dynamic.metadata'],
  ])('block shape: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['two vendor_options blocks (max_items 1)', instance({ vendor_options: [{ ignore_resize_confirmation: true }, { detach_ports_before_destroy: true }] }), 'block-count', 'vendor_options'],
    ['two single timeouts blocks', instance({ timeouts: [{ create: '1m' }, { create: '2m' }] }), 'block-count', 'timeouts'],
    ['empty datastore list (min_items 1)', resource('openstack_db_instance_v1', { name: 'db', size: 10, volume_type: 'ssd', datastore: [] }), 'block-count', 'datastore'],
  ])('block count: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['availability_zone with availability_zone_hints', instance({ availability_zone: 'nova', availability_zone_hints: 'nova' }), 'conflict', 'availability_zone'],
    ['network_mode with network blocks', instance({ network_mode: 'none', network: [{ uuid: 'net-1' }] }), 'conflict', 'network_mode'],
    ['no_fixed_ip with fixed_ip blocks', port({ no_fixed_ip: true, fixed_ip: [{ subnet_id: 's-1' }] }), 'conflict', 'no_fixed_ip'],
    ['cidr with prefix_length', resource(SUBNET, { network_id: 'n', cidr: '10.0.0.0/24', prefix_length: 24 }), 'conflict', 'cidr'],
  ])('conflicting arguments: %s', (_description, json, kind, path) => {
    const violation = expectSingleViolation(json, kind, path);
    expect(violation.message).toMatch(/conflicts with/);
  });

  it.each<WrongCase>([
    ['neither loadbalancer_id nor listener_id on a pool', resource('openstack_lb_pool_v2', { protocol: 'HTTP', lb_method: 'ROUND_ROBIN' }), 'exactly-one-of', 'loadbalancer_id'],
    ['both loadbalancer_id and listener_id on a pool', resource('openstack_lb_pool_v2', { protocol: 'HTTP', lb_method: 'ROUND_ROBIN', loadbalancer_id: 'lb', listener_id: 'l' }), 'exactly-one-of', 'loadbalancer_id'],
    ['neither flavor_id nor name on the lb flavor data source', dataSource('openstack_lb_flavor_v2', {}), 'exactly-one-of', 'flavor_id'],
  ])('exactly one of: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['enable_snat without external_network_id', resource('openstack_networking_router_v2', { name: 'r', enable_snat: true }), 'required-with', 'enable_snat'],
    ['external_fixed_ip block without external_network_id', resource('openstack_networking_router_v2', { external_fixed_ip: [{ subnet_id: 's' }] }), 'required-with', 'external_fixed_ip'],
    ['hsts_preload without hsts_max_age', resource('openstack_lb_listener_v2', { loadbalancer_id: 'lb', protocol: 'HTTPS', protocol_port: 443, hsts_preload: true }), 'required-with', 'hsts_preload'],
  ])('required with: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it.each<WrongCase>([
    ['power_state "sleeping"', instance({ power_state: 'sleeping' }), 'not-one-of', 'power_state'],
    ['case matters when ignore_case is false', resource('openstack_lb_pool_v2', { protocol: 'HTTP', lb_method: 'round_robin', listener_id: 'l' }), 'not-one-of', 'lb_method'],
    ['an escaped $${ is a literal, not an expression', instance({ power_state: '$${var.state}' }), 'not-one-of', 'power_state'],
    ['set element outside element_validation', resource('openstack_lb_listener_v2', { loadbalancer_id: 'lb', protocol: 'HTTPS', protocol_port: 443, tls_versions: ['TLSv1.2', 'TLSv9'] }), 'not-one-of', 'tls_versions[1]'],
  ])('value not one of the allowed values: %s', (_description, json, kind, path) => {
    const violation = expectSingleViolation(json, kind, path);
    expect(violation.message).toMatch(/must be one of/);
  });

  const secgroupRule = (extra: Body): object =>
    resource('openstack_networking_secgroup_rule_v2', { direction: 'ingress', ethertype: 'IPv4', security_group_id: 'sg', protocol: 'tcp', ...extra });
  it.each<WrongCase>([
    ['port_range_max above 65535', secgroupRule({ port_range_min: 22, port_range_max: 70000 }), 'out-of-range', 'port_range_max'],
    ['port_range_min below 0', secgroupRule({ port_range_min: -1, port_range_max: 22 }), 'out-of-range', 'port_range_min'],
    ['numeric string above the maximum', secgroupRule({ port_range_min: '22', port_range_max: '70000' }), 'out-of-range', 'port_range_max'],
    ['server group rule below its minimum', resource('openstack_compute_servergroup_v2', { name: 'sg', policies: ['soft-anti-affinity'], rules: { max_server_per_host: 0 } }), 'out-of-range', 'rules.max_server_per_host'],
    ['two policies where at most one is allowed', resource('openstack_compute_servergroup_v2', { name: 'sg', policies: ['affinity', 'anti-affinity'] }), 'out-of-range', 'policies'],
  ])('number out of range: %s', (_description, json, kind, path) => {
    expectSingleViolation(json, kind, path);
  });

  it('reports every violation of a resource, each once, with its address', () => {
    const json = {
      resource: {
        [INSTANCE]: {
          ctl0: { availability_zone: 'nova', availability_zone_hints: 'nova', power_state: 'sleeping', bogus: 1 },
        },
      },
      data: { openstack_images_image_v2: { debian: { most_recent: 'yes' } } },
    };
    expect(summary(validateAgainstProviderSchema(json))).toEqual([
      { kind: 'not-one-of', address: `${INSTANCE}.ctl0`, path: 'power_state' },
      { kind: 'unknown-attribute', address: `${INSTANCE}.ctl0`, path: 'bogus' },
      { kind: 'missing-required', address: `${INSTANCE}.ctl0`, path: 'name' },
      { kind: 'conflict', address: `${INSTANCE}.ctl0`, path: 'availability_zone' },
      { kind: 'wrong-type', address: 'data.openstack_images_image_v2.debian', path: 'most_recent' },
    ]);
  });

  it('suggests the closest name for a misspelt argument or type', () => {
    const [attribute] = validateAgainstProviderSchema(instance({ flavour_name: 'm1' }));
    expect(attribute.message).toContain('Did you mean "flavor_name"?');
    const [type] = validateAgainstProviderSchema(resource('openstack_networking_prot_v2', {}));
    expect(type.message).toContain('Did you mean "openstack_networking_port_v2"?');
  });
});

describe('validateAgainstProviderSchema: valid input passes', () => {
  const cluster = {
    terraform: { required_providers: { openstack: { source: 'terraform-provider-openstack/openstack', version: '~> 3.4' } } },
    provider: { openstack: [{ cloud: 'prod' }] },
    variable: { image: { type: 'string' } },
    locals: { anything: { goes: ['here'] } },
    output: { ip: { value: '${openstack_compute_instance_v2.ctl0.access_ip_v4}' } },
    data: {
      openstack_images_image_v2: { debian: { name: 'debian-12', most_recent: true } },
      openstack_compute_flavor_v2: { small: { name: 'm1.small' } },
    },
    resource: {
      [NETWORK]: { mgmt: { name: 'mgmt', admin_state_up: true, mtu: 1450, tags: ['ha'] } },
      [SUBNET]: {
        mgmt: {
          name: 'mgmt',
          network_id: '${openstack_networking_network_v2.mgmt.id}',
          cidr: '10.0.0.0/24',
          ip_version: 4,
          dns_nameservers: ['10.0.0.2'],
          allocation_pool: [{ start: '10.0.0.10', end: '10.0.0.200' }],
        },
      },
      [PORT]: {
        ctl0: {
          name: 'ctl0',
          network_id: '${openstack_networking_network_v2.mgmt.id}',
          admin_state_up: true,
          fixed_ip: [{ subnet_id: '${openstack_networking_subnet_v2.mgmt.id}', ip_address: '10.0.0.11' }],
          allowed_address_pairs: [{ ip_address: '10.0.0.100' }],
        },
      },
      [INSTANCE]: {
        ctl0: {
          name: 'ctl0',
          image_id: '${data.openstack_images_image_v2.debian.id}',
          flavor_id: '${data.openstack_compute_flavor_v2.small.id}',
          key_pair: 'ops',
          power_state: 'ACTIVE',
          metadata: { role: 'controller', index: 0 },
          security_groups: ['default'],
          network: [{ port: '${openstack_networking_port_v2.ctl0.id}' }],
          block_device: [{ source_type: 'image', destination_type: 'volume', uuid: 'img', volume_size: 20, boot_index: 0, delete_on_termination: true }],
          vendor_options: { ignore_resize_confirmation: true },
          timeouts: { create: '30m' },
        },
      },
      null_resource: { anything: { triggers: { not: 'checked' }, made_up: true } },
      random_password: { db: { length: 'not a number, but not ours to check' } },
    },
  };

  it('a correct instance + port + network + subnet document has no violations', () => {
    expect(validateAgainstProviderSchema(cluster)).toEqual([]);
    expect(() => assertValidAgainstProviderSchema(cluster)).not.toThrow();
  });

  it.each<[description: string, json: object]>([
    ['a whole string attribute', instance({ image_id: '${openstack_images_image_v2.debian.id}' })],
    ['a bool attribute', instance({ config_drive: '${var.config_drive}' })],
    ['a number inside a block', instance({ block_device: [{ source_type: 'image', volume_size: '${var.size}' }] })],
    ['a list attribute', instance({ security_groups: '${var.groups}' })],
    ['a list element', instance({ security_groups: ['default', '${openstack_networking_secgroup_v2.ha.name}'] })],
    ['a map attribute', instance({ metadata: '${local.metadata}' })],
    ['a map value', instance({ metadata: { role: '${var.role}' } })],
    ['a value with allowed values', instance({ power_state: '${var.power_state}' })],
    ['a template inside a longer string', instance({ power_state: 'shut${var.suffix}' })],
    ['a template directive', instance({ power_state: '%{ if var.on }active%{ else }shutoff%{ endif }' })],
    ['a ranged number', resource('openstack_networking_secgroup_rule_v2', { direction: 'ingress', ethertype: 'IPv4', security_group_id: 'sg', protocol: 'tcp', port_range_min: '${var.port}', port_range_max: '${var.port}' })],
    ['a required argument', resource(PORT, { network_id: '${openstack_networking_network_v2.mgmt.id}' })],
    ['a whole list of blocks', instance({ network: '${var.networks}' })],
    ['one block of a list', instance({ network: ['${var.first_network}', { uuid: 'net-2' }] })],
    ['a single block', instance({ timeouts: '${var.timeouts}' })],
    ['a dynamic block', instance({ dynamic: { network: { for_each: '${var.ports}', iterator: 'p', content: { port: '${p.value}' } } } })],
    ['a required block generated by dynamic', resource('openstack_db_instance_v1', { name: 'db', size: 10, volume_type: 'ssd', dynamic: { datastore: { for_each: '${var.ds}', content: { type: '${datastore.value.type}', version: '${datastore.value.version}' } } } })],
    ['a possibly-null value next to a conflicting one', instance({ availability_zone: '${var.az}', availability_zone_hints: 'nova' })],
    ['a possibly-set partner of required_with', resource('openstack_networking_router_v2', { enable_snat: true, external_network_id: '${var.ext}' })],
    ['a possibly-null member of exactly_one_of', resource('openstack_lb_pool_v2', { protocol: 'HTTP', lb_method: 'ROUND_ROBIN', listener_id: '${var.listener}' })],
  ])('accepts an expression as %s', (_description, json) => {
    expect(summary(validateAgainstProviderSchema(json))).toEqual([]);
  });

  it.each<[description: string, json: object]>([
    ['a number given as a numeric string', instance({ block_device: [{ source_type: 'image', volume_size: '8', boot_index: '-1' }] })],
    ['a bool given as "true" / "false"', instance({ config_drive: 'true', force_delete: 'false' })],
    ['a string given a number or a bool', instance({ key_pair: 42, user_data: true })],
    ['an allowed value in another case when ignore_case is set', instance({ power_state: 'SHUTOFF' })],
    ['a max-one list block as a one-element array', instance({ vendor_options: [{ detach_ports_before_destroy: true }] })],
    ['a single block as a one-element array', instance({ timeouts: [{ create: '5m' }] })],
    ['an empty list of optional blocks', instance({ network: [], personality: [] })],
    ['null optional values', instance({ metadata: null, network: null, power_state: null, availability_zone: null, availability_zone_hints: 'nova' })],
    ['exactly one of a pair', resource('openstack_lb_pool_v2', { protocol: 'HTTP', lb_method: 'ROUND_ROBIN', listener_id: 'l' })],
    ['every partner of required_with set', resource('openstack_networking_secgroup_rule_v2', { direction: 'ingress', ethertype: 'IPv4', security_group_id: 'sg', protocol: 'tcp', port_range_min: 0, port_range_max: 65535 })],
  ])('accepts %s', (_description, json) => {
    expect(summary(validateAgainstProviderSchema(json))).toEqual([]);
  });

  it.each<[description: string, body: Body]>([
    ['count', { count: 3 }],
    ['for_each', { for_each: '${toset(var.names)}' }],
    ['depends_on', { depends_on: ['openstack_networking_port_v2.p'] }],
    ['provider', { provider: 'openstack.dr' }],
    ['lifecycle', { lifecycle: { ignore_changes: ['image_id'], create_before_destroy: true } }],
    ['provisioner', { provisioner: [{ 'local-exec': { command: 'true' } }] }],
    ['connection', { connection: { type: 'ssh', host: '${self.access_ip_v4}' } }],
    ['the cdktf metadata key', { '//': { metadata: { path: 's/ctl0', uniqueId: 'ctl0' } } }],
  ])('accepts the resource meta-argument %s', (_description, body) => {
    expect(validateAgainstProviderSchema(instance(body))).toEqual([]);
  });

  it.each<[description: string, body: Body]>([
    ['count', { count: 1 }],
    ['for_each', { for_each: { a: 'debian' } }],
    ['depends_on', { depends_on: ['openstack_networking_network_v2.n'] }],
    ['provider', { provider: 'openstack.dr' }],
    ['lifecycle', { lifecycle: { postcondition: [] } }],
    ['the cdktf metadata key', { '//': { metadata: {} } }],
  ])('accepts the data source meta-argument %s', (_description, body) => {
    expect(validateAgainstProviderSchema(dataSource('openstack_images_image_v2', { name: 'debian', ...body }))).toEqual([]);
  });

  it('ignores documents and sections that hold nothing from OpenStack', () => {
    expect(validateAgainstProviderSchema({})).toEqual([]);
    expect(validateAgainstProviderSchema({ resource: { null_resource: { x: { nonsense: [1, 2] } } } })).toEqual([]);
  });
});

describe('validateAgainstProviderSchema with cdktf stacks', () => {
  function newStack(): TerraformStack {
    const app = new App();
    const stack = new TerraformStack(app, 'cluster');
    new OpenstackProvider(stack, 'openstack', { cloud: 'prod' });
    return stack;
  }

  it('a stack built with the generated bindings validates clean', () => {
    const stack = newStack();
    const names = new TerraformVariable(stack, 'extra_networks', { type: 'list(string)' });
    const vip = new NetworkingPortV2(stack, 'vip', {
      name: 'vip',
      networkId: 'net-1',
      adminStateUp: true,
      fixedIp: [{ subnetId: 'subnet-1', ipAddress: '10.0.0.100' }],
      allowedAddressPairs: [{ ipAddress: '10.0.0.101' }],
    });
    const extra = TerraformIterator.fromList(names.listValue);
    new ComputeInstanceV2(stack, 'ctl', {
      count: 3,
      name: 'ctl',
      imageName: 'debian-12',
      flavorName: 'm1.small',
      powerState: 'active',
      metadata: { role: 'controller' },
      securityGroups: ['default'],
      network: [{ port: vip.id }],
      blockDevice: [{ sourceType: 'image', uuid: 'img', volumeSize: 20, bootIndex: 0, destinationType: 'volume' }],
      vendorOptions: { ignoreResizeConfirmation: true },
      timeouts: { create: '30m' },
      dependsOn: [vip],
      lifecycle: { ignoreChanges: ['image_name'] },
    });
    new ComputeInstanceV2(stack, 'worker', {
      name: 'worker',
      network: extra.dynamic({ name: extra.value }),
    });
    expect(validateAgainstProviderSchema(stack)).toEqual([]);
    expect(() => assertValidAgainstProviderSchema(stack)).not.toThrow();
  });

  it('catches mistakes slipped in through escape hatches', () => {
    const stack = newStack();
    const instanceResource = new ComputeInstanceV2(stack, 'ctl', { name: 'ctl' });
    instanceResource.addOverride('power_state', 'sleeping');
    instanceResource.addOverride('network', { uuid: 'net-1' });
    expect(summary(validateAgainstProviderSchema(stack))).toEqual([
      { kind: 'not-one-of', address: `${INSTANCE}.ctl`, path: 'power_state' },
      { kind: 'block-shape', address: `${INSTANCE}.ctl`, path: 'network' },
    ]);
  });
});

describe('assertValidAgainstProviderSchema', () => {
  it('throws an error listing every violation, one per line', () => {
    const json = {
      resource: {
        [INSTANCE]: { ctl0: { power_state: 'sleeping' } },
        [PORT]: { vip: { network_id: 'n', no_fixed_ip: true, fixed_ip: [{ subnet_id: 's' }] } },
      },
    };
    let message = '';
    try {
      assertValidAgainstProviderSchema(json);
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('The Terraform JSON has 3 provider schema violations:');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}openstack_compute_instance_v2\.ctl0: power_state: .*must be one of.*\[not-one-of\]$/),
      expect.stringMatching(/^ {2}openstack_compute_instance_v2\.ctl0: name: .*required.*\[missing-required\]$/),
      expect.stringMatching(/^ {2}openstack_networking_port_v2\.vip: no_fixed_ip: .*conflicts with "fixed_ip".*\[conflict\]$/),
    ]);
  });

  it('does not throw for a valid document', () => {
    expect(() => assertValidAgainstProviderSchema(instance())).not.toThrow();
  });
});

describe('schema loading and options', () => {
  it('loads the committed schema once and caches it', () => {
    const schema = loadOpenStackSchema() as { provider_schemas: Record<string, { resource_schemas: object }> };
    expect(loadOpenStackSchema()).toBe(schema);
    const provider = schema.provider_schemas['registry.terraform.io/terraform-provider-openstack/openstack'];
    expect(Object.keys(provider.resource_schemas)).toContain(INSTANCE);
  });

  it('checks against a schema passed in the options', () => {
    const schema = {
      provider_schemas: {
        'registry.terraform.io/terraform-provider-openstack/openstack': {
          resource_schemas: {
            openstack_thing_v1: { block: { attributes: { size: { type: 'number', required: true, validation: { min: 1 } } } } },
          },
          data_source_schemas: {},
        },
      },
    };
    expect(validateAgainstProviderSchema(resource('openstack_thing_v1', { size: 1 }), { schema })).toEqual([]);
    expect(summary(validateAgainstProviderSchema(resource('openstack_thing_v1', { size: 0 }), { schema }))).toEqual([
      { kind: 'out-of-range', address: 'openstack_thing_v1.r', path: 'size' },
    ]);
    expect(summary(validateAgainstProviderSchema(instance(), { schema }))).toEqual([
      { kind: 'unknown-type', address: `${INSTANCE}.r`, path: '' },
    ]);
  });

  it('validates 5000 instances well under a second', () => {
    const instances: Record<string, Body> = {};
    for (let index = 0; index < 5000; index++) {
      instances[`ctl${index}`] = {
        name: `ctl${index}`,
        flavor_name: 'm1.small',
        image_id: '${data.openstack_images_image_v2.debian.id}',
        metadata: { role: 'controller', index: String(index) },
        network: [{ port: `\${openstack_networking_port_v2.p${index}.id}` }],
        block_device: [{ source_type: 'image', uuid: 'img', volume_size: 20, boot_index: 0 }],
        vendor_options: { ignore_resize_confirmation: true },
        '//': { metadata: { path: `s/ctl${index}` } },
      };
    }
    const json = { resource: { [INSTANCE]: instances } };
    loadOpenStackSchema();
    const started = performance.now();
    const violations = validateAgainstProviderSchema(json);
    const elapsed = performance.now() - started;
    expect(violations).toEqual([]);
    expect(elapsed).toBeLessThan(1000);
  });
});
