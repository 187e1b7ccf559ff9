import { hieraKey } from '../documents/hiera';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { Secret } from '../core/secret';
import { ServiceContext } from './service-context';
import { ServiceUsers } from './service-users';
import { Construct } from '../core/cdk';

/** How one API service is wired, following the profiles' common parameter names. */
export interface ApiServiceWiring {
  /** The profile that serves the API (`openstack_ha::profile::<profile>`). */
  readonly profile: Profile;
  /** The class that takes the common connection parameters (the profile itself, or a shared class such as `nova_common`). */
  readonly commonClass: string;
  /** The Keystone service user. */
  readonly user: string;
  /** The front-end name on the VIP. */
  readonly frontend: string;
  /** The API port. */
  readonly port: number;
  /** The path of the HTTP health check. */
  readonly checkPath: string;
  /** A path appended to the endpoint registered in Keystone (`/v2.1` for Nova). @default - none */
  readonly publicPath?: string;
  /** The database and its owner, when the service has one. */
  readonly database?: { readonly name: string; readonly user: string };
  /** Whether the service uses the message brokers. */
  readonly messaging: boolean;
  /** The class that takes the RabbitMQ parameters, when not `commonClass`. */
  readonly messagingClass?: string;
}

/** What {@link wireApiService} returns. */
export interface WiredApiService {
  /** The service's endpoint on the VIP. */
  readonly publicUrl: string;
  /** The service user's password. */
  readonly servicePassword: Secret;
  /** The database password, when the service has a database. */
  readonly databasePassword?: Secret;
}

/**
 * Wires an API service onto a node group: profile, the common parameters (bind address,
 * bootstrap node, region, Keystone, service password, endpoint, database through the VIP,
 * every broker, every cache server), the VIP front end and the firewall openings.
 */
export function wireApiService(scope: Construct, nodes: NodeGroup, ctx: ServiceContext, w: ApiServiceWiring): WiredApiService {
  const api = `openstack_ha::profile::${w.profile}`;
  const common = w.commonClass;
  const servicePassword = ServiceUsers.of(scope).passwordOf(w.user);
  const publicUrl = ctx.vip.url(w.port, w.publicPath ?? '');

  nodes.addProfile(w.profile);
  ctx.vip.exposeService({ name: w.frontend, port: w.port, backends: nodes, checkPath: w.checkPath });
  ctx.cache.allowClients(nodes);
  nodes.setHiera(hieraKey<string>(api, 'public_url'), publicUrl);
  nodes.setHiera(hieraKey<string>(common, 'keystone_url'), ctx.keystone.endpoint);
  nodes.setHiera(hieraKey<string>(common, 'region'), ctx.region ?? 'RegionOne');
  nodes.setHiera(hieraKey<string[]>(common, 'memcached_servers'), ctx.cache.servers);
  nodes.setSecretHiera(hieraKey<string>(common, 'service_password'), servicePassword);
  nodes.nodes.forEach((node, i) => {
    node.setHiera(hieraKey<string>(api, 'bind_address'), node.address);
    node.setHiera(hieraKey<boolean>(api, 'bootstrap_node'), i === 0);
  });

  let databasePassword: Secret | undefined;
  if (w.database) {
    const db = ctx.database.addDatabase(w.database.name, w.database.user);
    databasePassword = db.password;
    ctx.vip.exposeDatabase(ctx.database);
    nodes.setHiera(hieraKey<string>(common, 'database_host'), ctx.vip.address);
    nodes.setSecretHiera(hieraKey<string>(common, 'database_password'), db.password);
  }
  if (w.messaging) {
    const mq = w.messagingClass ?? common;
    ctx.messaging.allowClients(nodes);
    nodes.setHiera(hieraKey<string[]>(mq, 'rabbit_hosts'), ctx.messaging.hosts);
    nodes.setHiera(hieraKey<string>(mq, 'rabbit_user'), ctx.messaging.user);
    nodes.setSecretHiera(hieraKey<string>(mq, 'rabbit_password'), ctx.messaging.password);
  }
  return { publicUrl, servicePassword, databasePassword };
}
