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
import { Neutron } from '../services/neutron';
import { Nova, VirtType } from '../services/nova';
import { Placement } from '../services/placement';
import { ServiceContext } from '../services/service-context';
import { CephCluster } from '../storage/ceph-cluster';
import { CephBackedCinder } from '../storage/cinder';
import { CephBackedGlance } from '../storage/glance';
import { NovaOnCeph } from '../storage/nova-rbd';
import { isZoneName } from './availability-zones';

/** Props of {@link MediumCloud}. */
export interface MediumCloudProps {
  /** The control-plane subnet, in CIDR form. @default "10.20.0.0/22" */
  readonly cidr?: string;
  /** The external network of the underlying cloud to route to. @default "public" */
  readonly externalNetwork?: string;
  /** The API VIP, inside `cidr`. @default - offset 10 of `cidr` */
  readonly vipAddress?: string;
  /** The image of every node (Debian 12). @default "debian-12" */
  readonly image?: string;
  /** The flavor of the three controllers. @default "m1.xlarge" */
  readonly controllerFlavor?: string;
  /** How many computes. @default 4 */
  readonly computes?: number;
  /** The flavor of the computes. @default "m1.xlarge" */
  readonly computeFlavor?: string;
  /** The hypervisor type of the computes. @default VirtType.KVM */
  readonly virtType?: VirtType;
  /** How many Ceph OSD nodes. @default 3 */
  readonly storageNodes?: number;
  /** The flavor of the OSD nodes. @default "m1.large" */
  readonly storageFlavor?: string;
  /** The size of each OSD volume in GiB. @default 500 */
  readonly osdVolumeSizeGb?: number;
  /** The region name. @default "RegionOne" */
  readonly region?: string;
  /** A key pair of the underlying cloud for SSH to every node. @default - none */
  readonly keyPair?: string;
  /**
   * The availability zone of the underlying cloud for every node. Anti-affinity still keeps
   * the controllers (and the storage nodes) on different hypervisors inside it.
   *
   * @default - the underlying cloud's default zone
   */
  readonly availabilityZone?: string;
}

const RULES: ValidationRule<MediumCloudProps>[] = [
  { code: 'HA1806', prop: 'availabilityZone', failsWhen: (p) => p.availabilityZone !== undefined && !isZoneName(p.availabilityZone) },
];

/**
 * The medium public cloud: three converged controllers carrying the whole control plane
 * (Galera, RabbitMQ, memcached, HAProxy with keepalived, Keystone, Glance, Nova, Neutron,
 * Cinder, Placement), a pool of computes, and Ceph behind Glance, Cinder and Nova.
 *
 * What the medium cloud of the original talk lacked is fixed by construction: no DRBD
 * (Galera and Ceph replicate), a quorum of three everywhere, `pause_minority` for RabbitMQ,
 * and hard anti-affinity so no two controllers share a hypervisor.
 *
 * @example
 * new MediumCloud(stack, 'Cloud', { computes: 20 });
 */
export class MediumCloud extends Construct {
  /** The control-plane network. */
  public readonly network: ControlPlaneNetwork;
  /** The three controllers. */
  public readonly controllers: NodeGroup;
  /** The computes. */
  public readonly computes: ComputePool;
  /** The Ceph OSD nodes. */
  public readonly storage: NodeGroup;
  /** The API VIP. */
  public readonly vip: HaApiVip;
  /** The database cluster. */
  public readonly database: HaMysqlGalera;
  /** The message brokers. */
  public readonly messaging: HaRabbitCluster;
  /** The Identity service. */
  public readonly keystone: Keystone;
  /** The Compute service. */
  public readonly nova: Nova;
  /** The Ceph cluster. */
  public readonly ceph: CephCluster;

  constructor(scope: Construct, id: string, props: MediumCloudProps = {}) {
    super(scope, id);
    validateRules(this, props, RULES);
    const image = props.image ?? 'debian-12';
    const cidr = props.cidr ?? '10.20.0.0/22';
    const availabilityZone = props.availabilityZone;
    this.network = new ControlPlaneNetwork(this, 'Net', { cidr, externalNetwork: props.externalNetwork ?? 'public' });
    const vipAddress = props.vipAddress ?? this.network.addresses.addressAt(10);
    this.controllers = new NodeGroup(this, 'Controllers', {
      network: this.network,
      count: 3,
      role: NodeRole.CONTROLLER,
      flavor: props.controllerFlavor ?? 'm1.xlarge',
      image,
      hostnamePrefix: 'controller',
      addressOffset: 16,
      flavorVcpus: 8,
      flavorMemoryMb: 16384,
      keyPair: props.keyPair,
      availabilityZone,
    });
    this.storage = new NodeGroup(this, 'Storage', {
      network: this.network,
      count: props.storageNodes ?? 3,
      role: NodeRole.STORAGE,
      flavor: props.storageFlavor ?? 'm1.large',
      image,
      hostnamePrefix: 'storage',
      addressOffset: 48,
      addressCapacity: 32,
      keyPair: props.keyPair,
      availabilityZone,
    });
    this.computes = new ComputePool(this, 'Computes', {
      network: this.network,
      count: props.computes ?? 4,
      flavor: props.computeFlavor ?? 'm1.xlarge',
      image,
      hostnamePrefix: 'compute',
      addressOffset: 256,
      addressCapacity: 512,
      keyPair: props.keyPair,
      availabilityZone,
    });

    this.database = new HaMysqlGalera(this, 'Db', { nodes: this.controllers });
    this.messaging = new HaRabbitCluster(this, 'Mq', { nodes: this.controllers });
    const cache = new HaMemcached(this, 'Cache', { nodes: this.controllers });
    this.vip = new HaApiVip(this, 'Vip', { nodes: this.controllers, address: vipAddress });
    this.keystone = new Keystone(this, 'Keystone', {
      nodes: this.controllers,
      database: this.database,
      messaging: this.messaging,
      vip: this.vip,
      cache,
      region: props.region,
    });
    const ctx: ServiceContext = {
      database: this.database,
      messaging: this.messaging,
      cache,
      vip: this.vip,
      keystone: this.keystone,
      region: props.region,
    };
    this.ceph = new CephCluster(this, 'Ceph', { monitors: this.controllers, osds: this.storage, osdVolumeSizeGb: props.osdVolumeSizeGb ?? 500 });
    new Placement(this, 'Placement', { nodes: this.controllers, ...ctx });
    new CephBackedGlance(this, 'Glance', { nodes: this.controllers, ceph: this.ceph, ...ctx });
    this.nova = new Nova(this, 'Nova', { nodes: this.controllers, computes: this.computes, virtType: props.virtType, ...ctx });
    new Neutron(this, 'Neutron', { nodes: this.controllers, computes: this.computes, ...ctx });
    const cinder = new CephBackedCinder(this, 'Cinder', { nodes: this.controllers, ceph: this.ceph, ...ctx });
    new NovaOnCeph(this, 'NovaOnCeph', { nova: this.nova, ceph: this.ceph, cinder });
  }
}
