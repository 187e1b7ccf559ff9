import { Construct } from '../core/cdk';
import { validateRules, ValidationRule } from '../core/rules';
import { MEMCACHED_KEYS } from '../documents/hiera-keys';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { TrafficSource } from '../compute/security-group';
import { PORTS } from '../compute/port-table';

/** Props of {@link HaMemcached}. */
export interface HaMemcachedProps {
  /** The nodes memcached runs on (every controller, usually). */
  readonly nodes: NodeGroup;
  /**
   * The cache size of each server, in MiB.
   *
   * @default 1024
   */
  readonly maxMemoryMb?: number;
}

const RULES: ValidationRule<HaMemcachedProps>[] = [
  {
    code: 'HA1601',
    prop: 'maxMemoryMb',
    failsWhen: (p) => p.maxMemoryMb !== undefined && !(Number.isInteger(p.maxMemoryMb) && p.maxMemoryMb >= 64 && p.maxMemoryMb <= 1048576),
  },
];

/**
 * memcached on every node of a group, for token and API caches.
 *
 * Not load balanced and not behind a VIP: every client lists every server and hashes keys
 * over them, so losing one server loses only its share of the cache.
 *
 * @example
 * const cache = new HaMemcached(stack, 'Cache', { nodes: controllers });
 */
export class HaMemcached extends Construct {
  /** The node group of the servers. */
  public readonly nodes: NodeGroup;

  constructor(scope: Construct, id: string, props: HaMemcachedProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.nodes = props.nodes;
    props.nodes.addProfile(Profile.MEMCACHED);
    props.nodes.setHiera(MEMCACHED_KEYS.port, PORTS.memcached.port!);
    props.nodes.setHiera(MEMCACHED_KEYS.maxMemory, props.maxMemoryMb ?? 1024);
    for (const node of props.nodes.nodes) node.setHiera(MEMCACHED_KEYS.listen, node.address);
  }

  /** Every server as `address:port`: what clients list. */
  public get servers(): string[] {
    return this.nodes.addresses.map((a) => `${a}:${PORTS.memcached.port}`);
  }

  /** Lets a node group reach the cache servers. */
  public allowClients(clients: { asTrafficSource(): TrafficSource }): void {
    this.nodes.allowFrom(PORTS.memcached, clients.asTrafficSource());
  }
}
