/**
 * The G1' baseline: the same machines as the large workload, written by hand in bare cdktf
 * the way a user does without `for_each`: one port and one instance resource per VM (every
 * fixed node and every pool member), each instance with its own user-data of the length the
 * library gives that machine, references read inline (`network.id`) at every use. The
 * machines, their addresses and user-data lengths come from the library output
 * (`fixture.ts`); the shared part is a plain network, subnet and router, and one security
 * group and server group per machine group.
 *
 * Only the generated L1 classes and cdktf are loaded, never the library's constructs.
 *
 * @module
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { OpenstackProvider } from '../lib/providers/openstack/provider';
import { NetworkingNetworkV2 } from '../lib/providers/openstack/networking-network-v2';
import { NetworkingSubnetV2 } from '../lib/providers/openstack/networking-subnet-v2';
import { NetworkingRouterV2 } from '../lib/providers/openstack/networking-router-v2';
import { NetworkingRouterInterfaceV2 } from '../lib/providers/openstack/networking-router-interface-v2';
import { DataOpenstackNetworkingNetworkV2 } from '../lib/providers/openstack/data-openstack-networking-network-v2';
import { NetworkingSecgroupV2 } from '../lib/providers/openstack/networking-secgroup-v2';
import { NetworkingSecgroupRuleV2 } from '../lib/providers/openstack/networking-secgroup-rule-v2';
import { ComputeServergroupV2 } from '../lib/providers/openstack/compute-servergroup-v2';
import { NetworkingPortV2 } from '../lib/providers/openstack/networking-port-v2';
import { ComputeInstanceV2 } from '../lib/providers/openstack/compute-instance-v2';

/** One machine of the library stack: what a user would list by hand. */
export interface Machine {
  readonly hostname: string;
  readonly address: string;
  /** The machine's group (`openstack-ha:group` metadata): one security group each. */
  readonly group: string;
  /** The length of the machine's user-data in the library output. */
  readonly userDataBytes: number;
}

/** What the hand-written stack takes as given (a user has these as files and constants). */
export interface PerVmInput {
  /** Every machine: the library's fixed nodes and every member of its pools. */
  readonly machines: readonly Machine[];
  /** The control-plane subnet. */
  readonly cidr: string;
  /** The longest node user-data of the library; every VM's text is cut from it. */
  readonly userDataTemplate: string;
}

/**
 * A node's own cloud-init: its host name first, then the template, cut so that the text has
 * the length of the library's user-data for that machine.
 */
function userDataFor(machine: Machine, template: string): string {
  const head = `#cloud-config\nhostname: ${machine.hostname}\nfqdn: ${machine.hostname}.cloud.internal\n`;
  return head + template.slice(head.length, Math.max(head.length, machine.userDataBytes));
}

/** Builds the one-resource-per-VM stack into `app`. */
export function buildBarePerVm(app: App, input: PerVmInput): TerraformStack {
  const stack = new TerraformStack(app, 'large');
  new OpenstackProvider(stack, 'openstack', { cloud: 'underlay' });
  new LocalBackend(stack, { path: 'terraform.large.tfstate' });

  const network = new NetworkingNetworkV2(stack, 'net', { name: 'net', adminStateUp: true });
  const subnet = new NetworkingSubnetV2(stack, 'subnet', {
    name: 'net',
    networkId: network.id,
    cidr: input.cidr,
    ipVersion: 4,
    enableDhcp: true,
  });
  const external = new DataOpenstackNetworkingNetworkV2(stack, 'public', { name: 'public', external: true });
  const router = new NetworkingRouterV2(stack, 'router', { name: 'net', adminStateUp: true, externalNetworkId: external.id });
  new NetworkingRouterInterfaceV2(stack, 'router-interface', { routerId: router.id, subnetId: subnet.id });

  // One security group (with SSH open) and one anti-affinity server group per machine group.
  const groups = new Map<string, { securityGroup: NetworkingSecgroupV2; serverGroup: ComputeServergroupV2 }>();
  for (const name of new Set(input.machines.map((m) => m.group))) {
    const securityGroup = new NetworkingSecgroupV2(stack, `${name}-sg`, { name, description: `${name} nodes` });
    new NetworkingSecgroupRuleV2(stack, `${name}-ssh`, {
      securityGroupId: securityGroup.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      portRangeMin: 22,
      portRangeMax: 22,
      remoteIpPrefix: input.cidr,
      description: 'SSH from the admin network',
    });
    const serverGroup = new ComputeServergroupV2(stack, `${name}-group`, { name, policies: ['soft-anti-affinity'] });
    groups.set(name, { securityGroup, serverGroup });
  }

  for (const machine of input.machines) {
    const group = groups.get(machine.group)!;
    const port = new NetworkingPortV2(stack, `${machine.hostname}-port`, {
      name: machine.hostname,
      networkId: network.id,
      adminStateUp: true,
      fixedIp: [{ subnetId: subnet.id, ipAddress: machine.address }],
      securityGroupIds: [group.securityGroup.id],
    });
    new ComputeInstanceV2(stack, machine.hostname, {
      name: machine.hostname,
      flavorName: 'm1.xlarge',
      imageName: 'debian-12',
      network: [{ port: port.id }],
      schedulerHints: [{ group: group.serverGroup.id }],
      metadata: { 'openstack-ha:group': machine.group },
      userData: userDataFor(machine, input.userDataTemplate),
      lifecycle: { ignoreChanges: ['user_data', 'image_name', 'image_id', 'key_pair'] },
    });
  }
  return stack;
}
