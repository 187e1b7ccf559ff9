import { Construct } from '../core/cdk';
import { Secret } from '../core/secret';
import { stableUuid } from '../core/stable-uuid';
import { validateRules, ValidationRule } from '../core/rules';
import { CINDER_VOLUME_KEYS } from '../documents/storage-keys';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { wireApiService } from '../services/api-service';
import { ServiceContext } from '../services/service-context';
import { ServiceUsers } from '../services/service-users';
import { addCephClient, ICephStorage } from './ceph-storage';

/** Props of {@link CephBackedCinder}. */
export interface CephBackedCinderProps extends ServiceContext {
  /** The nodes the Block Storage API and scheduler run on. */
  readonly nodes: NodeGroup;
  /** The nodes the volume service runs on. @default - the API nodes */
  readonly volumeNodes?: NodeGroup;
  /** The Ceph cluster that stores the volumes. */
  readonly ceph: ICephStorage;
  /**
   * Run the volume services active/active as one cluster (needs `coordinationUrl`).
   * Otherwise every volume service shares one backend host name, so any of them can manage
   * any volume, and a lost node loses no volume.
   *
   * @default false
   */
  readonly activeActive?: boolean;
  /**
   * The tooz coordination backend for active/active (`etcd3+http://...`, `redis://...`), as a
   * secret (a URL may carry a password): a sensitive Terraform variable, for example.
   *
   * @default - none
   */
  readonly coordinationUrl?: Secret;
}

const RULES: ValidationRule<CephBackedCinderProps>[] = [
  { code: 'HA1707', prop: 'coordinationUrl', failsWhen: (p) => !!p.activeActive && !p.coordinationUrl },
];

/**
 * The Block Storage service on Ceph RBD: API and scheduler behind the VIP, volume services
 * that share one backend host (or form an active/active cluster with a coordination
 * backend), volumes in their own pool, and a Ceph user that may read images (to clone them)
 * and write volumes and instance disks, nothing more.
 *
 * @example
 * new CephBackedCinder(stack, 'Cinder', { nodes: controllers, ceph, ...ctx });
 */
export class CephBackedCinder extends Construct {
  /** The endpoint on the VIP. */
  public readonly endpoint: string;
  /** The libvirt secret UUID the computes store the Cinder key under. */
  public readonly libvirtSecretUuid: string;

  constructor(scope: Construct, id: string, props: CephBackedCinderProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    const wired = wireApiService(this, props.nodes, props, {
      profile: Profile.CINDER,
      commonClass: 'openstack_ha::profile::cinder',
      user: 'cinder',
      frontend: 'cinder',
      port: PORTS.cinder.port!,
      checkPath: '/',
      publicPath: '/v3/%(tenant_id)s',
      database: { name: 'cinder', user: 'cinder' },
      messaging: true,
    });
    this.endpoint = wired.publicUrl;
    this.libvirtSecretUuid = stableUuid(`${this.node.path}/libvirt-secret`);
    const volumes = props.volumeNodes ?? props.nodes;
    const dbPassword = wired.databasePassword!;
    volumes.addProfile(Profile.CINDER_VOLUME);
    volumes.setHiera(CINDER_VOLUME_KEYS.databaseHost, props.vip.address);
    volumes.setSecretHiera(CINDER_VOLUME_KEYS.databasePassword, dbPassword);
    volumes.setHiera(CINDER_VOLUME_KEYS.rabbitHosts, props.messaging.hosts);
    volumes.setHiera(CINDER_VOLUME_KEYS.rabbitUser, props.messaging.user);
    volumes.setSecretHiera(CINDER_VOLUME_KEYS.rabbitPassword, props.messaging.password);
    volumes.setHiera(CINDER_VOLUME_KEYS.keystoneUrl, props.keystone.endpoint);
    volumes.setSecretHiera(CINDER_VOLUME_KEYS.servicePassword, ServiceUsers.of(this).passwordOf('cinder'));
    volumes.setHiera(CINDER_VOLUME_KEYS.region, props.region ?? 'RegionOne');
    volumes.setHiera(CINDER_VOLUME_KEYS.glanceApiServers, [props.vip.url(PORTS.glance.port!)]);
    volumes.setHiera(CINDER_VOLUME_KEYS.rbdPool, props.ceph.pools.volumes);
    volumes.setHiera(CINDER_VOLUME_KEYS.rbdUser, 'cinder');
    volumes.setHiera(CINDER_VOLUME_KEYS.rbdSecretUuid, this.libvirtSecretUuid);
    if (props.activeActive) {
      volumes.setHiera(CINDER_VOLUME_KEYS.cluster, 'rbd-volumes');
      volumes.setSecretHiera(CINDER_VOLUME_KEYS.coordinationUrl, props.coordinationUrl!);
    } else {
      volumes.setHiera(CINDER_VOLUME_KEYS.backendHost, 'rbd:volumes');
    }
    if (volumes !== props.nodes) props.messaging.allowClients(volumes);
    addCephClient(props.ceph, volumes, ['cinder']);
  }
}
