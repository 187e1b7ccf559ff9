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
import { NovaCell } from '../services/nova-cell';
import { Placement } from '../services/placement';
import { ServiceContext } from '../services/service-context';
import { CephCluster } from '../storage/ceph-cluster';
import { ICephStorage } from '../storage/ceph-storage';
import { CephBackedCinder } from '../storage/cinder';
import { CephBackedGlance } from '../storage/glance';
import { NovaOnCeph } from '../storage/nova-rbd';
import { isZoneName } from './availability-zones';

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
  /** Computes, spread evenly over the cells, one `for_each` pool per cell (ignored with `computesPerCell`). @default 100 */
  readonly computes?: number;
  /**
   * Nova cells (cells v2), from 1 to 7: each has three controllers of its own (its database,
   * brokers, conductors and console proxies behind its own VIP) and its share of the
   * computes (at most 2048 per cell).
   *
   * @default 2
   */
  readonly cells?: number;
  /**
   * The computes of each cell, in order (its length is the number of cells). Give it when a
   * cloud grows: with an even split, adding a cell moves members out of the existing pools,
   * and Terraform destroys them; with explicit counts, a new cell only adds.
   *
   * @default - `computes` split evenly over `cells`
   */
  readonly computesPerCell?: number[];
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
  /**
   * The availability zone of the shared control plane (database, messaging, API, network and
   * Ceph nodes).
   *
   * @default - the underlying cloud's default zone
   */
  readonly controlAvailabilityZone?: string;
  /**
   * Availability zones for the cells: cell `k` (from 0), its controllers and its computes, go
   * to zone `k` modulo the list's length, so a cell is also a zone's failure domain.
   *
   * @default - `controlAvailabilityZone`
   */
  readonly cellAvailabilityZones?: string[];
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
  {
    code: 'HA1804',
    prop: 'cells',
    failsWhen: (p) => {
      const cells = cellCountOf(p);
      return !(Number.isInteger(cells) && cells >= 1 && cells <= MAX_CELLS) || (p.computesPerCell !== undefined && p.cells !== undefined && p.cells !== p.computesPerCell.length);
    },
    message: 'the number of Nova cells must be from 1 to 7, and match the length of `computesPerCell` when both are given',
  },
  {
    code: 'HA1805',
    prop: 'computes',
    failsWhen: (p) => {
      if (p.computesPerCell !== undefined) return false;
      const cells = cellCountOf(p);
      const computes = p.computes ?? 100;
      return Number.isInteger(cells) && cells >= 1 && (computes < cells || Math.ceil(computes / cells) > COMPUTES_PER_CELL);
    },
  },
  {
    code: 'HA1805',
    prop: 'computesPerCell',
    failsWhen: (p) => p.computesPerCell !== undefined && !p.computesPerCell.every((n) => Number.isInteger(n) && n >= 1 && n <= COMPUTES_PER_CELL),
  },
  {
    code: 'HA1806',
    prop: 'controlAvailabilityZone',
    failsWhen: (p) => p.controlAvailabilityZone !== undefined && !isZoneName(p.controlAvailabilityZone),
  },
  {
    code: 'HA1806',
    prop: 'cellAvailabilityZones',
    failsWhen: (p) =>
      p.cellAvailabilityZones !== undefined && (!Array.isArray(p.cellAvailabilityZones) || p.cellAvailabilityZones.length === 0 || !p.cellAvailabilityZones.every(isZoneName)),
  },
];

const DEFAULT_CELLS = 2;

/** The number of cells the props ask for. */
function cellCountOf(p: LargeCloudProps): number {
  return p.cells ?? p.computesPerCell?.length ?? DEFAULT_CELLS;
}
const MAX_CELLS = 7;
/** The compute addresses each cell reserves: cell `k` (from 0) starts at offset 256 + 2048 k. */
const COMPUTES_PER_CELL = 2048;

/**
 * The large public cloud: separate tiers for the database (Galera), the messaging
 * (RabbitMQ) and the APIs (HAProxy and keepalived with a public and an internal VIP, and
 * every API service behind them), network nodes carrying routers and DHCP with the
 * least-routers scheduler and automatic failover (or HA routers, or OVN), computes as a
 * `for_each` pool per Nova cell (hundreds to thousands in all), and Ceph.
 *
 * What the large cloud of the original talk lacked is fixed by construction: L3 no longer
 * depends on one agent (routers move automatically, or are VRRP-backed), DHCP is served by
 * two agents per network, and OVN is one option away for large L2 domains. Nova is split into
 * cells (cells v2): each cell has its own database, brokers and conductors, so the message
 * bus and the database no longer grow with the whole cloud and a broken cell stops only its
 * own computes; the super-conductors scale with the API tier.
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
  /** The computes: one pool per cell. */
  public readonly computePools: ComputePool[];
  /** The Nova cells. */
  public readonly cells: NovaCell[];
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
    const tier = (tierId: string, role: NodeRole, count: number, prefix: string, offset: number, availabilityZone = props.controlAvailabilityZone) =>
      new NodeGroup(this, tierId, {
        network: this.network,
        count,
        role,
        flavor,
        image,
        hostnamePrefix: prefix,
        addressOffset: offset,
        addressCapacity: 16,
        keyPair: props.keyPair,
        availabilityZone,
      });
    this.databaseTier = tier('Database', NodeRole.DATABASE, props.databaseNodes ?? 3, 'db', 16);
    this.messagingTier = tier('Messaging', NodeRole.MESSAGING, props.messagingNodes ?? 3, 'mq', 32);
    this.apiTier = tier('Api', NodeRole.LOADBALANCER, props.apiNodes ?? 3, 'api', 48);
    this.networkTier = tier('Network', NodeRole.NETWORK, props.networkNodes ?? 3, 'net', 64);
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
    const nova = new Nova(this, 'Nova', { nodes: this.apiTier, multiCell: true, virtType: props.virtType, ...ctx });
    const cellCount = cellCountOf(props);
    const computes = props.computes ?? 100;
    const countOf = (k: number) => props.computesPerCell?.[k] ?? Math.floor(computes / cellCount) + (k < computes % cellCount ? 1 : 0);
    this.cells = [];
    this.computePools = [];
    for (let k = 0; k < cellCount; k++) {
      const name = `cell${k + 1}`;
      const zones = props.cellAvailabilityZones;
      const zone = zones && zones.length > 0 ? zones[k % zones.length] : props.controlAvailabilityZone;
      const pool = new ComputePool(this, `Cell${k + 1}Computes`, {
        network: this.network,
        count: countOf(k),
        flavor: props.computeFlavor ?? 'm1.xlarge',
        image,
        hostnamePrefix: `${name}-compute`,
        addressOffset: 256 + COMPUTES_PER_CELL * k,
        addressCapacity: COMPUTES_PER_CELL,
        keyPair: props.keyPair,
        availabilityZone: zone,
      });
      const controllers = tier(`Cell${k + 1}`, NodeRole.CONTROLLER, 3, `${name}-ctl`, 128 + 16 * k, zone);
      this.cells.push(new NovaCell(this, `Cell${k + 1}Nova`, { nova, name, nodes: controllers, vipAddress: this.network.addresses.addressAt(112 + k), computes: pool }));
      this.computePools.push(pool);
    }
    const neutron = new Neutron(this, 'Neutron', {
      nodes: this.apiTier,
      networkNodes: this.networkTier,
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
    for (const pool of this.computePools) neutron.addL2Agents(pool);
  }
}
