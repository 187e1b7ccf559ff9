import { Construct, Lazy } from '../core/cdk';
import { ComputeInstanceV2 } from '../providers/openstack/compute-instance-v2';
import { NetworkingPortV2 } from '../providers/openstack/networking-port-v2';

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
  /** The network id the port is created on (a Terraform reference). */
  readonly networkId: string;
  /** The subnet id the fixed address belongs to (a Terraform reference). */
  readonly subnetId: string;
  /** The server group id for the anti-affinity scheduler hint (a Terraform reference). */
  readonly serverGroupId: string;
  /** The flavor name of the underlying cloud. */
  readonly flavor: string;
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

/**
 * One virtual machine of a node group: its port with a fixed address and its instance.
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
  /** The fully qualified domain name. */
  public readonly fqdn: string;
  /** The fixed IPv4 address. */
  public readonly address: string;
  /** The port of the node on the control-plane network. */
  public readonly port: NetworkingPortV2;
  /** The instance. */
  public readonly instance: ComputeInstanceV2;

  constructor(scope: Construct, id: string, props: ServerNodeProps) {
    super(scope, id);
    this.index = props.index;
    this.hostname = props.hostname;
    this.fqdn = `${props.hostname}.${props.domain}`;
    this.address = props.address;

    this.port = new NetworkingPortV2(this, 'Port', {
      name: props.hostname,
      networkId: props.networkId,
      adminStateUp: true,
      fixedIp: [{ subnetId: props.subnetId, ipAddress: props.address }],
    });

    this.instance = new ComputeInstanceV2(this, 'Instance', {
      name: props.hostname,
      flavorName: props.flavor,
      imageName: props.image,
      network: [{ port: this.port.id }],
      schedulerHints: [{ group: props.serverGroupId }],
      metadata: props.metadata,
      userData: Lazy.stringValue({ produce: () => this.renderUserData() }),
      ...(props.keyPair !== undefined ? { keyPair: props.keyPair } : {}),
      ...(props.availabilityZone !== undefined ? { availabilityZone: props.availabilityZone } : {}),
      ...(props.stateful
        ? { lifecycle: { preventDestroy: true, ignoreChanges: ['user_data', 'image_name', 'image_id', 'key_pair'] } }
        : {}),
    });
  }

  /**
   * The node's cloud-init user-data, rendered after every construct has contributed.
   */
  public renderUserData(): string {
    return ['#cloud-config', `hostname: ${this.hostname}`, `fqdn: ${this.fqdn}`, 'prefer_fqdn_over_hostname: true', ''].join('\n');
  }
}
