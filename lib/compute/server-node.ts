import { Construct, IResolvable, Lazy } from '../core/cdk';
import { fail } from '../core/errors';
import { Secret } from '../core/secret';
import { CloudConfig } from '../documents/cloud-config';
import { renderNodeFacts } from '../documents/facts';
import { HieraData, HieraKey, HieraValue } from '../documents/hiera';
import { NodeRole, Profile, roleAllows } from '../documents/roles';
import { ComputeInstanceV2 } from '../providers/openstack/compute-instance-v2';
import { NetworkingPortV2 } from '../providers/openstack/networking-port-v2';
import { Deployment } from './deployment';
import { buildNodeCloudConfig, effectiveRole, roleHieraValues, secretsOf } from './node-cloud-config';

/** Everything a {@link ServerNode} needs from its group; filled by {@link NodeGroup}. */
export interface ServerNodeProps {
  /** The position of the node in its group, from 0. */
  readonly index: number;
  /** The short host name, for example `controller-0`. */
  readonly hostname: string;
  /** The DNS domain; the FQDN is `<hostname>.<domain>`. */
  readonly domain: string;
  /** The fixed IPv4 address of the node, allocated at synth time. */
  readonly address: string;
  /** The prefix length of the node's subnet. */
  readonly prefixLength: number;
  /** The role of the node. */
  readonly role: NodeRole;
  /** The network id the port is created on (a Terraform reference). */
  readonly networkId: string;
  /** The subnet id the fixed address belongs to (a Terraform reference). */
  readonly subnetId: string;
  /** The security group ids of the node's port (Terraform references). */
  readonly securityGroupIds: string[];
  /** The server group id for the anti-affinity scheduler hint (a Terraform reference). */
  readonly serverGroupId: string;
  /** The flavor name of the underlying cloud. */
  readonly flavor: string;
  /** The number of vCPUs of the flavor (for the offline facts). */
  readonly vcpus: number;
  /** The memory of the flavor in MiB (for the offline facts). */
  readonly memoryMb: number;
  /** The image name of the underlying cloud. */
  readonly image: string;
  /** Metadata set on the instance. */
  readonly metadata: { [key: string]: string };
  /** Protect the node from replacement and destruction. */
  readonly stateful: boolean;
  /** The key pair for SSH access, if any. */
  readonly keyPair?: string;
  /** The availability zone, if any. */
  readonly availabilityZone?: string;
}

/** The documents of one node, rendered: what the node will boot with. */
export interface NodeDocuments {
  /** The construct path of the node. */
  readonly path: string;
  /** The node's FQDN (its Puppet certname). */
  readonly fqdn: string;
  /** The role Puppet applies. */
  readonly role: NodeRole;
  /** The profiles Puppet applies. */
  readonly profiles: readonly Profile[];
  /** The cloud-init user-data with every secret replaced by its test value. */
  readonly userDataOffline: string;
  /** The facts the node's Puppet will see (the flat facts hash). */
  readonly facts: Record<string, unknown>;
  /** The deployment-wide hiera file. */
  readonly commonYaml: string;
  /** The node's own hiera file. */
  readonly nodeYaml: string;
  /** The secrets the node receives, by hiera key. */
  readonly secrets: readonly Secret[];
}

/**
 * One virtual machine of a node group: its port with a fixed address, its instance, and the
 * documents it boots with.
 *
 * Service constructs contribute to a node (profiles, hiera values, extra addresses on its
 * port); the node renders its cloud-init user-data lazily, after every contribution, so
 * construction order does not matter.
 *
 * A stateful node (database, broker, controller) is protected: Terraform refuses to destroy
 * it (`prevent_destroy`), and a change of user-data, image or key pair, which would force a
 * replacement, is ignored (`ignore_changes`).
 */
export class ServerNode extends Construct {
  /** The position of the node in its group, from 0. */
  public readonly index: number;
  /** The short host name. */
  public readonly hostname: string;
  /** The DNS domain. */
  public readonly domain: string;
  /** The fully qualified domain name (also the node's Puppet certname). */
  public readonly fqdn: string;
  /** The fixed IPv4 address. */
  public readonly address: string;
  /** The role of the node. */
  public readonly role: NodeRole;
  /** The node's own hiera data (`nodes/<fqdn>.yaml`, secrets in `secrets.yaml`). */
  public readonly hiera: HieraData;
  /** The port of the node on the control-plane network. */
  public readonly port: NetworkingPortV2;
  /** The instance. */
  public readonly instance: ComputeInstanceV2;
  private readonly props: ServerNodeProps;
  private readonly extraAddresses: string[] = [];
  private readonly profileSet = new Set<Profile>();
  private renderedUserData?: string;

  constructor(scope: Construct, id: string, props: ServerNodeProps) {
    super(scope, id);
    this.props = props;
    this.index = props.index;
    this.hostname = props.hostname;
    this.domain = props.domain;
    this.fqdn = `${props.hostname}.${props.domain}`;
    this.address = props.address;
    this.role = props.role;
    this.hiera = new HieraData(`${this.node.path} (nodes/${this.fqdn}.yaml)`);

    this.port = new NetworkingPortV2(this, 'Port', {
      name: props.hostname,
      networkId: props.networkId,
      adminStateUp: true,
      fixedIp: [{ subnetId: props.subnetId, ipAddress: props.address }],
      securityGroupIds: props.securityGroupIds,
      allowedAddressPairs: Lazy.anyValue(
        { produce: () => (this.extraAddresses.length > 0 ? this.extraAddresses.map((a) => ({ ip_address: a })) : undefined) },
        { omitEmptyArray: true },
      ) as unknown as IResolvable,
    });

    this.instance = new ComputeInstanceV2(this, 'Instance', {
      name: props.hostname,
      flavorName: props.flavor,
      imageName: props.image,
      network: [{ port: this.port.id }],
      schedulerHints: [{ group: props.serverGroupId }],
      metadata: props.metadata,
      // cdktf resolves a Lazy more than once per synth; the document is rendered once.
      userData: Lazy.stringValue({ produce: () => (this.renderedUserData ??= this.buildCloudConfig().renderForTerraform({ sharedTail: Deployment.of(this).sharedPayload })) }),
      ...(props.keyPair !== undefined ? { keyPair: props.keyPair } : {}),
      ...(props.availabilityZone !== undefined ? { availabilityZone: props.availabilityZone } : {}),
      ...(props.stateful
        ? { lifecycle: { preventDestroy: true, ignoreChanges: ['user_data', 'image_name', 'image_id', 'key_pair'] } }
        : {}),
    });
  }

  /**
   * Adds a Puppet profile (`openstack_ha::profile::<name>`) to the node.
   *
   * @throws HaValidationError HA1251 when the node's role may not hold the profile
   */
  public addProfile(profile: Profile): void {
    if (!roleAllows(this.role, profile)) {
      fail(this, {
        code: 'HA1251',
        prop: 'role',
        value: this.role,
        message: `a ${this.role} node may not hold the ${profile} profile`,
      });
    }
    this.profileSet.add(profile);
  }

  /** The profiles of the node, sorted. */
  public get profiles(): Profile[] {
    return [...this.profileSet].sort();
  }

  /** Sets one of the node's own hiera values. */
  public setHiera<T extends HieraValue>(key: HieraKey<T>, value: T): void {
    this.hiera.set(key, value);
  }

  /** Sets one of the node's hiera values from a function called at render time. */
  public setLazyHiera<T extends HieraValue>(key: HieraKey<T>, produce: () => T): void {
    this.hiera.setLazy(key, produce);
  }

  /** Binds one of the node's hiera keys to a hash of secrets (written to its 0600 `secrets.yaml`). */
  public setSecretHieraMap(key: HieraKey<{ [name: string]: string }>, secrets: { readonly [name: string]: Secret }): void {
    this.hiera.setSecretMap(key, secrets);
  }

  /** Binds one of the node's hiera keys to a secret (written to its 0600 `secrets.yaml`). */
  public setSecretHiera(key: HieraKey<string>, secret: Secret): void {
    this.hiera.setSecret(key, secret);
  }

  /**
   * Lets the node's port also carry another address (a VIP that keepalived may move here):
   * the underlying cloud's port security drops traffic for addresses a port does not own.
   */
  public allowAddress(address: string): void {
    if (!this.extraAddresses.includes(address)) this.extraAddresses.push(address);
  }

  /** The extra addresses the port may carry (VIPs). */
  public get allowedAddresses(): readonly string[] {
    return this.extraAddresses;
  }

  /** The role Puppet applies: `base` when no service uses the node. */
  public get effectiveRole(): NodeRole {
    return effectiveRole(this.role, this.profiles);
  }

  /** The node's hiera file (`nodes/<fqdn>.yaml`): its own values, its role and its profiles. */
  public renderNodeHiera(): string {
    return this.hiera.toYaml(this.roleHiera());
  }

  private roleHiera(): { [key: string]: HieraValue } {
    return roleHieraValues(this.role, this.profiles);
  }

  /** The facts the node's Puppet will see, for offline catalog compilation. */
  public renderFacts(): Record<string, unknown> {
    return renderNodeFacts({
      hostname: this.hostname,
      domain: this.domain,
      address: this.address,
      prefixLength: this.props.prefixLength,
      cores: this.props.vcpus,
      memoryMb: this.props.memoryMb,
    });
  }

  /**
   * Builds the node's cloud-init document from every contribution made so far: host entries
   * for every node of the deployment, Puppet and its modules, the project's Puppet module,
   * the hiera files, and the Puppet run.
   */
  public buildCloudConfig(): CloudConfig {
    return buildNodeCloudConfig({
      errorPath: this.node.path,
      deployment: Deployment.of(this),
      hostname: this.hostname,
      fqdn: this.fqdn,
      hieraFile: `nodes/${this.fqdn}.yaml`,
      hiera: this.hiera,
      extraHiera: this.roleHiera(),
    });
  }

  /** Renders every document of the node, secrets replaced by their test values. */
  public renderDocuments(): NodeDocuments {
    return {
      path: this.node.path,
      fqdn: this.fqdn,
      role: this.effectiveRole,
      profiles: this.profiles,
      userDataOffline: this.buildCloudConfig().renderOffline(),
      facts: this.renderFacts(),
      commonYaml: Deployment.of(this).common.toYaml(),
      nodeYaml: this.renderNodeHiera(),
      secrets: secretsOf(this.hiera),
    };
  }
}
