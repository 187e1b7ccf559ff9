import { Construct } from '../core/cdk';
import { isToken, validateRules, ValidationRule } from '../core/rules';
import { ComputeServergroupV2 } from '../providers/openstack/compute-servergroup-v2';
import { AntiAffinity } from './anti-affinity';
import { ControlPlaneNetwork } from './control-plane-network';
import { Secret } from '../core/secret';
import { HieraKey, HieraValue } from '../documents/hiera';
import { NodeRole, Profile } from '../documents/roles';
import { Deployment } from './deployment';
import { PORTS, ServicePort } from './port-table';
import { SecurityGroup, TrafficSource } from './security-group';
import { ServerNode } from './server-node';

/** Props of {@link NodeGroup}. */
export interface NodeGroupProps {
  /** The control-plane network the nodes get their fixed addresses on. */
  readonly network: ControlPlaneNetwork;
  /** The flavor name of the underlying cloud, for example `m1.xlarge`. */
  readonly flavor: string;
  /** The image name of the underlying cloud: a Debian 12 (bookworm) cloud image. */
  readonly image: string;
  /**
   * How many nodes the group holds.
   *
   * @default 3
   */
  readonly count?: number;
  /**
   * The host-name prefix: nodes are named `<prefix>-0`, `<prefix>-1`, ...
   *
   * @default - the construct id in lower case
   */
  readonly hostnamePrefix?: string;
  /**
   * How strictly the nodes are kept on different hypervisors.
   *
   * @default AntiAffinity.HARD
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * The number of hypervisors the underlying cloud can place this group on. With hard
   * anti-affinity, a group larger than this can never be scheduled, so it is a synth error.
   *
   * @default - not checked
   */
  readonly maxHypervisors?: number;
  /**
   * The offset from the subnet's network address of the first node's address: node `i`
   * gets `offset + i`. Set it in production so that adding a group elsewhere never moves
   * these addresses.
   *
   * @default - the lowest free block of the subnet, in construction order
   */
  readonly addressOffset?: number;
  /**
   * How many addresses to reserve for the group, so it can grow without moving others.
   *
   * @default - 16, or `count` when larger
   */
  readonly addressCapacity?: number;
  /**
   * The role of the nodes: which services they may run. A node that no service uses gets
   * only the base profile.
   *
   * @default NodeRole.CONTROLLER
   */
  readonly role?: NodeRole;
  /**
   * The vCPUs of the flavor. Only used for the offline facts the catalogs are compiled
   * with (worker counts); the node itself sees its real processors.
   *
   * @default 4
   */
  readonly flavorVcpus?: number;
  /**
   * The memory of the flavor in MiB, for the offline facts.
   *
   * @default 8192
   */
  readonly flavorMemoryMb?: number;
  /**
   * Protect the nodes from destruction and replacement (`prevent_destroy`, and changes to
   * user-data, image and key pair ignored). Leave it on for anything that holds state or
   * quorum.
   *
   * @default true
   */
  readonly stateful?: boolean;
  /**
   * The name of a key pair of the underlying cloud for SSH access.
   *
   * @default - no key pair
   */
  readonly keyPair?: string;
  /**
   * The availability zone of the underlying cloud.
   *
   * @default - the cloud's default zone
   */
  readonly availabilityZone?: string;
}

const HOSTNAME = /^[a-z][a-z0-9-]{0,50}$/;

const RULES: ValidationRule<NodeGroupProps>[] = [
  { code: 'HA1001', prop: 'count', failsWhen: (p) => isToken(p.count) },
  {
    code: 'HA1101',
    prop: 'count',
    failsWhen: (p) => p.count !== undefined && !isToken(p.count) && !(Number.isInteger(p.count) && p.count >= 1),
  },
  { code: 'HA1103', prop: 'flavor', failsWhen: (p) => typeof p.flavor !== 'string' || p.flavor.trim() === '' },
  { code: 'HA1103', prop: 'image', failsWhen: (p) => typeof p.image !== 'string' || p.image.trim() === '' },
  {
    code: 'HA1007',
    prop: 'hostnamePrefix',
    failsWhen: (p) => p.hostnamePrefix !== undefined && !HOSTNAME.test(p.hostnamePrefix),
  },
  {
    code: 'HA1102',
    prop: 'count',
    failsWhen: (p) =>
      (p.antiAffinity ?? AntiAffinity.HARD) === AntiAffinity.HARD &&
      p.maxHypervisors !== undefined &&
      (p.count ?? 3) > p.maxHypervisors,
    message: 'hard anti-affinity needs one hypervisor per node, and the group has more nodes than `maxHypervisors`',
  },
  {
    code: 'HA1101',
    prop: 'flavorVcpus',
    failsWhen: (p) => p.flavorVcpus !== undefined && !(Number.isInteger(p.flavorVcpus) && p.flavorVcpus >= 1),
    message: 'the vCPU count is not a positive whole number',
    fix: 'give the vCPU count of the flavor, for example 8',
  },
  {
    code: 'HA1101',
    prop: 'flavorMemoryMb',
    failsWhen: (p) => p.flavorMemoryMb !== undefined && !(Number.isInteger(p.flavorMemoryMb) && p.flavorMemoryMb >= 512),
    message: 'the flavor memory is not a whole number of MiB of at least 512',
    fix: 'give the memory of the flavor in MiB, for example 16384',
  },
  {
    code: 'HA1104',
    prop: 'addressCapacity',
    failsWhen: (p) => p.addressCapacity !== undefined && p.addressCapacity < (p.count ?? 3),
    message: 'the reserved address block is smaller than the node count',
    fix: 'raise `addressCapacity` to at least `count`, or leave it unset',
  },
];

/**
 * A group of identical virtual machines with fixed addresses, spread over hypervisors by an
 * anti-affinity server group.
 *
 * Service constructs do not create machines: they run on a node group and contribute to each
 * of its nodes.
 *
 * @example
 * const controllers = new NodeGroup(stack, 'Controllers', {
 *   network: net, count: 3, flavor: 'm1.xlarge', image: 'debian-12',
 * });
 */
export class NodeGroup extends Construct {
  /** The nodes, in order. */
  public readonly nodes: readonly ServerNode[];
  /** The anti-affinity server group of the nodes. */
  public readonly serverGroup: ComputeServergroupV2;
  /** The network the nodes live on. */
  public readonly network: ControlPlaneNetwork;
  /** The anti-affinity policy in force. */
  public readonly antiAffinity: AntiAffinity;
  /** The security group of the nodes; constructs open what they need on it. */
  public readonly securityGroup: SecurityGroup;
  /** The host-name prefix of the nodes. */
  public readonly hostnamePrefix: string;
  /** The role of the nodes. */
  public readonly role: NodeRole;

  constructor(scope: Construct, id: string, props: NodeGroupProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    const count = props.count ?? 3;
    const prefix = props.hostnamePrefix ?? id.toLowerCase();
    const capacity = props.addressCapacity ?? Math.max(16, count);
    this.network = props.network;
    this.antiAffinity = props.antiAffinity ?? AntiAffinity.HARD;
    this.role = props.role ?? NodeRole.CONTROLLER;

    const plan = props.network.addresses;
    const block =
      props.addressOffset !== undefined
        ? plan.reserveBlock(this.node.path, props.addressOffset, capacity)
        : plan.reserveNextBlock(this.node.path, capacity);

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: prefix,
      description: `Nodes of ${this.node.path}`,
    });
    this.hostnamePrefix = prefix;
    for (const cidr of props.network.adminCidrs) {
      this.securityGroup.allow(PORTS.ssh, { label: `admin ${cidr}`, cidr });
    }

    this.serverGroup = new ComputeServergroupV2(this, 'ServerGroup', {
      name: prefix,
      policies: [this.antiAffinity],
    });
    const serverGroupId = this.serverGroup.id;

    const nodes: ServerNode[] = [];
    for (let i = 0; i < count; i++) {
      nodes.push(
        new ServerNode(this, `Node${i}`, {
          index: i,
          hostname: `${prefix}-${i}`,
          domain: props.network.domain,
          address: plan.addressAt(block.first + i),
          prefixLength: plan.network.prefix,
          role: this.role,
          vcpus: props.flavorVcpus ?? 4,
          memoryMb: props.flavorMemoryMb ?? 8192,
          networkId: props.network.networkId,
          subnetId: props.network.subnetId,
          serverGroupId,
          securityGroupIds: [this.securityGroup.id],
          flavor: props.flavor,
          image: props.image,
          metadata: { 'openstack-ha:group': prefix, 'openstack-ha:role': this.role },
          stateful: props.stateful ?? true,
          keyPair: props.keyPair,
          availabilityZone: props.availabilityZone,
        }),
      );
    }
    this.nodes = nodes;
    Deployment.of(this).addGroup(this);
  }

  /** Adds a Puppet profile to every node of the group (HA1251 when the role may not hold it). */
  public addProfile(profile: Profile): void {
    for (const node of this.nodes) node.addProfile(profile);
  }

  /** Sets a hiera value on every node of the group. */
  public setHiera<T extends HieraValue>(key: HieraKey<T>, value: T): void {
    for (const node of this.nodes) node.setHiera(key, value);
  }

  /** Sets a hiera value computed at render time on every node of the group. */
  public setLazyHiera<T extends HieraValue>(key: HieraKey<T>, produce: () => T): void {
    for (const node of this.nodes) node.setLazyHiera(key, produce);
  }

  /** Binds a hiera key to a secret on every node of the group. */
  public setSecretHiera(key: HieraKey<string>, secret: Secret): void {
    for (const node of this.nodes) node.setSecretHiera(key, secret);
  }

  /**
   * Opens a port of the port table on every node of the group, for a source.
   *
   * @example db.allowFrom(PORTS.mysql, loadBalancers.asTrafficSource())
   */
  public allowFrom(port: ServicePort, source: TrafficSource): void {
    this.securityGroup.allow(port, source);
  }

  /** The group as the source of traffic in another group's rules (by security group). */
  public asTrafficSource(): TrafficSource {
    return { label: this.hostnamePrefix, securityGroupId: this.securityGroup.id };
  }

  /** The fixed addresses of the nodes, in order. */
  public get addresses(): string[] {
    return this.nodes.map((n) => n.address);
  }
}
