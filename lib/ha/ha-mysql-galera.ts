import { Annotations, Construct } from '../core/cdk';
import { isToken, validateRules, ValidationRule } from '../core/rules';
import { fail } from '../core/errors';
import { Secret } from '../core/secret';
import { GALERA_ARBITRATOR_KEYS, GALERA_KEYS } from '../documents/hiera-keys';
import { Profile } from '../documents/roles';
import { AntiAffinity } from '../compute/anti-affinity';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { ServerNode } from '../compute/server-node';
import { RandomSecrets } from '../providers/random-secrets';

/** How a joining Galera member receives a full copy of the data (snapshot state transfer). */
export enum GaleraSst {
  /** Hot backup with mariabackup: the donor keeps serving. */
  MARIABACKUP = 'mariabackup',
  /** rsync of the data directory: the donor is blocked while it runs. */
  RSYNC = 'rsync',
}

/** Props of {@link HaMysqlGalera}. */
export interface HaMysqlGaleraProps {
  /** The nodes the cluster runs on: 3, 5 or 7 (or an even number with an arbitrator). */
  readonly nodes: NodeGroup;
  /**
   * The name of the Galera cluster.
   *
   * @default "openstack"
   */
  readonly clusterName?: string;
  /**
   * The snapshot state transfer method.
   *
   * @default GaleraSst.MARIABACKUP
   */
  readonly sst?: GaleraSst;
  /**
   * The size of the write-set cache: a member that was away for less than what fits in it
   * rejoins by incremental transfer (IST) instead of a full copy.
   *
   * @default "1G"
   */
  readonly gcacheSize?: string;
  /**
   * The InnoDB buffer pool size.
   *
   * @default "1G"
   */
  readonly bufferPoolSize?: string;
  /**
   * The connection limit of each member.
   *
   * @default 4096
   */
  readonly maxConnections?: number;
  /**
   * The index (in the node group) of the node that bootstraps the cluster on first boot.
   * It is also the single writer behind the load balancer.
   *
   * @default 0
   */
  readonly bootstrapNodeIndex?: number;
  /**
   * A node outside the group that runs a Galera arbitrator (garbd): a vote without data,
   * which makes an even number of members safe.
   *
   * @default - no arbitrator; the member count must be odd
   */
  readonly arbitrator?: ServerNode;
}

/** A database of the cluster and the user that owns it. */
export interface GaleraDatabase {
  /** The database name. */
  readonly name: string;
  /** The user name. */
  readonly user: string;
  /** The user's password, generated at apply time. */
  readonly password: Secret;
}

const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const SIZE = /^[1-9][0-9]*[MG]$/;

const RULES: ValidationRule<HaMysqlGaleraProps>[] = [
  {
    code: 'HA1301',
    prop: 'nodes.count',
    value: (p) => p.nodes.nodes.length,
    failsWhen: (p) => {
      const n = p.nodes.nodes.length + (p.arbitrator ? 1 : 0);
      return n < 3 || n > 8 || n % 2 === 0;
    },
    message: (p) =>
      p.arbitrator
        ? `${p.nodes.nodes.length} members and an arbitrator make ${p.nodes.nodes.length + 1} votes: the total must be odd, 3 to 7`
        : `${p.nodes.nodes.length} members cannot keep a majority when one fails (an even count splits evenly)`,
  },
  {
    code: 'HA1302',
    prop: 'bootstrapNodeIndex',
    failsWhen: (p) =>
      p.bootstrapNodeIndex !== undefined &&
      !(Number.isInteger(p.bootstrapNodeIndex) && p.bootstrapNodeIndex >= 0 && p.bootstrapNodeIndex < p.nodes.nodes.length),
  },
  { code: 'HA1303', prop: 'gcacheSize', failsWhen: (p) => p.gcacheSize !== undefined && (isToken(p.gcacheSize) || !SIZE.test(p.gcacheSize)) },
  { code: 'HA1303', prop: 'bufferPoolSize', failsWhen: (p) => p.bufferPoolSize !== undefined && (isToken(p.bufferPoolSize) || !SIZE.test(p.bufferPoolSize)) },
  {
    code: 'HA1304',
    prop: 'maxConnections',
    failsWhen: (p) => p.maxConnections !== undefined && !(Number.isInteger(p.maxConnections) && p.maxConnections >= 100),
  },
  {
    code: 'HA1305',
    prop: 'arbitrator',
    value: (p) => p.arbitrator?.node.path,
    failsWhen: (p) => p.arbitrator !== undefined && p.nodes.nodes.includes(p.arbitrator),
  },
  { code: 'HA1306', prop: 'clusterName', failsWhen: (p) => p.clusterName !== undefined && !NAME.test(p.clusterName) },
  {
    code: 'HA1509',
    prop: 'sst',
    failsWhen: (p) => p.sst !== undefined && !Object.values(GaleraSst).includes(p.sst),
    message: 'unknown snapshot state transfer method',
    fix: 'use GaleraSst.MARIABACKUP (the default) or GaleraSst.RSYNC',
  },
];

/**
 * A MariaDB Galera cluster: synchronous multi-master replication on 3, 5 or 7 nodes.
 *
 * The defaults follow what survives production: mariabackup state transfers (the donor keeps
 * serving), a 1 GiB write-set cache so a member that restarts rejoins incrementally, primary
 * component recovery (`pc.recovery`), and a single writer behind the load balancer (the
 * bootstrap node; the others are HAProxy `backup` servers), which avoids certification
 * conflicts between writers. The node group must keep members on different hypervisors
 * (hard anti-affinity is the default).
 *
 * On first boot the bootstrap node forms the cluster and the others join once it is
 * primary, whatever order the machines start in. After a full outage, run
 * `openstack-ha-galera-recover` on the nodes: it restarts the cluster from the most advanced
 * member with the same cluster UUID.
 *
 * @example
 * const db = new HaMysqlGalera(stack, 'Db', { nodes: controllers });
 * const keystoneDb = db.addDatabase('keystone');
 */
export class HaMysqlGalera extends Construct {
  /** The node group of the members. */
  public readonly nodes: NodeGroup;
  /** The bootstrap node: it forms the cluster on first boot and is the single writer. */
  public readonly writer: ServerNode;
  /** The members, writer first (the order of the load balancer's servers). */
  public readonly membersInWriterOrder: readonly ServerNode[];
  /** The cluster name. */
  public readonly clusterName: string;
  /** The MariaDB root password. */
  public readonly rootPassword: Secret;
  private readonly databases = new Map<string, GaleraDatabase>();
  private readonly statusClients: string[] = [];

  constructor(scope: Construct, id: string, props: HaMysqlGaleraProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.nodes = props.nodes;
    this.clusterName = props.clusterName ?? 'openstack';
    const members = props.nodes.nodes;
    this.writer = members[props.bootstrapNodeIndex ?? 0];
    this.membersInWriterOrder = [this.writer, ...members.filter((m) => m !== this.writer)];
    if (props.nodes.antiAffinity !== AntiAffinity.HARD) {
      Annotations.of(this).addWarning(
        'Galera members may share a hypervisor (soft anti-affinity): losing that hypervisor can cost the cluster its quorum',
      );
    }

    this.rootPassword = RandomSecrets.password(this, 'RootPassword', `${id.toLowerCase()}-root-password`);
    const sstPassword = RandomSecrets.password(this, 'SstPassword', `${id.toLowerCase()}-sst-password`);
    const statusPassword = RandomSecrets.password(this, 'StatusPassword', `${id.toLowerCase()}-status-password`);

    const gcomm = members.map((m) => m.address);
    if (props.arbitrator) gcomm.push(props.arbitrator.address);

    const group = props.nodes;
    group.addProfile(Profile.GALERA);
    group.setHiera(GALERA_KEYS.clusterName, this.clusterName);
    group.setHiera(GALERA_KEYS.members, gcomm);
    group.setHiera(GALERA_KEYS.bootstrapAddress, this.writer.address);
    group.setHiera(GALERA_KEYS.sstMethod, props.sst ?? GaleraSst.MARIABACKUP);
    group.setHiera(GALERA_KEYS.gcacheSize, props.gcacheSize ?? '1G');
    group.setHiera(GALERA_KEYS.bufferPoolSize, props.bufferPoolSize ?? '1G');
    group.setHiera(GALERA_KEYS.maxConnections, props.maxConnections ?? 4096);
    group.setHiera(GALERA_KEYS.port, PORTS.mysql.port!);
    group.setHiera(GALERA_KEYS.statusPort, PORTS.galeraCheck.port!);
    group.setSecretHiera(GALERA_KEYS.rootPassword, this.rootPassword);
    group.setSecretHiera(GALERA_KEYS.sstPassword, sstPassword);
    group.setSecretHiera(GALERA_KEYS.statusPassword, statusPassword);
    for (const node of members) {
      node.setHiera(GALERA_KEYS.nodeAddress, node.address);
      node.setLazyHiera(GALERA_KEYS.statusAllowedAddresses, () => [...this.statusClients]);
      node.setLazyHiera(GALERA_KEYS.databases, () => this.databaseOwners());
      node.setSecretHieraMap(GALERA_KEYS.databasePasswords, this.passwordsByUser());
    }

    const self = group.asTrafficSource();
    for (const port of [PORTS.mysql, PORTS.galeraReplication, PORTS.galeraIst, PORTS.galeraSst]) group.allowFrom(port, self);

    if (props.arbitrator) {
      const arbitrator = props.arbitrator;
      arbitrator.addProfile(Profile.GALERA_ARBITRATOR);
      arbitrator.setHiera(GALERA_ARBITRATOR_KEYS.clusterName, this.clusterName);
      arbitrator.setHiera(GALERA_ARBITRATOR_KEYS.members, gcomm);
      group.allowFrom(PORTS.galeraReplication, { label: arbitrator.hostname, cidr: `${arbitrator.address}/32` });
    }
  }

  /**
   * Declares a database and its owner. The database and user are created on the bootstrap
   * node; the password is generated at apply time.
   *
   * @param name - the database name (`keystone`, `nova_api` ...)
   * @param user - the owner @default - the database name
   */
  public addDatabase(name: string, user = name): GaleraDatabase {
    for (const [prop, value] of [['name', name], ['user', user]] as const) {
      if (!NAME.test(value)) fail(this, { code: 'HA1306', prop, value });
    }
    const existing = this.databases.get(name);
    if (existing) {
      if (existing.user !== user) fail(this, { code: 'HA1307', prop: 'user', value: user });
      return existing;
    }
    const password =
      this.passwordOf(user) ??
      RandomSecrets.password(this, `Password-${user}`, `${this.node.id.toLowerCase()}-${user.replace(/_/g, '-')}-password`);
    const db = { name, user, password };
    this.databases.set(name, db);
    this.passwordMap[user] = password;
    return db;
  }

  /**
   * Lets load balancers reach the members: client connections and the health check, and
   * allows their addresses to query the health check.
   */
  public allowLoadBalancers(balancers: NodeGroup): void {
    const source = balancers.asTrafficSource();
    this.nodes.allowFrom(PORTS.mysql, source);
    this.nodes.allowFrom(PORTS.galeraCheck, source);
    for (const a of balancers.addresses) if (!this.statusClients.includes(a)) this.statusClients.push(a);
  }

  /** The databases declared so far, by name. */
  public get declaredDatabases(): readonly GaleraDatabase[] {
    return [...this.databases.values()];
  }

  // One object shared by every member's hiera (filled as databases are declared).
  private readonly passwordMap: { [user: string]: Secret } = {};

  private passwordsByUser(): { readonly [user: string]: Secret } {
    return this.passwordMap;
  }

  private passwordOf(user: string): Secret | undefined {
    return this.passwordMap[user];
  }

  private databaseOwners(): { [db: string]: string } {
    const out: { [db: string]: string } = {};
    for (const db of [...this.databases.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) out[db.name] = db.user;
    return out;
  }
}
