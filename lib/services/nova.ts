import { Construct } from '../core/cdk';
import { fail } from '../core/errors';
import { Secret } from '../core/secret';
import { NOVA_API_KEYS, NOVA_COMMON_KEYS, NOVA_COMPUTE_KEYS, NOVA_NOVNCPROXY_KEYS, NovaCellMapping } from '../documents/nova-keys';
import { Profile } from '../documents/roles';
import { ComputePool } from '../compute/compute-pool';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { wireApiService } from './api-service';
import { ServiceContext } from './service-context';
import { ServiceUsers } from './service-users';
import type { HaRabbitCluster } from '../ha/ha-rabbit-cluster';

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
  /**
   * Several cells (cells v2): the nodes run only the API-level services (the API, the
   * schedulers and the super-conductors, with `nova_cell0` as their database), and every
   * compute belongs to a {@link NovaCell}, which brings its own database, message broker,
   * conductors and console proxies. Without it, the nodes also serve the one cell (`cell1`)
   * with the deployment's database and brokers.
   *
   * @default false
   */
  readonly multiCell?: boolean;
}

/** How the API tier reaches a cell, and how the cell's computes are configured (from {@link NovaCell}). */
export interface NovaCellBinding {
  /** The cell's name. */
  readonly name: string;
  /** The construct, for error messages. */
  readonly scope: Construct;
  /** The address of the cell's database front end (its VIP). */
  readonly databaseHost: string;
  /** The cell's database (owned by the `nova` user of its own cluster). */
  readonly databaseName: string;
  /** That user's password. */
  readonly databasePassword: Secret;
  /** The cell's brokers. */
  readonly messaging: HaRabbitCluster;
  /** The console URL the cell's computes hand out. */
  readonly consoleUrl: string;
  /** The nodes of the cell's console proxies (which connect to the computes' VNC servers). */
  readonly consoleProxies: NodeGroup;
}

/**
 * The Compute service: API, metadata API, conductor, scheduler and noVNC proxy active on
 * every node of the control group behind the VIP, and nova-compute on the computes.
 *
 * Every broker is in the transport URL with quorum queues, the databases (`nova`,
 * `nova_api`, `nova_cell0`) are reached through the VIP's single writer, and schedulers
 * discover new computes on their own every 5 minutes, so adding computes needs no manual step.
 *
 * With `multiCell`, the nodes run only the API-level services (no console proxy, `nova_cell0`
 * as their database) and each {@link NovaCell} brings its own database, brokers, conductors,
 * console proxies and computes.
 *
 * @example
 * new Nova(stack, 'Nova', { nodes: controllers, computes, ...ctx });
 * // several cells
 * const nova = new Nova(stack, 'Nova', { nodes: apiTier, multiCell: true, ...ctx });
 * new NovaCell(stack, 'Cell1', { nova, name: 'cell1', nodes: cell1Controllers, vipAddress: '10.30.0.112', computes: pool1 });
 */
export class Nova extends Construct {
  /** The compute API endpoint on the VIP. */
  public readonly endpoint: string;
  /** The noVNC console URL on the VIP; with several cells, each {@link NovaCell} has its own. */
  public readonly consoleUrl?: string;
  /** The API-level nodes (API, schedulers, conductors). */
  public readonly apiNodes: NodeGroup;
  /** The shared services the Nova uses (database, brokers, cache, VIP, Keystone, region). */
  public readonly context: ServiceContext;
  /** Whether the Nova has several cells ({@link NovaProps.multiCell}). */
  public readonly multiCell: boolean;
  /** The address of the `nova_api` database (the VIP's Galera front end). */
  public readonly apiDatabaseHost: string;
  /** The password of the `nova_api` database user. */
  public readonly apiDatabasePassword: Secret;
  private readonly props: NovaProps;
  private rbd?: NovaRbdDisks;
  private readonly computeGroups: (ComputePool | NodeGroup)[] = [];
  private readonly cellBindings: NovaCellBinding[] = [];
  private readonly cellDatabasePasswords: { [cell: string]: Secret } = {};
  private readonly cellRabbitPasswords: { [cell: string]: Secret } = {};

  constructor(scope: Construct, id: string, props: NovaProps) {
    super(scope, id);
    this.props = props;
    this.apiNodes = props.nodes;
    this.context = { database: props.database, messaging: props.messaging, cache: props.cache, vip: props.vip, keystone: props.keystone, region: props.region };
    this.multiCell = props.multiCell ?? false;
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
      // With several cells, the API-level services' own database is cell0's.
      database: { name: this.multiCell ? 'nova_cell0' : 'nova', user: 'nova' },
      messaging: true,
    });
    this.endpoint = wired.publicUrl;
    props.database.addDatabase('nova_cell0', 'nova');
    const apiDb = props.database.addDatabase('nova_api', 'nova_api');
    this.apiDatabaseHost = props.vip.address;
    this.apiDatabasePassword = apiDb.password;
    props.vip.exposeService({ name: 'nova_metadata', port: PORTS.novaMetadata.port!, backends: nodes, checkPath: '/' });

    for (const p of [Profile.NOVA_CONDUCTOR, Profile.NOVA_SCHEDULER]) nodes.addProfile(p);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.apiDatabasePassword, apiDb.password);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.placementPassword, users.passwordOf('placement'));
    nodes.setSecretHiera(NOVA_COMMON_KEYS.neutronPassword, users.passwordOf('neutron'));
    nodes.setHiera(NOVA_COMMON_KEYS.neutronUrl, props.vip.url(PORTS.neutron.port!));
    nodes.setSecretHiera(NOVA_API_KEYS.metadataSecret, users.sharedSecret('metadata'));

    if (this.multiCell) {
      if (props.computes) {
        fail(this, { code: 'HA1623', prop: 'computes', value: props.computes.node.path });
      }
      nodes.setHiera(NOVA_COMMON_KEYS.databaseName, 'nova_cell0');
      // Only the bootstrap node registers the cells, so only it learns their passwords.
      const bootstrap = nodes.nodes[0];
      bootstrap.setLazyHiera(NOVA_API_KEYS.cells, () => this.cellMappings());
      bootstrap.setSecretHieraMap(NOVA_API_KEYS.cellDatabasePasswords, this.cellDatabasePasswords);
      bootstrap.setSecretHieraMap(NOVA_API_KEYS.cellRabbitPasswords, this.cellRabbitPasswords);
      this.node.addValidation({
        validate: () => (this.cellBindings.length > 0 ? [] : [`[HA1624] ${this.node.path}: multiCell is set but no NovaCell was added; add one, or leave multiCell unset`]),
      });
    } else {
      this.consoleUrl = `${props.vip.url(PORTS.novnc.port!)}/vnc_auto.html`;
      props.vip.exposeService({ name: 'novnc', port: PORTS.novnc.port!, backends: nodes, checkPath: '/vnc_auto.html' });
      nodes.addProfile(Profile.NOVA_NOVNCPROXY);
      nodes.setHiera(NOVA_NOVNCPROXY_KEYS.novncproxyBaseUrl, this.consoleUrl);
      for (const node of nodes.nodes) node.setHiera(NOVA_NOVNCPROXY_KEYS.bindAddress, node.address);
      if (props.computes) this.addComputes(props.computes);
    }
  }

  /**
   * Runs nova-compute on a pool (or group) of computes of the single cell.
   *
   * @throws HaValidationError HA1623 with several cells: computes are added to a {@link NovaCell}
   */
  public addComputes(computes: ComputePool | NodeGroup): void {
    if (this.multiCell) fail(this, { code: 'HA1623', prop: 'computes', value: computes.node.path });
    this.configureComputes(computes, this.props.messaging, this.consoleUrl!, this.props.nodes);
  }

  /**
   * Registers a cell (called by {@link NovaCell}): the bootstrap API node maps it, and its
   * brokers and database accept the API-level services.
   *
   * @throws HaValidationError HA1622 when the Nova serves a single cell; HA1621 for a second cell of the same name
   */
  public registerCell(cell: NovaCellBinding): void {
    if (!this.multiCell) fail(cell.scope, { code: 'HA1622', prop: 'nova', value: this.node.path });
    if (this.cellBindings.some((c) => c.name === cell.name)) fail(cell.scope, { code: 'HA1621', prop: 'name', value: cell.name });
    this.cellBindings.push(cell);
    this.cellDatabasePasswords[cell.name] = cell.databasePassword;
    this.cellRabbitPasswords[cell.name] = cell.messaging.password;
  }

  /** Runs nova-compute on computes of a cell (called by {@link NovaCell}). */
  public addCellComputes(cell: NovaCellBinding, computes: ComputePool | NodeGroup): void {
    this.configureComputes(computes, cell.messaging, cell.consoleUrl, cell.consoleProxies);
  }

  /** The cells registered so far. */
  public get cells(): readonly NovaCellBinding[] {
    return this.cellBindings;
  }

  private cellMappings(): { [cell: string]: NovaCellMapping } {
    const out: { [cell: string]: NovaCellMapping } = {};
    for (const c of this.cellBindings) {
      out[c.name] = { database_host: c.databaseHost, database_name: c.databaseName, rabbit_hosts: c.messaging.hosts, rabbit_user: c.messaging.user };
    }
    return out;
  }

  private configureComputes(computes: ComputePool | NodeGroup, messaging: HaRabbitCluster, consoleUrl: string, consoleProxies: NodeGroup): void {
    const users = ServiceUsers.of(this);
    const ctx = this.props;
    this.computeGroups.push(computes);
    computes.addProfile(Profile.NOVA_COMPUTE);
    messaging.allowClients(computes);
    computes.allowFrom(PORTS.vncConsoles, consoleProxies.asTrafficSource());
    computes.setHiera(NOVA_COMPUTE_KEYS.keystoneUrl, ctx.keystone.endpoint);
    computes.setHiera(NOVA_COMPUTE_KEYS.region, ctx.region ?? 'RegionOne');
    computes.setHiera(NOVA_COMPUTE_KEYS.rabbitHosts, messaging.hosts);
    computes.setHiera(NOVA_COMPUTE_KEYS.rabbitUser, messaging.user);
    computes.setHiera(NOVA_COMPUTE_KEYS.neutronUrl, ctx.vip.url(PORTS.neutron.port!));
    computes.setHiera(NOVA_COMPUTE_KEYS.novncproxyBaseUrl, consoleUrl);
    computes.setHiera(NOVA_COMPUTE_KEYS.virtType, this.props.virtType ?? VirtType.KVM);
    computes.setSecretHiera(NOVA_COMPUTE_KEYS.rabbitPassword, messaging.password);
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
