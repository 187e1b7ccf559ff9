import { Construct } from '../core/cdk';
import { fail } from '../core/errors';
import { isToken } from '../core/rules';
import { NOVA_COMMON_KEYS, NOVA_CONDUCTOR_KEYS, NOVA_NOVNCPROXY_KEYS } from '../documents/nova-keys';
import { Profile } from '../documents/roles';
import { ComputePool } from '../compute/compute-pool';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { HaApiVip } from '../ha/ha-api-vip';
import { HaMysqlGalera } from '../ha/ha-mysql-galera';
import { HaRabbitCluster } from '../ha/ha-rabbit-cluster';
import { Nova, NovaCellBinding } from './nova';
import { ServiceUsers } from './service-users';

/** Props of {@link NovaCell}. */
export interface NovaCellProps {
  /** The Nova (created with `multiCell: true`) whose API tier maps the cell. */
  readonly nova: Nova;
  /**
   * The cell's name: lower-case letters, digits and underscores, starting with a letter, at
   * most 32 characters, not `cell0`. The cell's database is `nova_<name>`.
   */
  readonly name: string;
  /**
   * The cell's controllers (role `controller`, 3 or 5 in anti-affinity): they run the cell's
   * Galera cluster, its RabbitMQ cluster, HAProxy and keepalived for the cell's VIP, the
   * cell's conductors and its noVNC console proxies.
   */
  readonly nodes: NodeGroup;
  /** The cell's VIP on the control-plane network: its database front end and its console proxy. */
  readonly vipAddress: string;
  /**
   * The cell's computes.
   *
   * @default - none (add them with `addComputes`)
   */
  readonly computes?: ComputePool | NodeGroup;
}

/** Cell names that are also SQL identifiers once prefixed with `nova_`. */
const CELL_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * One cell of a Nova with several cells (cells v2): a failure and scaling domain with its own
 * database, its own message brokers, its own conductors and console proxies, and its own
 * computes.
 *
 * The cell's controllers run a Galera cluster (database `nova_<name>`), a RabbitMQ cluster,
 * and HAProxy with keepalived for the cell's VIP, which carries the database's single-writer
 * front end and the noVNC proxies. The conductors serve only this cell (`[database]` is the
 * cell's database, `[DEFAULT] transport_url` its brokers); they also reach the API database
 * on the Nova's VIP, so that builds that fail on one compute are rescheduled. One conductor
 * creates the cell database's schema (`nova-manage db sync --local_cell`).
 *
 * The Nova's bootstrap API node registers the cell (`nova-manage cell_v2 create_cell` with
 * the cell's database and transport URL), and the API-level services (API, schedulers and
 * super-conductors) reach the cell's database and brokers. Computes of the cell talk only to
 * the cell's brokers, and their console links point at the cell's VIP. New computes are
 * mapped by the schedulers' periodic host discovery.
 *
 * A broken cell (its database or brokers down) stops only its own computes: the API and the
 * other cells keep working.
 *
 * @example
 * const nova = new Nova(stack, 'Nova', { nodes: apiTier, multiCell: true, ...ctx });
 * new NovaCell(stack, 'Cell1', { nova, name: 'cell1', nodes: cell1Controllers, vipAddress: '10.30.0.112', computes: pool1 });
 */
export class NovaCell extends Construct {
  /** The cell's name. */
  public readonly name: string;
  /** The cell's controllers. */
  public readonly nodes: NodeGroup;
  /** The cell's Galera cluster. */
  public readonly database: HaMysqlGalera;
  /** The cell's RabbitMQ cluster. */
  public readonly messaging: HaRabbitCluster;
  /** The cell's VIP (database front end and console proxy). */
  public readonly vip: HaApiVip;
  /** The console URL the cell's computes hand out. */
  public readonly consoleUrl: string;
  private readonly nova: Nova;
  private readonly binding: NovaCellBinding;

  constructor(scope: Construct, id: string, props: NovaCellProps) {
    super(scope, id);
    if (isToken(props.name) || !CELL_NAME.test(props.name) || props.name === 'cell0') {
      fail(this, { code: 'HA1620', prop: 'name', value: props.name });
    }
    this.name = props.name;
    this.nodes = props.nodes;
    this.nova = props.nova;
    const nodes = props.nodes;
    const ctx = props.nova.context;
    const users = ServiceUsers.of(this);

    this.database = new HaMysqlGalera(this, 'Db', { nodes, clusterName: `nova_${props.name}` });
    this.messaging = new HaRabbitCluster(this, 'Mq', { nodes });
    this.vip = new HaApiVip(this, 'Vip', { nodes, address: props.vipAddress });
    this.vip.exposeDatabase(this.database);
    this.consoleUrl = `${this.vip.url(PORTS.novnc.port!)}/vnc_auto.html`;
    this.vip.exposeService({ name: 'novnc', port: PORTS.novnc.port!, backends: nodes, checkPath: '/vnc_auto.html' });
    const db = this.database.addDatabase(`nova_${props.name}`, 'nova');

    this.binding = {
      name: props.name,
      scope: this,
      databaseHost: this.vip.address,
      databaseName: db.name,
      databasePassword: db.password,
      messaging: this.messaging,
      consoleUrl: this.consoleUrl,
      consoleProxies: nodes,
    };
    props.nova.registerCell(this.binding);

    // The cell's conductors and console proxies.
    nodes.addProfile(Profile.NOVA_CONDUCTOR);
    nodes.addProfile(Profile.NOVA_NOVNCPROXY);
    nodes.setHiera(NOVA_COMMON_KEYS.cellName, props.name);
    nodes.setHiera(NOVA_COMMON_KEYS.keystoneUrl, ctx.keystone.endpoint);
    nodes.setHiera(NOVA_COMMON_KEYS.region, ctx.region ?? 'RegionOne');
    nodes.setHiera(NOVA_COMMON_KEYS.memcachedServers, ctx.cache.servers);
    nodes.setHiera(NOVA_COMMON_KEYS.databaseHost, this.vip.address);
    nodes.setHiera(NOVA_COMMON_KEYS.databaseName, db.name);
    nodes.setHiera(NOVA_COMMON_KEYS.apiDatabaseHost, props.nova.apiDatabaseHost);
    nodes.setHiera(NOVA_COMMON_KEYS.rabbitHosts, this.messaging.hosts);
    nodes.setHiera(NOVA_COMMON_KEYS.rabbitUser, this.messaging.user);
    nodes.setHiera(NOVA_COMMON_KEYS.neutronUrl, ctx.vip.url(PORTS.neutron.port!));
    nodes.setSecretHiera(NOVA_COMMON_KEYS.servicePassword, users.passwordOf('nova'));
    nodes.setSecretHiera(NOVA_COMMON_KEYS.databasePassword, db.password);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.apiDatabasePassword, props.nova.apiDatabasePassword);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.rabbitPassword, this.messaging.password);
    nodes.setSecretHiera(NOVA_COMMON_KEYS.placementPassword, users.passwordOf('placement'));
    nodes.setSecretHiera(NOVA_COMMON_KEYS.neutronPassword, users.passwordOf('neutron'));
    nodes.setHiera(NOVA_NOVNCPROXY_KEYS.novncproxyBaseUrl, this.consoleUrl);
    nodes.nodes.forEach((node, i) => {
      node.setHiera(NOVA_NOVNCPROXY_KEYS.bindAddress, node.address);
      node.setHiera(NOVA_CONDUCTOR_KEYS.syncCellDatabase, i === 0);
    });

    // Who talks to whom: the cell's nodes use the shared cache and the API database; the
    // API-level services use the cell's database and brokers.
    const apiTier = props.nova.apiNodes;
    ctx.cache.allowClients(nodes);
    ctx.vip.nodes.allowFrom(PORTS.mysql, nodes.asTrafficSource());
    nodes.allowFrom(PORTS.mysql, apiTier.asTrafficSource());
    this.messaging.allowClients(apiTier);

    if (props.computes) this.addComputes(props.computes);
  }

  /** Runs nova-compute on a pool (or group) of computes of this cell. */
  public addComputes(computes: ComputePool | NodeGroup): void {
    this.nova.addCellComputes(this.binding, computes);
  }
}
