import { Construct, Lazy, TerraformIterator, TerraformLocal } from '../core/cdk';
import { fail } from '../core/errors';
import { isToken, validateRules, ValidationRule } from '../core/rules';
import { Secret } from '../core/secret';
import { CloudConfig } from '../documents/cloud-config';
import { renderNodeFacts } from '../documents/facts';
import { HieraData, HieraKey, HieraValue } from '../documents/hiera';
import { NodeRole, Profile, roleAllows } from '../documents/roles';
import { ComputeInstanceV2 } from '../providers/openstack/compute-instance-v2';
import { NetworkingPortV2 } from '../providers/openstack/networking-port-v2';
import { ControlPlaneNetwork } from './control-plane-network';
import { Deployment } from './deployment';
import { buildNodeCloudConfig, effectiveRole, roleHieraValues, secretsOf } from './node-cloud-config';
import { PORTS, ServicePort } from './port-table';
import { SecurityGroup, TrafficSource } from './security-group';
import type { NodeDocuments } from './server-node';

/** Props of {@link ComputePool}. */
export interface ComputePoolProps {
  /** The control-plane network the members get their fixed addresses on. */
  readonly network: ControlPlaneNetwork;
  /** The flavor name of the underlying cloud. */
  readonly flavor: string;
  /** The image name of the underlying cloud (Debian 12). */
  readonly image: string;
  /** How many members the pool holds (hundreds to thousands). */
  readonly count: number;
  /**
   * The host-name prefix: members are named `<prefix>-<i>` (zero-padded to the width of the
   * largest index, so names sort in order).
   *
   * @default - the construct id in lower case
   */
  readonly hostnamePrefix?: string;
  /**
   * The role of the members.
   *
   * @default NodeRole.COMPUTE
   */
  readonly role?: NodeRole;
  /**
   * The offset of the first member's address in the subnet; member `i` gets `offset + i`.
   *
   * @default - the lowest free block of the subnet
   */
  readonly addressOffset?: number;
  /**
   * How many addresses to reserve, so the pool can grow without moving anything.
   *
   * @default - `count`
   */
  readonly addressCapacity?: number;
  /** The vCPUs of the flavor, for the offline facts. @default 16 */
  readonly flavorVcpus?: number;
  /** The memory of the flavor in MiB, for the offline facts. @default 65536 */
  readonly flavorMemoryMb?: number;
  /** A key pair of the underlying cloud for SSH. @default - none */
  readonly keyPair?: string;
  /** The availability zone of the underlying cloud. @default - the cloud's default */
  readonly availabilityZone?: string;
}

const RULES: ValidationRule<ComputePoolProps>[] = [
  { code: 'HA1001', prop: 'count', failsWhen: (p) => isToken(p.count) },
  { code: 'HA1101', prop: 'count', failsWhen: (p) => !isToken(p.count) && !(Number.isInteger(p.count) && p.count >= 1) },
  { code: 'HA1103', prop: 'flavor', failsWhen: (p) => typeof p.flavor !== 'string' || p.flavor.trim() === '' },
  { code: 'HA1103', prop: 'image', failsWhen: (p) => typeof p.image !== 'string' || p.image.trim() === '' },
  { code: 'HA1007', prop: 'hostnamePrefix', failsWhen: (p) => p.hostnamePrefix !== undefined && !/^[a-z][a-z0-9-]{0,50}$/.test(p.hostnamePrefix) },
  {
    code: 'HA1104',
    prop: 'addressCapacity',
    failsWhen: (p) => p.addressCapacity !== undefined && p.addressCapacity < p.count,
    message: 'the reserved address block is smaller than the member count',
    fix: 'raise `addressCapacity` to at least `count`, or leave it unset',
  },
];

/** One member of a pool: its name and fixed address. */
export interface PoolMember {
  /** The host name. */
  readonly hostname: string;
  /** The fixed IPv4 address. */
  readonly address: string;
}

/**
 * A homogeneous fleet (computes): one port block and one instance block with `for_each`
 * over a map of members, and one user-data shared by every member.
 *
 * Synthesis stays fast and the output small however many members there are: the members are
 * one `locals` map and the user-data appears once. A member's name comes from the cloud's
 * metadata, and its own address reaches Puppet through facts (`%{facts.networking.ip}` in
 * `pool.yaml`), so the document is the same for all. Removing a member from the middle keeps
 * every other member's key, address and instance.
 *
 * Members are not protected from destruction (a pool scales down), but a change of
 * user-data or image never replaces one.
 *
 * @example
 * const computes = new ComputePool(stack, 'Computes', { network, count: 500, flavor: 'c1.8xlarge', image: 'debian-12' });
 */
export class ComputePool extends Construct {
  /** The members, in order. */
  public readonly members: readonly PoolMember[];
  /** The role of the members. */
  public readonly role: NodeRole;
  /** The host-name prefix. */
  public readonly hostnamePrefix: string;
  /** The network of the members. */
  public readonly network: ControlPlaneNetwork;
  /** The security group of the members. */
  public readonly securityGroup: SecurityGroup;
  /** The hiera data every member reads (`pool.yaml`). */
  public readonly hiera: HieraData;
  /** The members' ports (`for_each`). */
  public readonly ports: NetworkingPortV2;
  /** The members' instances (`for_each`). */
  public readonly instances: ComputeInstanceV2;
  private readonly props: ComputePoolProps;
  private readonly profileSet = new Set<Profile>();
  private renderedUserData?: string;

  constructor(scope: Construct, id: string, props: ComputePoolProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.props = props;
    this.network = props.network;
    this.role = props.role ?? NodeRole.COMPUTE;
    this.hostnamePrefix = props.hostnamePrefix ?? id.toLowerCase();
    this.hiera = new HieraData(`${this.node.path} (pool.yaml)`);

    const plan = props.network.addresses;
    const capacity = props.addressCapacity ?? props.count;
    const block =
      props.addressOffset !== undefined
        ? plan.reserveBlock(this.node.path, props.addressOffset, capacity)
        : plan.reserveNextBlock(this.node.path, capacity);
    const width = String(props.count - 1).length;
    const members: PoolMember[] = [];
    const map: { [hostname: string]: { address: string } } = {};
    for (let i = 0; i < props.count; i++) {
      const hostname = `${this.hostnamePrefix}-${String(i).padStart(width, '0')}`;
      const address = plan.addressAt(block.first + i);
      members.push({ hostname, address });
      map[hostname] = { address };
    }
    this.members = members;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', { name: this.hostnamePrefix, description: `Members of ${this.node.path}` });
    for (const cidr of props.network.adminCidrs) this.securityGroup.allow(PORTS.ssh, { label: `admin ${cidr}`, cidr });
    const securityGroupId = this.securityGroup.id;

    const membersLocal = new TerraformLocal(this, 'Members', map);
    const userData = new TerraformLocal(this, 'UserData', this.lazyUserData());
    const memberIterator = TerraformIterator.fromMap(membersLocal.asAnyMap);
    this.ports = new NetworkingPortV2(this, 'Port', {
      forEach: memberIterator,
      name: memberIterator.key,
      networkId: props.network.networkId,
      adminStateUp: true,
      fixedIp: [{ subnetId: props.network.subnetId, ipAddress: memberIterator.getString('address') }],
      securityGroupIds: [securityGroupId],
    });
    const portIterator = TerraformIterator.fromResources(this.ports);
    this.instances = new ComputeInstanceV2(this, 'Instance', {
      forEach: portIterator,
      name: portIterator.key,
      flavorName: props.flavor,
      imageName: props.image,
      network: [{ port: portIterator.getString('id') }],
      metadata: { 'openstack-ha:group': this.hostnamePrefix, 'openstack-ha:role': this.role },
      userData: userData.asString,
      ...(props.keyPair !== undefined ? { keyPair: props.keyPair } : {}),
      ...(props.availabilityZone !== undefined ? { availabilityZone: props.availabilityZone } : {}),
      lifecycle: { ignoreChanges: ['user_data', 'image_name', 'image_id', 'key_pair'] },
    });
    Deployment.of(this);
  }

  /** The members' addresses, in order. */
  public get addresses(): string[] {
    return this.members.map((m) => m.address);
  }

  /** Adds a Puppet profile to every member (HA1251 when the role may not hold it). */
  public addProfile(profile: Profile): void {
    if (!roleAllows(this.role, profile)) {
      fail(this, { code: 'HA1251', prop: 'role', value: this.role, message: `a ${this.role} pool may not hold the ${profile} profile` });
    }
    this.profileSet.add(profile);
  }

  /** The profiles of the members, sorted. */
  public get profiles(): Profile[] {
    return [...this.profileSet].sort();
  }

  /** Sets a value every member reads; use `%{facts.networking.ip}` for a member's own address. */
  public setHiera<T extends HieraValue>(key: HieraKey<T>, value: T): void {
    this.hiera.set(key, value);
  }

  /** Sets a value computed at render time. */
  public setLazyHiera<T extends HieraValue>(key: HieraKey<T>, produce: () => T): void {
    this.hiera.setLazy(key, produce);
  }

  /** Binds a key to a secret for every member. */
  public setSecretHiera(key: HieraKey<string>, secret: Secret): void {
    this.hiera.setSecret(key, secret);
  }

  /** Opens a port of the port table on every member, for a source. */
  public allowFrom(port: ServicePort, source: TrafficSource): void {
    this.securityGroup.allow(port, source);
  }

  /** The pool as the source of traffic in another group's rules. */
  public asTrafficSource(): TrafficSource {
    return { label: this.hostnamePrefix, securityGroupId: this.securityGroup.id };
  }

  /** The cloud-init document every member boots with. */
  public buildCloudConfig(): CloudConfig {
    return buildNodeCloudConfig({
      errorPath: this.node.path,
      deployment: Deployment.of(this),
      hieraFile: 'pool.yaml',
      hiera: this.hiera,
      extraHiera: this.roleHiera(),
    });
  }

  /**
   * The documents of the first member, which stands for the pool in the offline checks (the
   * others differ only in name and address, which come from metadata and facts).
   */
  public renderDocuments(): NodeDocuments {
    const first = this.members[0];
    const fqdn = `${first.hostname}.${this.network.domain}`;
    return {
      path: this.node.path,
      fqdn,
      role: effectiveRole(this.role, this.profiles),
      profiles: this.profiles,
      userDataOffline: this.buildCloudConfig().renderOffline(),
      facts: renderNodeFacts({
        hostname: first.hostname,
        domain: this.network.domain,
        address: first.address,
        prefixLength: this.network.addresses.network.prefix,
        cores: this.props.flavorVcpus ?? 16,
        memoryMb: this.props.flavorMemoryMb ?? 65536,
      }),
      commonYaml: Deployment.of(this).common.toYaml(),
      nodeYaml: this.hiera.toYaml(this.roleHiera()),
      secrets: secretsOf(this.hiera),
    };
  }

  private roleHiera(): { [key: string]: HieraValue } {
    return roleHieraValues(this.role, this.profiles);
  }

  private lazyUserData(): string {
    // Rendered at synth, after every construct has contributed to the pool.
    return Lazy.stringValue({ produce: () => (this.renderedUserData ??= this.buildCloudConfig().renderForTerraform({ sharedTail: Deployment.of(this).sharedPayload })) });
  }
}
