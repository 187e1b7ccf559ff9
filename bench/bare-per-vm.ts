/**
 * The G1' baseline: the same machines as the large blueprint, written by hand in bare cdktf
 * the way a user does without `for_each`: one port and one instance resource per VM
 * (controllers and computes), each instance with its own user-data of the same size as the
 * library's node user-data, references read inline (`network.id`) at every use.
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

/** What the hand-written stack takes as given (a user has these as files and constants). */
export interface PerVmInput {
  /** The number of computes. */
  readonly computes: number;
  /** The number of controllers. @default 3 */
  readonly controllers?: number;
  /** A node user-data of the library; every VM gets its own text of exactly this length. */
  readonly userDataTemplate: string;
}

/** `10.40.0.0` + offset, for the /16 of the stand-in. */
function addressAt(offset: number): string {
  return `10.40.${Math.floor(offset / 256)}.${offset % 256}`;
}

/**
 * A node's own cloud-init: its host name first, then the rest of the template, cut so that
 * every VM's text has the template's length.
 */
function userDataFor(hostname: string, template: string): string {
  const head = `#cloud-config\nhostname: ${hostname}\nfqdn: ${hostname}.cloud.internal\n`;
  return head + template.slice(head.length);
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
    cidr: '10.40.0.0/16',
    ipVersion: 4,
    gatewayIp: '10.40.0.1',
    enableDhcp: true,
    allocationPool: [{ start: '10.40.192.0', end: '10.40.255.254' }],
  });
  const external = new DataOpenstackNetworkingNetworkV2(stack, 'public', { name: 'public', external: true });
  const router = new NetworkingRouterV2(stack, 'router', { name: 'net', adminStateUp: true, externalNetworkId: external.id });
  new NetworkingRouterInterfaceV2(stack, 'router-interface', { routerId: router.id, subnetId: subnet.id });

  const controllerGroup = new NetworkingSecgroupV2(stack, 'controller-sg', { name: 'controller', description: 'controllers' });
  const computeGroup = new NetworkingSecgroupV2(stack, 'compute-sg', { name: 'compute', description: 'computes' });
  for (const [id, group] of [['controller', controllerGroup], ['compute', computeGroup]] as const) {
    new NetworkingSecgroupRuleV2(stack, `${id}-ssh`, {
      securityGroupId: group.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      portRangeMin: 22,
      portRangeMax: 22,
      remoteIpPrefix: '10.40.0.0/16',
      description: 'SSH from admin 10.40.0.0/16',
    });
  }
  const serverGroup = new ComputeServergroupV2(stack, 'controller-group', { name: 'controller', policies: ['anti-affinity'] });

  const controllers = input.controllers ?? 3;
  for (let i = 0; i < controllers; i++) {
    const hostname = `controller-${i}`;
    const port = new NetworkingPortV2(stack, `${hostname}-port`, {
      name: hostname,
      networkId: network.id,
      adminStateUp: true,
      fixedIp: [{ subnetId: subnet.id, ipAddress: addressAt(16 + i) }],
      securityGroupIds: [controllerGroup.id],
    });
    new ComputeInstanceV2(stack, hostname, {
      name: hostname,
      flavorName: 'm1.xlarge',
      imageName: 'debian-12',
      network: [{ port: port.id }],
      schedulerHints: [{ group: serverGroup.id }],
      metadata: { 'openstack-ha:group': 'controller', 'openstack-ha:role': 'controller' },
      userData: userDataFor(hostname, input.userDataTemplate),
      lifecycle: { preventDestroy: true, ignoreChanges: ['user_data', 'image_name', 'image_id', 'key_pair'] },
    });
  }

  const width = String(input.computes - 1).length;
  for (let i = 0; i < input.computes; i++) {
    const hostname = `compute-${String(i).padStart(width, '0')}`;
    const port = new NetworkingPortV2(stack, `${hostname}-port`, {
      name: hostname,
      networkId: network.id,
      adminStateUp: true,
      fixedIp: [{ subnetId: subnet.id, ipAddress: addressAt(1024 + i) }],
      securityGroupIds: [computeGroup.id],
    });
    new ComputeInstanceV2(stack, hostname, {
      name: hostname,
      flavorName: 'c1.8xlarge',
      imageName: 'debian-12',
      network: [{ port: port.id }],
      metadata: { 'openstack-ha:group': 'compute', 'openstack-ha:role': 'compute' },
      userData: userDataFor(hostname, input.userDataTemplate),
      lifecycle: { ignoreChanges: ['user_data', 'image_name', 'image_id', 'key_pair'] },
    });
  }
  return stack;
}
