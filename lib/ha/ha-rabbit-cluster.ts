import { Annotations, Construct } from '../core/cdk';
import { validateRules, ValidationRule } from '../core/rules';
import { Secret } from '../core/secret';
import { RABBITMQ_KEYS } from '../documents/hiera-keys';
import { Profile } from '../documents/roles';
import { AntiAffinity } from '../compute/anti-affinity';
import { NodeGroup } from '../compute/node-group';
import { TrafficSource } from '../compute/security-group';
import { PORTS } from '../compute/port-table';
import { RandomSecrets } from '../providers/random-secrets';

/** What RabbitMQ does when the network splits its cluster. */
export enum PartitionHandling {
  /** Members on the minority side pause until the partition heals: no split brain. */
  PAUSE_MINORITY = 'pause_minority',
  /** Both sides go on; on heal the losing side restarts and its changes are lost. */
  AUTOHEAL = 'autoheal',
  /** Both sides go on for ever: a split brain. Refused by the library. */
  IGNORE = 'ignore',
}

/** Props of {@link HaRabbitCluster}. */
export interface HaRabbitClusterProps {
  /** The nodes the brokers run on: an odd number, at least 3. */
  readonly nodes: NodeGroup;
  /**
   * What the cluster does on a network partition.
   *
   * @default PartitionHandling.PAUSE_MINORITY
   */
  readonly partitionHandling?: PartitionHandling;
  /**
   * The user the OpenStack services connect as.
   *
   * @default "openstack"
   */
  readonly user?: string;
}

const RULES: ValidationRule<HaRabbitClusterProps>[] = [
  {
    code: 'HA1401',
    prop: 'nodes.count',
    value: (p) => p.nodes.nodes.length,
    failsWhen: (p) => p.nodes.nodes.length < 3 || p.nodes.nodes.length % 2 === 0,
  },
  { code: 'HA1402', prop: 'partitionHandling', failsWhen: (p) => p.partitionHandling === PartitionHandling.IGNORE },
  {
    code: 'HA1402',
    prop: 'partitionHandling',
    failsWhen: (p) => p.partitionHandling !== undefined && !Object.values(PartitionHandling).includes(p.partitionHandling),
    message: 'unknown partition handling mode',
  },
  { code: 'HA1403', prop: 'user', failsWhen: (p) => p.user !== undefined && !/^[a-z][a-z0-9_]{0,31}$/.test(p.user) },
];

/**
 * A RabbitMQ cluster for the OpenStack services' RPC and notifications.
 *
 * Secure defaults: an odd member count so a partition always leaves a majority,
 * `pause_minority` so the minority side stops instead of diverging (`ignore` is a synth
 * error), quorum queues for every service (set on the client side, as puppet-oslo 21 has no
 * parameter for it), an Erlang cookie generated at apply time, and clients that list every
 * broker in their `transport_url` (a broker is never put behind a VIP). Members form one
 * cluster whatever order they start in.
 *
 * @example
 * const mq = new HaRabbitCluster(stack, 'Mq', { nodes: controllers });
 */
export class HaRabbitCluster extends Construct {
  /** The node group of the brokers. */
  public readonly nodes: NodeGroup;
  /** The user the services connect as. */
  public readonly user: string;
  /** That user's password. */
  public readonly password: Secret;
  /** The Erlang cookie shared by the members. */
  public readonly erlangCookie: Secret;
  /** The partition handling in force. */
  public readonly partitionHandling: PartitionHandling;

  constructor(scope: Construct, id: string, props: HaRabbitClusterProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.nodes = props.nodes;
    this.user = props.user ?? 'openstack';
    this.partitionHandling = props.partitionHandling ?? PartitionHandling.PAUSE_MINORITY;
    if (this.partitionHandling === PartitionHandling.AUTOHEAL) {
      Annotations.of(this).addWarning(
        'partition handling autoheal: after a partition heals, the side that lost restarts and the messages it took are lost',
      );
    }
    if (props.nodes.antiAffinity !== AntiAffinity.HARD) {
      Annotations.of(this).addWarning('RabbitMQ members may share a hypervisor (soft anti-affinity)');
    }
    this.password = RandomSecrets.password(this, 'Password', `${id.toLowerCase()}-password`);
    this.erlangCookie = RandomSecrets.password(this, 'ErlangCookie', `${id.toLowerCase()}-erlang-cookie`, 32);

    const group = props.nodes;
    group.addProfile(Profile.RABBITMQ);
    group.setHiera(RABBITMQ_KEYS.clusterNodes, group.nodes.map((n) => n.hostname));
    group.setHiera(RABBITMQ_KEYS.partitionHandling, this.partitionHandling as PartitionHandling.PAUSE_MINORITY | PartitionHandling.AUTOHEAL);
    group.setHiera(RABBITMQ_KEYS.port, PORTS.amqp.port!);
    group.setHiera(RABBITMQ_KEYS.distributionPort, PORTS.rabbitDistribution.port!);
    group.setHiera(RABBITMQ_KEYS.user, this.user);
    group.setSecretHiera(RABBITMQ_KEYS.password, this.password);
    group.setSecretHiera(RABBITMQ_KEYS.erlangCookie, this.erlangCookie);
    for (const node of group.nodes) node.setHiera(RABBITMQ_KEYS.nodeAddress, node.address);

    const self = group.asTrafficSource();
    for (const port of [PORTS.amqp, PORTS.rabbitDistribution, PORTS.epmd]) group.allowFrom(port, self);
  }

  /** Every broker as `address:port`, in member order: what a `transport_url` lists. */
  public get hosts(): string[] {
    return this.nodes.addresses.map((a) => `${a}:${PORTS.amqp.port}`);
  }

  /** Lets a node group connect to the brokers (AMQP). */
  public allowClients(clients: { asTrafficSource(): TrafficSource }): void {
    this.nodes.allowFrom(PORTS.amqp, clients.asTrafficSource());
  }
}
