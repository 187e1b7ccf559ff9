import { Construct } from '../core/cdk';
import { Secret } from '../core/secret';
import { NOVA_API_KEYS, NOVA_COMMON_KEYS, NOVA_COMPUTE_KEYS, NOVA_NOVNCPROXY_KEYS } from '../documents/nova-keys';
import { Profile } from '../documents/roles';
import { ComputePool } from '../compute/compute-pool';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { wireApiService } from './api-service';
import { ServiceContext } from './service-context';
import { ServiceUsers } from './service-users';

/** The hypervisor Nova drives on the computes. */
export enum VirtType {
  /** Hardware virtualization (the computes must expose VMX/SVM: nested virtualization on the underlying cloud). */
  KVM = 'kvm',
  /** Software emulation: slow, for tests. */
  QEMU = 'qemu',
}

/** Ephemeral disks of the computes on Ceph RBD (set by the storage constructs). */
export interface NovaRbdDisks {
  /** The pool of instance disks. */
  readonly pool: string;
  /** The Ceph user of the computes. */
  readonly user: string;
  /** That user's key. */
  readonly key: Secret;
  /** The libvirt secret UUID the key is stored under. */
  readonly secretUuid: string;
}

/** Props of {@link Nova}. */
export interface NovaProps extends ServiceContext {
  /** The nodes the Nova API, metadata API, conductor, scheduler and console proxy run on. */
  readonly nodes: NodeGroup;
  /**
   * The computes.
   *
   * @default - no computes (add them later with `addComputes`)
   */
  readonly computes?: ComputePool | NodeGroup;
  /**
   * The hypervisor type on the computes.
   *
   * @default VirtType.KVM
   */
  readonly virtType?: VirtType;
}

/**
 * The Compute service: API, metadata API, conductor, scheduler and noVNC proxy active on
 * every node of the control group behind the VIP, and nova-compute on the computes.
 *
 * Every broker is in the transport URL with quorum queues, the databases (`nova`,
 * `nova_api`, `nova_cell0`) are reached through the VIP's single writer, and schedulers
 * discover new computes on their own every 5 minutes, so adding computes needs no manual step.
 *
 * @example
 * new Nova(stack, 'Nova', { nodes: controllers, computes, ...ctx });
 */
export class Nova extends Construct {
  /** The compute API endpoint on the VIP. */
  public readonly endpoint: string;
  /** The noVNC console URL on the VIP. */
  public readonly consoleUrl: string;
  private readonly props: NovaProps;
  private rbd?: NovaRbdDisks;
  private readonly computeGroups: (ComputePool | NodeGroup)[] = [];

  constructor(scope: Construct, id: string, props: NovaProps) {
    super(scope, id);
    this.props = props;
    const nodes = props.nodes;
    const users = ServiceUsers.of(this);
    const wired = wireApiService(this, nodes, props, {
      profile: Profile.NOVA_API,
      commonClass: 'openstack_ha::profile::nova_common',
      user: 'nova',
      frontend: 'nova_api',
      port: PORTS.novaApi.port!,
      checkPath: '/',
      publicPath: '/v2.1',
      database: { name: 'nova', user: 'nova' },
      messaging: true,
    });
    this.endpoint = wired.publicUrl;
    props.database.addDatabase('nova_cell0', 'nova');
    const apiDb = props.database.addDatabase('nova_api', 'nova_api');
    props.vip.exposeService({ name: 'nova_metadata', port: PORTS.novaMetadata.port!, backends: nodes, checkPath: '/' });
    this.consoleUrl = `${props.vip.url(PORTS.novnc.port!)}/vnc_auto.html`;
    props.vip.exposeService({ name: 'novnc', port: PORTS.novnc.port!, backends: nodes, checkPath: '/vnc_auto.html' });

    for (const p of [Profile.NOVA_CONDUCTOR, Profile.NOVA_SCHEDULER, Profile.NOVA_NOVNCPROXY]) nodes.addProfile(p);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.apiDatabasePassword, apiDb.password);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.placementPassword, users.passwordOf('placement'));
    nodes.setSecretHiera(NOVA_COMMON_KEYS.neutronPassword, users.passwordOf('neutron'));
    nodes.setHiera(NOVA_COMMON_KEYS.neutronUrl, props.vip.url(PORTS.neutron.port!));
    nodes.setSecretHiera(NOVA_API_KEYS.metadataSecret, users.sharedSecret('metadata'));
    nodes.setHiera(NOVA_NOVNCPROXY_KEYS.novncproxyBaseUrl, this.consoleUrl);
    for (const node of nodes.nodes) node.setHiera(NOVA_NOVNCPROXY_KEYS.bindAddress, node.address);

    if (props.computes) this.addComputes(props.computes);
  }

  /** Runs nova-compute on a pool (or group) of computes. */
  public addComputes(computes: ComputePool | NodeGroup): void {
    const users = ServiceUsers.of(this);
    const ctx = this.props;
    this.computeGroups.push(computes);
    computes.addProfile(Profile.NOVA_COMPUTE);
    ctx.messaging.allowClients(computes);
    computes.setHiera(NOVA_COMPUTE_KEYS.keystoneUrl, ctx.keystone.endpoint);
    computes.setHiera(NOVA_COMPUTE_KEYS.region, ctx.region ?? 'RegionOne');
    computes.setHiera(NOVA_COMPUTE_KEYS.rabbitHosts, ctx.messaging.hosts);
    computes.setHiera(NOVA_COMPUTE_KEYS.rabbitUser, ctx.messaging.user);
    computes.setHiera(NOVA_COMPUTE_KEYS.neutronUrl, ctx.vip.url(PORTS.neutron.port!));
    computes.setHiera(NOVA_COMPUTE_KEYS.novncproxyBaseUrl, this.consoleUrl);
    computes.setHiera(NOVA_COMPUTE_KEYS.virtType, this.props.virtType ?? VirtType.KVM);
    computes.setSecretHiera(NOVA_COMPUTE_KEYS.rabbitPassword, ctx.messaging.password);
    computes.setSecretHiera(NOVA_COMPUTE_KEYS.servicePassword, users.passwordOf('nova'));
    computes.setSecretHiera(NOVA_COMPUTE_KEYS.placementPassword, users.passwordOf('placement'));
    computes.setSecretHiera(NOVA_COMPUTE_KEYS.neutronPassword, users.passwordOf('neutron'));
    if (computes instanceof NodeGroup) {
      for (const node of computes.nodes) node.setHiera(NOVA_COMPUTE_KEYS.bindAddress, node.address);
    }
    if (this.rbd) this.applyRbd(computes, this.rbd);
  }

  /** Puts the computes' ephemeral disks on Ceph RBD (called by the storage constructs). */
  public useRbdDisks(rbd: NovaRbdDisks): void {
    this.rbd = rbd;
    for (const c of this.computeGroups) this.applyRbd(c, rbd);
  }

  /** The compute groups. */
  public get computes(): readonly (ComputePool | NodeGroup)[] {
    return this.computeGroups;
  }

  private applyRbd(computes: ComputePool | NodeGroup, rbd: NovaRbdDisks): void {
    computes.setHiera(NOVA_COMPUTE_KEYS.rbdEnabled, true);
    computes.setHiera(NOVA_COMPUTE_KEYS.rbdPool, rbd.pool);
    computes.setHiera(NOVA_COMPUTE_KEYS.rbdUser, rbd.user);
    computes.setHiera(NOVA_COMPUTE_KEYS.rbdSecretUuid, rbd.secretUuid);
    computes.setSecretHiera(NOVA_COMPUTE_KEYS.rbdSecretKey, rbd.key);
  }
}
