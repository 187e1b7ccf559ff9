import { HaApiVip } from '../ha/ha-api-vip';
import { HaMemcached } from '../ha/ha-memcached';
import { HaMysqlGalera } from '../ha/ha-mysql-galera';
import { HaRabbitCluster } from '../ha/ha-rabbit-cluster';
import { Keystone } from './keystone';

/**
 * What every OpenStack API service is wired to: the shared infrastructure of the control
 * plane. Passing one object keeps the services' props short and identical.
 */
export interface ServiceContext {
  /** The database cluster (reached through the VIP's single writer). */
  readonly database: HaMysqlGalera;
  /** The message brokers (every one listed in the transport URL). */
  readonly messaging: HaRabbitCluster;
  /** The memcached servers. */
  readonly cache: HaMemcached;
  /** The VIP the APIs are published on. */
  readonly vip: HaApiVip;
  /** The Identity service. */
  readonly keystone: Keystone;
  /**
   * The region name.
   *
   * @default "RegionOne"
   */
  readonly region?: string;
}
