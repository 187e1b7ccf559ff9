import { Construct } from '../core/cdk';
import { validateRules, ValidationRule } from '../core/rules';
import {
  NEUTRON_AGENT_KEYS,
  NEUTRON_COMMON_KEYS,
  NEUTRON_L3_AGENT_KEYS,
  NEUTRON_METADATA_AGENT_KEYS,
  NEUTRON_SERVER_KEYS,
  NeutronRouterScheduler,
} from '../documents/neutron-keys';
import { Profile } from '../documents/roles';
import { ComputePool } from '../compute/compute-pool';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { wireApiService } from './api-service';
import { ServiceContext } from './service-context';
import { ServiceUsers } from './service-users';

/** The ML2 mechanism driver. */
export enum NeutronDriver {
  /** Open vSwitch agents, with L3, DHCP and metadata agents on the network nodes. */
  OPENVSWITCH = 'openvswitch',
  /** OVN: distributed L2/L3 in ovn-controller on every chassis, no L3 or DHCP agents (it scales L2). */
  OVN = 'ovn',
}

/** How routers are placed on L3 agents. */
export enum RouterScheduler {
  /** The agent with the fewest routers (spreads load; puppet-neutron 21's default is CHANCE). */
  LEAST_ROUTERS = 'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler',
  /** A random agent. */
  CHANCE = 'neutron.scheduler.l3_agent_scheduler.ChanceScheduler',
  /** The fewest routers, within the router's availability zones. */
  AZ_LEAST_ROUTERS = 'neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler',
}

/** Props of {@link Neutron}. */
export interface NeutronProps extends ServiceContext {
  /** The nodes the Neutron API server runs on. */
  readonly nodes: NodeGroup;
  /**
   * The network nodes: L3, DHCP and metadata agents (Open vSwitch driver).
   *
   * @default - the server nodes
   */
  readonly networkNodes?: NodeGroup;
  /**
   * The computes, which get the L2 agent.
   *
   * @default - none
   */
  readonly computes?: ComputePool | NodeGroup;
  /** The ML2 mechanism driver. @default NeutronDriver.OPENVSWITCH */
  readonly driver?: NeutronDriver;
  /** The L3 scheduler. @default RouterScheduler.LEAST_ROUTERS */
  readonly routerScheduler?: RouterScheduler;
  /**
   * Move the routers of a dead L3 agent to live agents automatically (the fix for "L3 is not
   * HA" without VRRP routers).
   *
   * @default true
   */
  readonly automaticL3AgentFailover?: boolean;
  /**
   * VRRP-backed HA routers (keepalived in each router's namespace on several agents). Not
   * with `distributedRouters` nor `l2Population`.
   *
   * @default false
   */
  readonly l3Ha?: boolean;
  /** With `l3Ha`, the agents per router. @default 3 (or the number of network nodes when smaller) */
  readonly maxL3AgentsPerRouter?: number;
  /**
   * Distributed virtual routers (DVR). Not supported yet: DVR needs L3 agents in `dvr` mode
   * on every compute, which this version does not deploy; setting it is a synth error.
   *
   * @default false
   */
  readonly distributedRouters?: boolean;
  /** The l2population driver (fewer broadcasts in large overlay networks). @default false */
  readonly l2Population?: boolean;
  /** The DHCP agents that serve each network, at least 2 and at most the number of network nodes. @default 2 */
  readonly dhcpAgentsPerNetwork?: number;
  /** With OVN, the addresses of the OVN central (northbound and southbound database) nodes. @default - none */
  readonly ovnDatabases?: string[];
}

const RULES: ValidationRule<NeutronProps>[] = [
  { code: 'HA1610', prop: 'l3Ha', failsWhen: (p) => !!p.l3Ha && !!p.distributedRouters },
  { code: 'HA1611', prop: 'l3Ha', failsWhen: (p) => !!p.l3Ha && !!p.l2Population },
  {
    code: 'HA1612',
    prop: 'dhcpAgentsPerNetwork',
    failsWhen: (p) => (p.driver ?? NeutronDriver.OPENVSWITCH) === NeutronDriver.OPENVSWITCH && (p.dhcpAgentsPerNetwork ?? 2) < 2,
  },
  {
    code: 'HA1613',
    prop: 'dhcpAgentsPerNetwork',
    failsWhen: (p) =>
      (p.driver ?? NeutronDriver.OPENVSWITCH) === NeutronDriver.OPENVSWITCH &&
      (p.dhcpAgentsPerNetwork ?? 2) > (p.networkNodes ?? p.nodes).nodes.length,
    value: (p) => `${p.dhcpAgentsPerNetwork ?? 2} per network, ${(p.networkNodes ?? p.nodes).nodes.length} agents`,
  },
  {
    code: 'HA1613',
    prop: 'maxL3AgentsPerRouter',
    failsWhen: (p) => !!p.l3Ha && p.maxL3AgentsPerRouter !== undefined && p.maxL3AgentsPerRouter > (p.networkNodes ?? p.nodes).nodes.length,
    value: (p) => `${p.maxL3AgentsPerRouter} per router, ${(p.networkNodes ?? p.nodes).nodes.length} agents`,
  },
  {
    code: 'HA1613',
    prop: 'l3Ha',
    failsWhen: (p) => !!p.l3Ha && (p.networkNodes ?? p.nodes).nodes.length < 2,
    value: (p) => `${(p.networkNodes ?? p.nodes).nodes.length} L3 agent`,
    message: 'HA routers need at least two L3 agents',
  },
  {
    code: 'HA1615',
    prop: 'distributedRouters',
    failsWhen: (p) => !!p.distributedRouters,
  },
  {
    code: 'HA1614',
    prop: 'ovnDatabases',
    failsWhen: (p) => p.driver === NeutronDriver.OVN && (p.ovnDatabases ?? []).length === 0,
  },
];

/**
 * The Networking service: the API server active on every node of its group behind the VIP,
 * L3, DHCP and metadata agents on the network nodes, and the L2 agent wherever ports live.
 *
 * The defaults fix what made L3 a single point of failure at scale: routers are spread with
 * the least-routers scheduler and move automatically off a dead agent, each network is served
 * by two DHCP agents, and VRRP-backed HA routers are one option away (with the invalid
 * combinations refused at synth). OVN is the option for large L2 domains.
 *
 * @example
 * new Neutron(stack, 'Neutron', { nodes: controllers, networkNodes, computes, ...ctx });
 */
export class Neutron extends Construct {
  /** The API endpoint on the VIP. */
  public readonly endpoint: string;
  /** The mechanism driver. */
  public readonly driver: NeutronDriver;
  private readonly props: NeutronProps;

  constructor(scope: Construct, id: string, props: NeutronProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.props = props;
    this.driver = props.driver ?? NeutronDriver.OPENVSWITCH;
    const users = ServiceUsers.of(this);
    const server = props.nodes;
    const wired = wireApiService(this, server, props, {
      profile: Profile.NEUTRON_SERVER,
      commonClass: 'openstack_ha::profile::neutron_server',
      messagingClass: 'openstack_ha::profile::neutron::common',
      user: 'neutron',
      frontend: 'neutron',
      port: PORTS.neutron.port!,
      checkPath: '/',
      database: { name: 'neutron', user: 'neutron' },
      messaging: true,
    });
    this.endpoint = wired.publicUrl;
    const networkNodes = props.networkNodes ?? server;
    const l3Agents = networkNodes.nodes.length;

    server.setSecretHiera(NEUTRON_SERVER_KEYS.novaPassword, users.passwordOf('nova'));
    server.setHiera(NEUTRON_SERVER_KEYS.mechanismDriver, this.driver);
    server.setHiera(NEUTRON_SERVER_KEYS.routerSchedulerDriver, (props.routerScheduler ?? RouterScheduler.LEAST_ROUTERS) as NeutronRouterScheduler);
    server.setHiera(NEUTRON_SERVER_KEYS.allowAutomaticL3agentFailover, props.automaticL3AgentFailover ?? true);
    server.setHiera(NEUTRON_SERVER_KEYS.l3Ha, props.l3Ha ?? false);
    if (props.l3Ha) server.setHiera(NEUTRON_SERVER_KEYS.maxL3AgentsPerRouter, props.maxL3AgentsPerRouter ?? Math.max(2, Math.min(3, l3Agents)));
    server.setHiera(NEUTRON_SERVER_KEYS.routerDistributed, props.distributedRouters ?? false);
    server.setHiera(NEUTRON_SERVER_KEYS.dhcpAgentsPerNetwork, props.dhcpAgentsPerNetwork ?? 2);
    server.setHiera(NEUTRON_SERVER_KEYS.l2Population, props.l2Population ?? false);
    if (this.driver === NeutronDriver.OVN) {
      server.setHiera(NEUTRON_SERVER_KEYS.ovnNbConnection, (props.ovnDatabases ?? []).map((a) => `tcp:${a}:6641`));
      server.setHiera(NEUTRON_SERVER_KEYS.ovnSbConnection, (props.ovnDatabases ?? []).map((a) => `tcp:${a}:6642`));
    }

    // The API server needs no L2 agent of its own: only nodes with ports (network nodes,
    // converged controllers, computes) get one.
    this.addL2Agents(networkNodes);
    if (this.driver === NeutronDriver.OPENVSWITCH) {
      networkNodes.addProfile(Profile.NEUTRON_L3_AGENT);
      networkNodes.addProfile(Profile.NEUTRON_DHCP_AGENT);
      networkNodes.addProfile(Profile.NEUTRON_METADATA_AGENT);
      networkNodes.setHiera(NEUTRON_L3_AGENT_KEYS.l3Ha, props.l3Ha ?? false);
      if (props.l3Ha) {
        networkNodes.setSecretHiera(NEUTRON_L3_AGENT_KEYS.haVrrpAuthPassword, users.sharedSecret('neutron-vrrp'));
      }
      networkNodes.setHiera(NEUTRON_METADATA_AGENT_KEYS.metadataHost, props.vip.address);
      networkNodes.setSecretHiera(NEUTRON_METADATA_AGENT_KEYS.metadataSecret, users.sharedSecret('metadata'));
    }
    if (props.computes) this.addL2Agents(props.computes);
  }

  /** Runs the L2 agent (or the OVN controller) on a group or pool, with its broker settings. */
  public addL2Agents(group: ComputePool | NodeGroup): void {
    const ctx = this.props;
    group.addProfile(Profile.NEUTRON_AGENT);
    group.setHiera(NEUTRON_AGENT_KEYS.mechanismDriver, this.driver);
    group.setHiera(NEUTRON_AGENT_KEYS.l2Population, ctx.l2Population ?? false);
    if (group !== ctx.nodes) {
      ctx.messaging.allowClients(group);
      group.setHiera(NEUTRON_COMMON_KEYS.rabbitHosts, ctx.messaging.hosts);
      group.setHiera(NEUTRON_COMMON_KEYS.rabbitUser, ctx.messaging.user);
      group.setSecretHiera(NEUTRON_COMMON_KEYS.rabbitPassword, ctx.messaging.password);
    }
    if (group instanceof NodeGroup) {
      for (const node of group.nodes) node.setHiera(NEUTRON_AGENT_KEYS.tunnelAddress, node.address);
    } else {
      group.setHiera(NEUTRON_AGENT_KEYS.tunnelAddress, '%{facts.networking.ip}');
    }
    if (this.driver === NeutronDriver.OVN) {
      group.setHiera(NEUTRON_AGENT_KEYS.ovnSbConnection, (ctx.ovnDatabases ?? []).map((a) => `tcp:${a}:6642`));
      group.setHiera(NEUTRON_AGENT_KEYS.metadataHost, ctx.vip.address);
      group.setSecretHiera(NEUTRON_AGENT_KEYS.metadataSecret, ServiceUsers.of(this).sharedSecret('metadata'));
    }
  }
}
