import { Construct } from '../core/cdk';
import { validateRules, ValidationRule } from '../core/rules';
import { Secret } from '../core/secret';
import { KEYSTONE_KEYS } from '../documents/hiera-keys';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { FernetKeys } from '../ha/fernet-keys';
import { HaApiVip } from '../ha/ha-api-vip';
import { HaMemcached } from '../ha/ha-memcached';
import { HaMysqlGalera } from '../ha/ha-mysql-galera';
import { HaRabbitCluster } from '../ha/ha-rabbit-cluster';
import { RandomSecrets } from '../providers/random-secrets';

/** Props of {@link Keystone}. */
export interface KeystoneProps {
  /** The nodes the Keystone API runs on. */
  readonly nodes: NodeGroup;
  /** The database cluster; Keystone reaches it through the VIP. */
  readonly database: HaMysqlGalera;
  /** The message brokers; every one is listed in Keystone's transport URL. */
  readonly messaging: HaRabbitCluster;
  /** The VIP the API is published on (and the database reached through). */
  readonly vip: HaApiVip;
  /** The memcached servers for the token cache. */
  readonly cache: HaMemcached;
  /**
   * The region of the new cloud.
   *
   * @default "RegionOne"
   */
  readonly region?: string;
}

const RULES: ValidationRule<KeystoneProps>[] = [
  { code: 'HA1602', prop: 'region', failsWhen: (p) => p.region !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(p.region) },
];

/**
 * The Identity service, active on every node of its group behind the VIP.
 *
 * Fernet token and credential keys are generated once and are identical on every node, so
 * a token issued by one node validates on all of them; no node rotates them on its own.
 * The database is reached through the VIP's single writer, the brokers are all listed in the
 * transport URL with quorum queues, and the token cache uses every memcached server.
 *
 * @example
 * new Keystone(stack, 'Keystone', { nodes: controllers, database: db, messaging: mq, vip, cache });
 */
export class Keystone extends Construct {
  /** The public endpoint (`http://<vip>:5000`). */
  public readonly endpoint: string;
  /** The password of the `admin` user. */
  public readonly adminPassword: Secret;
  /** The token and credential keys. */
  public readonly keys: FernetKeys;

  constructor(scope: Construct, id: string, props: KeystoneProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    const group = props.nodes;
    const db = props.database.addDatabase('keystone');
    this.adminPassword = RandomSecrets.password(this, 'AdminPassword', `${id.toLowerCase()}-admin-password`);
    this.keys = new FernetKeys(this, 'Keys');
    this.endpoint = props.vip.url(PORTS.keystone.port!);

    props.vip.exposeDatabase(props.database);
    props.vip.exposeService({ name: 'keystone', port: PORTS.keystone.port!, backends: group, checkPath: '/v3' });
    props.messaging.allowClients(group);
    props.cache.allowClients(group);

    group.addProfile(Profile.KEYSTONE);
    group.setHiera(KEYSTONE_KEYS.publicEndpoint, this.endpoint);
    group.setHiera(KEYSTONE_KEYS.region, props.region ?? 'RegionOne');
    group.setHiera(KEYSTONE_KEYS.databaseHost, props.vip.address);
    group.setHiera(KEYSTONE_KEYS.rabbitHosts, props.messaging.hosts);
    group.setHiera(KEYSTONE_KEYS.rabbitUser, props.messaging.user);
    group.setHiera(KEYSTONE_KEYS.memcachedServers, props.cache.servers);
    group.setSecretHiera(KEYSTONE_KEYS.databasePassword, db.password);
    group.setSecretHiera(KEYSTONE_KEYS.rabbitPassword, props.messaging.password);
    group.setSecretHiera(KEYSTONE_KEYS.adminPassword, this.adminPassword);
    group.setSecretHiera(KEYSTONE_KEYS.fernetKey0, this.keys.fernet0);
    group.setSecretHiera(KEYSTONE_KEYS.fernetKey1, this.keys.fernet1);
    group.setSecretHiera(KEYSTONE_KEYS.credentialKey0, this.keys.credential0);
    group.setSecretHiera(KEYSTONE_KEYS.credentialKey1, this.keys.credential1);
    group.nodes.forEach((node, i) => {
      node.setHiera(KEYSTONE_KEYS.bindAddress, node.address);
      node.setHiera(KEYSTONE_KEYS.bootstrapNode, i === 0);
    });
  }
}
