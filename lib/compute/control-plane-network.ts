import { Construct } from '../core/cdk';
import { AddressPlan, parseCidr } from '../core/ipam';
import { fail } from '../core/errors';
import { isToken, validateRules, ValidationRule } from '../core/rules';
import { NetworkingNetworkV2 } from '../providers/openstack/networking-network-v2';
import { NetworkingSubnetV2 } from '../providers/openstack/networking-subnet-v2';
import { NetworkingRouterV2 } from '../providers/openstack/networking-router-v2';
import { NetworkingRouterInterfaceV2 } from '../providers/openstack/networking-router-interface-v2';
import { DataOpenstackNetworkingNetworkV2 } from '../providers/openstack/data-openstack-networking-network-v2';

/** Props of {@link ControlPlaneNetwork}. */
export interface ControlPlaneNetworkProps {
  /**
   * The IPv4 subnet of the control plane, in CIDR form. Must be a literal: node and VIP
   * addresses are allocated from it at synth time.
   */
  readonly cidr: string;
  /**
   * The name of the network and subnet on the underlying cloud.
   *
   * @default - the construct id in lower case
   */
  readonly name?: string;
  /**
   * The DNS domain of the nodes: a node's FQDN is `<hostname>.<domain>`.
   *
   * @default "cloud.internal"
   */
  readonly domain?: string;
  /**
   * DNS servers handed out by the subnet's DHCP.
   *
   * @default - none (the underlying cloud's default)
   */
  readonly dnsNameservers?: string[];
  /**
   * The name of an external network of the underlying cloud to route the subnet to (a
   * router with SNAT is created). Nodes need a route out to install packages.
   *
   * @default - no router is created
   */
  readonly externalNetwork?: string;
  /**
   * The networks operators connect from; SSH to every node is opened for them.
   *
   * @default - the control-plane subnet itself (a bastion or VPN inside it)
   */
  readonly adminCidrs?: string[];
  /**
   * The MTU of the network.
   *
   * @default - the underlying cloud's default
   */
  readonly mtu?: number;
}

const MIN_PREFIX_ADDRESSES = 16;

const RULES: ValidationRule<ControlPlaneNetworkProps>[] = [
  { code: 'HA1001', prop: 'cidr', failsWhen: (p) => isToken(p.cidr) },
  {
    code: 'HA1002',
    prop: 'cidr',
    failsWhen: (p) => !isToken(p.cidr) && parseCidr(p.cidr) === undefined,
    fix: 'write the network address with a prefix length and no host bits set, for example "10.20.0.0/24"',
  },
  {
    code: 'HA1002',
    prop: 'cidr',
    failsWhen: (p) => {
      const n = isToken(p.cidr) ? undefined : parseCidr(p.cidr);
      return n !== undefined && n.size < MIN_PREFIX_ADDRESSES;
    },
    message: `the subnet is too small for a control plane (fewer than ${MIN_PREFIX_ADDRESSES} addresses)`,
    fix: 'use a prefix of /28 or shorter; /24 is a good default',
  },
  {
    code: 'HA1002',
    prop: 'adminCidrs',
    failsWhen: (p) => (p.adminCidrs ?? []).some((c) => isToken(c) || parseCidr(c) === undefined),
    fix: 'list networks in CIDR form, for example ["203.0.113.0/24"]',
  },
  {
    code: 'HA1103',
    prop: 'name',
    failsWhen: (p) => p.name !== undefined && p.name.trim() === '',
  },
];

/**
 * The control-plane network: one network and one IPv4 subnet on the underlying cloud, an
 * optional router to an external network, and the synth-time address plan of the subnet.
 *
 * The top quarter of the subnet is left to the underlying cloud's DHCP (its allocation
 * pool, used by router and DHCP ports); nodes and VIPs get fixed addresses below it.
 *
 * @example
 * const net = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24', externalNetwork: 'public' });
 */
export class ControlPlaneNetwork extends Construct {
  /** The network resource. */
  public readonly network: NetworkingNetworkV2;
  /** The subnet resource. */
  public readonly subnet: NetworkingSubnetV2;
  /** The router to the external network, when `externalNetwork` is set. */
  public readonly router?: NetworkingRouterV2;
  /** The synth-time address plan of the subnet. */
  public readonly addresses: AddressPlan;
  /** The CIDR of the subnet. */
  public readonly cidr: string;
  /** The DNS domain of the nodes on this network. */
  public readonly domain: string;
  /** The networks SSH is opened for. */
  public readonly adminCidrs: readonly string[];
  private readonly virtualRouterIds = new Map<number, string>();
  /** The network id (a Terraform reference, read once). */
  public readonly networkId: string;
  /** The subnet id (a Terraform reference, read once). */
  public readonly subnetId: string;

  constructor(scope: Construct, id: string, props: ControlPlaneNetworkProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    const parsed = parseCidr(props.cidr)!;
    const name = props.name ?? id.toLowerCase();
    this.cidr = props.cidr;
    this.domain = props.domain ?? 'cloud.internal';
    this.adminCidrs = props.adminCidrs ?? [props.cidr];
    this.addresses = new AddressPlan(parsed);

    const poolFirst = Math.floor((parsed.size * 3) / 4);
    const poolLast = parsed.size - 2;
    this.addresses.reserveBlock(`${this.node.path} (DHCP allocation pool)`, poolFirst, poolLast - poolFirst + 1);

    this.network = new NetworkingNetworkV2(this, 'Network', {
      name,
      adminStateUp: true,
      ...(props.mtu !== undefined ? { mtu: props.mtu } : {}),
    });
    this.networkId = this.network.id;
    this.subnet = new NetworkingSubnetV2(this, 'Subnet', {
      name,
      networkId: this.networkId,
      cidr: props.cidr,
      ipVersion: 4,
      gatewayIp: this.addresses.addressAt(1),
      enableDhcp: true,
      allocationPool: [{ start: this.addresses.addressAt(poolFirst), end: this.addresses.addressAt(poolLast) }],
      ...(props.dnsNameservers ? { dnsNameservers: props.dnsNameservers } : {}),
    });
    this.subnetId = this.subnet.id;

    if (props.externalNetwork !== undefined) {
      const external = new DataOpenstackNetworkingNetworkV2(this, 'External', { name: props.externalNetwork, external: true });
      this.router = new NetworkingRouterV2(this, 'Router', {
        name,
        adminStateUp: true,
        externalNetworkId: external.id,
      });
      new NetworkingRouterInterfaceV2(this, 'RouterInterface', { routerId: this.router.id, subnetId: this.subnetId });
    }
  }

  /**
   * Reserves a VRRP virtual router id on this network (ids must be unique per network, or
   * two VIPs fight over the same virtual MAC).
   *
   * @param owner - the construct path of the VIP
   * @param requested - the id asked for @default - the lowest free id from 51
   * @throws HaValidationError HA1501 outside 1..255, HA1502 when already taken
   */
  public reserveVirtualRouterId(owner: string, requested?: number): number {
    if (requested !== undefined) {
      if (!(Number.isInteger(requested) && requested >= 1 && requested <= 255)) {
        fail(owner, { code: 'HA1501', prop: 'virtualRouterId', value: requested });
      }
      const holder = this.virtualRouterIds.get(requested);
      if (holder !== undefined) {
        fail(owner, {
          code: 'HA1502',
          prop: 'virtualRouterId',
          value: requested,
          message: `virtual router id ${requested} is already used on ${this.node.path} by ${holder}`,
        });
      }
      this.virtualRouterIds.set(requested, owner);
      return requested;
    }
    for (let id = 51; id <= 255; id++) {
      if (!this.virtualRouterIds.has(id)) {
        this.virtualRouterIds.set(id, owner);
        return id;
      }
    }
    return fail(owner, { code: 'HA1502', prop: 'virtualRouterId', value: undefined, message: 'no free virtual router id is left on the network' });
  }
}
