import { Construct } from '../core/cdk';
import { stableUuid } from '../core/stable-uuid';
import { validateRules, ValidationRule } from '../core/rules';
import { Secret } from '../core/secret';
import {
  CEPH_MGR_KEYS,
  CEPH_MON_KEYS,
  CEPH_OSD_KEYS,
  CephPoolSpec,
  CephService,
  cephClientCaps,
  cephxCaps,
  DEFAULT_OPENSTACK_POOLS,
  OpenstackPools,
} from '../documents/storage-keys';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { TrafficSource } from '../compute/security-group';
import { BlockstorageVolumeV3 } from '../providers/openstack/blockstorage-volume-v3';
import { ComputeVolumeAttachV2 } from '../providers/openstack/compute-volume-attach-v2';
import { RandomSecrets } from '../providers/random-secrets';
import { ICephStorage } from './ceph-storage';

/** Props of {@link CephCluster}. */
export interface CephClusterProps {
  /** The monitor (and manager) nodes: an odd number, at least 3. */
  readonly monitors: NodeGroup;
  /** The OSD nodes, each with volumes of the underlying cloud attached as its disks. */
  readonly osds: NodeGroup;
  /** Volumes attached to each OSD node (one OSD each). @default 1 */
  readonly osdVolumesPerNode?: number;
  /** The size of each OSD volume in GiB. @default 100 */
  readonly osdVolumeSizeGb?: number;
  /** The volume type of the underlying cloud for the OSD volumes. @default - the cloud's default */
  readonly osdVolumeType?: string;
  /** Copies of each object. @default 3 */
  readonly replicas?: number;
  /** Allow fewer than 3 replicas (test clusters only). @default false */
  readonly allowReducedRedundancy?: boolean;
  /** The pool names of the OpenStack services. @default images, volumes, vms */
  readonly pools?: OpenstackPools;
  /** The network OSDs replicate over, in CIDR form. @default - the public (control-plane) network */
  readonly clusterNetwork?: string;
}

const RULES: ValidationRule<CephClusterProps>[] = [
  { code: 'HA1704', prop: 'monitors.count', value: (p) => p.monitors.nodes.length, failsWhen: (p) => p.monitors.nodes.length < 3 || p.monitors.nodes.length % 2 === 0 },
  {
    code: 'HA1702',
    prop: 'replicas',
    failsWhen: (p) => (p.replicas ?? 3) < 3 && !p.allowReducedRedundancy,
  },
  {
    code: 'HA1705',
    prop: 'osds.count',
    value: (p) => `${p.osds.nodes.length} OSD nodes, ${p.replicas ?? 3} replicas`,
    failsWhen: (p) => p.osds.nodes.length < (p.replicas ?? 3),
  },
  {
    code: 'HA1703',
    prop: 'pools',
    value: (p) => p.pools,
    failsWhen: (p) => !!p.pools && new Set([p.pools.images, p.pools.volumes, p.pools.vms]).size < 3,
  },
  {
    code: 'HA1708',
    prop: 'osdVolumeSizeGb',
    failsWhen: (p) => p.osdVolumeSizeGb !== undefined && !(Number.isInteger(p.osdVolumeSizeGb) && p.osdVolumeSizeGb >= 1),
  },
  {
    code: 'HA1708',
    prop: 'osdVolumesPerNode',
    failsWhen: (p) => p.osdVolumesPerNode !== undefined && !(Number.isInteger(p.osdVolumesPerNode) && p.osdVolumesPerNode >= 1 && p.osdVolumesPerNode <= 20),
  },
];

/**
 * A Ceph cluster the library deploys for Glance, Cinder and Nova: monitors and managers on
 * an odd number of nodes, OSDs on volumes of the underlying cloud, three replicas, and one
 * Ceph user per service with only the capabilities it needs.
 *
 * Keys are generated at apply time and travel only as secrets; the fsid is derived from the
 * construct path, so it is stable and reviewable.
 *
 * @example
 * const ceph = new CephCluster(stack, 'Ceph', { monitors: controllers, osds: storageNodes });
 */
export class CephCluster extends Construct implements ICephStorage {
  /** The cluster id. */
  public readonly fsid: string;
  /** The monitors' addresses. */
  public readonly monitorAddresses: readonly string[];
  /** The pool names. */
  public readonly pools: OpenstackPools;
  /** The monitor nodes. */
  public readonly monitors: NodeGroup;
  /** The OSD nodes. */
  public readonly osds: NodeGroup;
  private readonly keys: { readonly [s in CephService]: Secret };

  constructor(scope: Construct, id: string, props: CephClusterProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.monitors = props.monitors;
    this.osds = props.osds;
    this.fsid = stableUuid(`${this.node.path}/fsid`);
    this.monitorAddresses = props.monitors.addresses;
    this.pools = props.pools ?? DEFAULT_OPENSTACK_POOLS;
    const replicas = props.replicas ?? 3;
    const publicNetwork = props.monitors.network.cidr;
    const prefix = id.toLowerCase();
    const monKey = RandomSecrets.cephxKey(this, 'MonKey', `${prefix}-mon-key`);
    const adminKey = RandomSecrets.cephxKey(this, 'AdminKey', `${prefix}-admin-key`);
    const bootstrapOsdKey = RandomSecrets.cephxKey(this, 'BootstrapOsdKey', `${prefix}-bootstrap-osd-key`);
    this.keys = {
      glance: RandomSecrets.cephxKey(this, 'GlanceKey', `${prefix}-client-glance-key`),
      cinder: RandomSecrets.cephxKey(this, 'CinderKey', `${prefix}-client-cinder-key`),
      nova: RandomSecrets.cephxKey(this, 'NovaKey', `${prefix}-client-nova-key`),
    };

    const mons = props.monitors;
    mons.addProfile(Profile.CEPH_MON);
    mons.addProfile(Profile.CEPH_MGR);
    const pools: { [name: string]: CephPoolSpec } = {};
    for (const name of [this.pools.images, this.pools.volumes, this.pools.vms]) pools[name] = { pg_num: 64, application: 'rbd' };
    const clients: { [name: string]: ReturnType<typeof cephClientCaps> } = {};
    for (const s of ['glance', 'cinder', 'nova'] as const) clients[`client.${s}`] = cephClientCaps(cephxCaps(s, this.pools));
    mons.setHiera(CEPH_MON_KEYS.fsid, this.fsid);
    mons.setHiera(CEPH_MON_KEYS.monHosts, [...this.monitorAddresses]);
    mons.setHiera(CEPH_MON_KEYS.publicNetwork, publicNetwork);
    mons.setHiera(CEPH_MON_KEYS.poolSize, replicas);
    mons.setHiera(CEPH_MON_KEYS.poolMinSize, Math.max(1, replicas - 1));
    mons.setHiera(CEPH_MON_KEYS.pools, pools);
    mons.setHiera(CEPH_MON_KEYS.clients, clients);
    mons.setSecretHiera(CEPH_MON_KEYS.monKey, monKey);
    mons.setSecretHiera(CEPH_MON_KEYS.adminKey, adminKey);
    mons.setSecretHiera(CEPH_MON_KEYS.bootstrapOsdKey, bootstrapOsdKey);
    for (const node of mons.nodes) {
      node.setHiera(CEPH_MON_KEYS.publicAddress, node.address);
      node.setHiera(CEPH_MON_KEYS.bootstrapNode, node === mons.nodes[0]);
      node.setSecretHieraMap(CEPH_MON_KEYS.clientKeys, {
        'client.glance': this.keys.glance,
        'client.cinder': this.keys.cinder,
        'client.nova': this.keys.nova,
      });
    }
    mons.setHiera(CEPH_MGR_KEYS.fsid, this.fsid);
    mons.setHiera(CEPH_MGR_KEYS.monHosts, [...this.monitorAddresses]);
    mons.setHiera(CEPH_MGR_KEYS.publicNetwork, publicNetwork);
    mons.setSecretHiera(CEPH_MGR_KEYS.adminKey, adminKey);

    const osds = props.osds;
    const perNode = props.osdVolumesPerNode ?? 1;
    const devices = Array.from({ length: perNode }, (_, i) => `/dev/vd${String.fromCharCode(98 + i)}`);
    osds.addProfile(Profile.CEPH_OSD);
    osds.setHiera(CEPH_OSD_KEYS.fsid, this.fsid);
    osds.setHiera(CEPH_OSD_KEYS.monHosts, [...this.monitorAddresses]);
    osds.setHiera(CEPH_OSD_KEYS.publicNetwork, publicNetwork);
    osds.setHiera(CEPH_OSD_KEYS.clusterNetwork, props.clusterNetwork ?? publicNetwork);
    osds.setHiera(CEPH_OSD_KEYS.osdDevices, devices);
    osds.setSecretHiera(CEPH_OSD_KEYS.bootstrapOsdKey, bootstrapOsdKey);
    for (const node of osds.nodes) {
      devices.forEach((device, i) => {
        const volume = new BlockstorageVolumeV3(this, `${node.hostname}-Disk${i}`, {
          name: `${node.hostname}-osd-${i}`,
          size: props.osdVolumeSizeGb ?? 100,
          ...(props.osdVolumeType !== undefined ? { volumeType: props.osdVolumeType } : {}),
          lifecycle: { preventDestroy: true },
        });
        new ComputeVolumeAttachV2(this, `${node.hostname}-Attach${i}`, {
          instanceId: node.instance.id,
          volumeId: volume.id,
          device,
        });
      });
    }

    const monSource = mons.asTrafficSource();
    const osdSource = osds.asTrafficSource();
    for (const port of [PORTS.cephMon, PORTS.cephMonLegacy]) {
      mons.allowFrom(port, monSource);
      mons.allowFrom(port, osdSource);
    }
    mons.allowFrom(PORTS.cephOsd, monSource);
    osds.allowFrom(PORTS.cephOsd, osdSource);
    osds.allowFrom(PORTS.cephOsd, monSource);
  }

  /** The key of a service's Ceph user. */
  public keyOf(service: CephService): Secret {
    return this.keys[service];
  }

  /** Lets Ceph clients reach the monitors, managers and OSDs. */
  public allowClients(clients: { asTrafficSource(): TrafficSource }): void {
    const source = clients.asTrafficSource();
    this.monitors.allowFrom(PORTS.cephMon, source);
    this.monitors.allowFrom(PORTS.cephMonLegacy, source);
    this.monitors.allowFrom(PORTS.cephOsd, source);
    this.osds.allowFrom(PORTS.cephOsd, source);
  }
}
