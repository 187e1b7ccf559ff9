import { Construct } from '../core/cdk';
import { validateRules, ValidationRule } from '../core/rules';
import { ComputePool } from '../compute/compute-pool';
import { ControlPlaneNetwork } from '../compute/control-plane-network';
import { NodeGroup } from '../compute/node-group';
import { NodeRole } from '../documents/roles';
import { HaApiVip } from '../ha/ha-api-vip';
import { HaMemcached } from '../ha/ha-memcached';
import { HaMysqlGalera } from '../ha/ha-mysql-galera';
import { HaRabbitCluster } from '../ha/ha-rabbit-cluster';
import { Keystone } from '../services/keystone';
import { Neutron, NeutronDriver } from '../services/neutron';
import { Nova, VirtType } from '../services/nova';
import { Placement } from '../services/placement';
import { ServiceContext } from '../services/service-context';
import { CephCluster } from '../storage/ceph-cluster';
import { ICephStorage } from '../storage/ceph-storage';
import { CephBackedCinder } from '../storage/cinder';
import { CephBackedGlance } from '../storage/glance';
import { NovaOnCeph } from '../storage/nova-rbd';

/** Props of {@link LargeCloud}. */
export interface LargeCloudProps {
  /** The control-plane subnet, in CIDR form (large enough for every compute). @default "10.30.0.0/18" */
  readonly cidr?: string;
  /** The external network of the underlying cloud. @default "public" */
  readonly externalNetwork?: string;
  /** The image of every node (Debian 12). @default "debian-12" */
  readonly image?: string;
  /** Database (Galera) nodes: 3 or 5. @default 3 */
  readonly databaseNodes?: number;
  /** Messaging (RabbitMQ) nodes. @default 3 */
  readonly messagingNodes?: number;
  /** API and load-balancer nodes (HAProxy, keepalived and every API service), at least 3. @default 3 */
  readonly apiNodes?: number;
  /** Network nodes (L3, DHCP and metadata agents), at least 2. @default 3 */
  readonly networkNodes?: number;
  /** Computes, in one `for_each` pool. @default 100 */
  readonly computes?: number;
  /** The flavor of the control-plane tiers. @default "m1.xlarge" */
  readonly controlFlavor?: string;
  /** The flavor of the computes. @default "m1.xlarge" */
  readonly computeFlavor?: string;
  /** The hypervisor type. @default VirtType.KVM */
  readonly virtType?: VirtType;
  /** The public API VIP. @default - offset 10 of `cidr` */
  readonly publicVip?: string;
  /** The internal VIP (database, internal endpoints). @default - offset 11 of `cidr` */
  readonly internalVip?: string;
  /** VRRP-backed HA routers on the network nodes (instead of the default automatic L3 agent failover). @default false */
  readonly l3Ha?: boolean;
  /** The l2population driver. @default false */
  readonly l2Population?: boolean;
  /** DHCP agents per network, at least 2. @default 2 */
  readonly dhcpAgentsPerNetwork?: number;
  /** The ML2 driver; OVN needs `ovnDatabases`. @default NeutronDriver.OPENVSWITCH */
  readonly neutronDriver?: NeutronDriver;
  /** With OVN, the OVN central nodes' addresses. @default - none */
  readonly ovnDatabases?: string[];
  /** An existing Ceph cluster; without one, the blueprint deploys Ceph (3 monitors, `osdNodes` OSD nodes). @default - a deployed cluster */
  readonly externalCeph?: ICephStorage;
  /** OSD nodes of the deployed Ceph cluster. @default 3 */
  readonly osdNodes?: number;
  /** The region name. @default "RegionOne" */
  readonly region?: string;
  /** A key pair for SSH. @default - none */
  readonly keyPair?: string;
}

const RULES: ValidationRule<LargeCloudProps>[] = [
  {
    code: 'HA1801',
    prop: 'apiNodes',
    failsWhen: (p) => (p.apiNodes ?? 3) < 3,
  },
  {
    code: 'HA1802',
    prop: 'networkNodes',
    failsWhen: (p) => (p.neutronDriver ?? NeutronDriver.OPENVSWITCH) === NeutronDriver.OPENVSWITCH && (p.networkNodes ?? 3) < 2,
  },
  {
    code: 'HA1803',
    prop: 'databaseNodes',
    failsWhen: (p) => ![3, 5].includes(p.databaseNodes ?? 3),
  },
];

/**
 * The large public cloud: separate tiers for the database (Galera), the messaging
 * (RabbitMQ) and the APIs (HAProxy and keepalived with a public and an internal VIP, and
 * every API service behind them), network nodes carrying routers and DHCP with the
 * least-routers scheduler and automatic failover (or HA routers, or OVN), computes as a
 * `for_each` pool of hundreds to thousands, and Ceph.
 *
 * What the large cloud of the original talk lacked is fixed by construction: L3 no longer
 * depends on one agent (routers move automatically, or are VRRP-backed), DHCP is served by
 * two agents per network, and OVN is one option away for large L2 domains. Conductors scale
 * with the API tier.
 *
 * @example
 * new LargeCloud(stack, 'Cloud', { computes: 1000, networkNodes: 4 });
 */
export class LargeCloud extends Construct {
  /** The control-plane network. */
  public readonly network: ControlPlaneNetwork;
  /** The database tier. */
  public readonly databaseTier: NodeGroup;
  /** The messaging tier. */
  public readonly messagingTier: NodeGroup;
  /** The API and load-balancer tier. */
  public readonly apiTier: NodeGroup;
  /** The network nodes. */
  public readonly networkTier: NodeGroup;
  /** The computes. */
  public readonly computes: ComputePool;
  /** The public VIP. */
  public readonly publicVip: HaApiVip;
  /** The internal VIP. */
  public readonly internalVip: HaApiVip;

  constructor(scope: Construct, id: string, props: LargeCloudProps = {}) {
    super(scope, id);
    validateRules(this, props, RULES);
    const image = props.image ?? 'debian-12';
    const flavor = props.controlFlavor ?? 'm1.xlarge';
    const cidr = props.cidr ?? '10.30.0.0/18';
    this.network = new ControlPlaneNetwork(this, 'Net', { cidr, externalNetwork: props.externalNetwork ?? 'public' });
    const tier = (tierId: string, role: NodeRole, count: number, prefix: string, offset: number) =>
      new NodeGroup(this, tierId, { network: this.network, count, role, flavor, image, hostnamePrefix: prefix, addressOffset: offset, addressCapacity: 16, keyPair: props.keyPair });
    this.databaseTier = tier('Database', NodeRole.DATABASE, props.databaseNodes ?? 3, 'db', 16);
    this.messagingTier = tier('Messaging', NodeRole.MESSAGING, props.messagingNodes ?? 3, 'mq', 32);
    this.apiTier = tier('Api', NodeRole.LOADBALANCER, props.apiNodes ?? 3, 'api', 48);
    this.networkTier = tier('Network', NodeRole.NETWORK, props.networkNodes ?? 3, 'net', 64);
    this.computes = new ComputePool(this, 'Computes', {
      network: this.network,
      count: props.computes ?? 100,
      flavor: props.computeFlavor ?? 'm1.xlarge',
      image,
      hostnamePrefix: 'compute',
      addressOffset: 256,
      addressCapacity: Math.max(props.computes ?? 100, 4096),
      keyPair: props.keyPair,
    });

    const database = new HaMysqlGalera(this, 'Db', { nodes: this.databaseTier });
    const messaging = new HaRabbitCluster(this, 'Mq', { nodes: this.messagingTier });
    const cache = new HaMemcached(this, 'Cache', { nodes: this.apiTier });
    this.publicVip = new HaApiVip(this, 'PublicVip', { nodes: this.apiTier, address: props.publicVip ?? this.network.addresses.addressAt(10) });
    this.internalVip = new HaApiVip(this, 'InternalVip', {
      nodes: this.apiTier,
      address: props.internalVip ?? this.network.addresses.addressAt(11),
      clientCidrs: [cidr],
    });
    this.internalVip.exposeDatabase(database);
    const keystone = new Keystone(this, 'Keystone', { nodes: this.apiTier, database, messaging, vip: this.publicVip, cache, region: props.region });
    const ctx: ServiceContext = { database, messaging, cache, vip: this.publicVip, keystone, region: props.region };

    let ceph = props.externalCeph;
    let cinderNodes = this.apiTier;
    if (!ceph) {
      const monitors = tier('CephMon', NodeRole.STORAGE, 3, 'mon', 80);
      const osds = tier('CephOsd', NodeRole.STORAGE, props.osdNodes ?? 3, 'osd', 96);
      ceph = new CephCluster(this, 'Ceph', { monitors, osds });
      cinderNodes = monitors;
    }
    new Placement(this, 'Placement', { nodes: this.apiTier, ...ctx });
    new CephBackedGlance(this, 'Glance', { nodes: this.apiTier, ceph, ...ctx });
    const nova = new Nova(this, 'Nova', { nodes: this.apiTier, computes: this.computes, virtType: props.virtType, ...ctx });
    new Neutron(this, 'Neutron', {
      nodes: this.apiTier,
      networkNodes: this.networkTier,
      computes: this.computes,
      driver: props.neutronDriver,
      ovnDatabases: props.ovnDatabases,
      l3Ha: props.l3Ha,
      l2Population: props.l2Population,
      dhcpAgentsPerNetwork: props.dhcpAgentsPerNetwork,
      ...ctx,
    });
    const cinder = new CephBackedCinder(this, 'Cinder', {
      nodes: this.apiTier,
      volumeNodes: cinderNodes === this.apiTier ? undefined : cinderNodes,
      ceph,
      ...ctx,
    });
    new NovaOnCeph(this, 'NovaOnCeph', { nova, ceph, cinder });
  }
}
