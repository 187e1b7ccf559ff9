import { Construct } from '../core/cdk';
import { fail } from '../core/errors';
import { parseIpv4 } from '../core/ipam';
import { isToken, validateRules, ValidationRule } from '../core/rules';
import { DEFAULT_INTERFACE_NAME } from '../documents/facts';
import { FrontendSpec, HAPROXY_KEYS, KEEPALIVED_KEYS, VrrpInstanceSpec } from '../documents/hiera-keys';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { NetworkingPortV2 } from '../providers/openstack/networking-port-v2';
import { HaMysqlGalera } from './ha-mysql-galera';

/** Props of {@link HaApiVip}. */
export interface HaApiVipProps {
  /** The load balancers: the nodes keepalived moves the VIP between (at least 2). */
  readonly nodes: NodeGroup;
  /** The virtual IPv4 address, inside the load balancers' subnet. */
  readonly address: string;
  /**
   * The VRRP virtual router id, unique on the network.
   *
   * @default - the lowest id from 51 not used by another VIP on the network
   */
  readonly virtualRouterId?: number;
  /**
   * The VRRP advertisement interval in seconds. A backup takes over after about three
   * missed advertisements: 1 s gives a failover of about 3.6 s, 0.2 s (with VRRP version 3)
   * about 0.8 s.
   *
   * @default 1
   */
  readonly advertInterval?: number;
  /**
   * The VRRP protocol version; version 3 allows sub-second advertisement intervals.
   *
   * @default 3
   */
  readonly vrrpVersion?: number;
  /**
   * Leave the VIP where it is when a higher-priority node comes back, instead of moving it
   * again (one interruption instead of two).
   *
   * @default true
   */
  readonly nopreempt?: boolean;
  /**
   * The networks allowed to reach the API front ends.
   *
   * @default ["0.0.0.0/0"]
   */
  readonly clientCidrs?: string[];
  /**
   * The name of the load balancers' network interface inside the guest.
   *
   * @default "ens3"
   */
  readonly interfaceName?: string;
}

/** An API service to put behind the VIP. */
export interface ExposedService {
  /** The front-end name (`keystone`, `nova_api` ...). */
  readonly name: string;
  /** The port on the VIP. */
  readonly port: number;
  /** The nodes the service runs on. */
  readonly backends: NodeGroup;
  /** The path of the HTTP health check. @default "/" */
  readonly checkPath?: string;
  /** The port the backends listen on. @default - the same as `port` */
  readonly backendPort?: number;
}

const RULES: ValidationRule<HaApiVipProps>[] = [
  { code: 'HA1001', prop: 'address', failsWhen: (p) => isToken(p.address) },
  { code: 'HA1003', prop: 'address', failsWhen: (p) => !isToken(p.address) && parseIpv4(p.address) === undefined },
  { code: 'HA1505', prop: 'nodes.count', value: (p) => p.nodes.nodes.length, failsWhen: (p) => p.nodes.nodes.length < 2 },
  {
    code: 'HA1501',
    prop: 'virtualRouterId',
    failsWhen: (p) => p.virtualRouterId !== undefined && !(Number.isInteger(p.virtualRouterId) && p.virtualRouterId >= 1 && p.virtualRouterId <= 255),
  },
  {
    code: 'HA1503',
    prop: 'advertInterval',
    failsWhen: (p) => {
      if (p.advertInterval === undefined) return false;
      const v = p.advertInterval;
      if ((p.vrrpVersion ?? 3) === 3) return !(v >= 0.01 && v <= 40.95 && Math.abs(Math.round(v * 100) - v * 100) < 1e-9);
      return !(v >= 1 && v <= 255);
    },
    message: (p) =>
      (p.vrrpVersion ?? 3) === 3
        ? 'VRRP version 3 takes an advertisement interval from 0.01 to 40.95 seconds, in steps of 0.01'
        : 'VRRP version 2 takes an advertisement interval from 1 to 255 seconds',
  },
  { code: 'HA1508', prop: 'vrrpVersion', failsWhen: (p) => p.vrrpVersion !== undefined && p.vrrpVersion !== 2 && p.vrrpVersion !== 3 },
  {
    code: 'HA1504',
    prop: 'advertInterval',
    failsWhen: (p) => (p.vrrpVersion ?? 3) === 2 && p.advertInterval !== undefined && !Number.isInteger(p.advertInterval),
    message: 'VRRP version 2 takes only whole seconds (a sub-second or fractional interval needs version 3)',
  },
  {
    code: 'HA1002',
    prop: 'clientCidrs',
    failsWhen: (p) => (p.clientCidrs ?? []).some((c) => isToken(c) || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c)),
  },
];

// The VIPs of each load-balancer group: keepalived and HAProxy on a node serve all of them.
const VIPS_OF_GROUP = new WeakMap<NodeGroup, HaApiVip[]>();

/**
 * A virtual IP for the API endpoints and the database: keepalived moves it between the
 * load balancers, and HAProxy on each of them forwards to the services.
 *
 * On the underlying cloud the VIP gets a reserved port (so the cloud never gives the
 * address to anything else), every load balancer's port may carry it
 * (`allowed_address_pairs`), and VRRP (IP protocol 112) is allowed between them. keepalived
 * uses unicast VRRP (clouds do not carry multicast reliably), `nopreempt`, and a track script
 * on HAProxy, so the VIP leaves a node whose HAProxy died.
 *
 * Galera is reached through the VIP with a single writer; RabbitMQ and memcached never are
 * (their clients list every server).
 *
 * @example
 * const vip = new HaApiVip(stack, 'Vip', { nodes: controllers, address: '10.20.0.10' });
 * vip.exposeDatabase(db);
 */
export class HaApiVip extends Construct {
  /** The VIP. */
  public readonly address: string;
  /** The load balancers. */
  public readonly nodes: NodeGroup;
  /** The VRRP virtual router id. */
  public readonly virtualRouterId: number;
  /** The port of the underlying cloud that reserves the address. */
  public readonly reservedPort: NetworkingPortV2;
  private readonly props: HaApiVipProps;
  private readonly frontends = new Map<string, FrontendSpec>();
  private readonly databases = new Set<HaMysqlGalera>();

  constructor(scope: Construct, id: string, props: HaApiVipProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.props = props;
    this.address = props.address;
    this.nodes = props.nodes;
    const network = props.nodes.network;
    network.addresses.reserveAddress(this.node.path, props.address);
    this.virtualRouterId = network.reserveVirtualRouterId(this.node.path, props.virtualRouterId);

    this.reservedPort = new NetworkingPortV2(this, 'ReservedPort', {
      name: `${props.nodes.hostnamePrefix}-vip-${this.virtualRouterId}`,
      networkId: network.networkId,
      adminStateUp: true,
      fixedIp: [{ subnetId: network.subnetId, ipAddress: props.address }],
      securityGroupIds: [props.nodes.securityGroup.id],
    });
    for (const node of props.nodes.nodes) node.allowAddress(props.address);
    props.nodes.allowFrom(PORTS.vrrp, props.nodes.asTrafficSource());

    this.configureLoadBalancers();
    this.node.addValidation({
      validate: () =>
        this.frontends.size === 0
          ? [`[HA1506] ${this.node.path}: the VIP ${this.address} has no front end; expose a service or the database on it`]
          : [],
    });
  }

  /** The front ends defined so far, by name. */
  public get frontendNames(): string[] {
    return [...this.frontends.keys()].sort();
  }

  /** The URL of a service exposed on the VIP. */
  public url(port: number, path = ''): string {
    return `http://${this.address}:${port}${path}`;
  }

  /**
   * Puts a Galera cluster behind the VIP on port 3306 with a single writer: the cluster's
   * writer takes every connection, the other members are `backup` servers, and the health
   * check (port 9200) takes a member out when it is not synced. Calling it again for the
   * same cluster does nothing.
   */
  public exposeDatabase(database: HaMysqlGalera): void {
    if (this.databases.has(database)) return;
    this.databases.add(database);
    this.addFrontend('mysql', {
      port: PORTS.mysql.port!,
      backend_port: PORTS.mysql.port!,
      mode: 'tcp',
      check: 'galera',
      check_port: PORTS.galeraCheck.port!,
      single_writer: true,
      timeout_seconds: 3600,
      backends: database.membersInWriterOrder.map((n) => ({ name: n.hostname, address: n.address })),
    });
    database.allowLoadBalancers(this.nodes);
  }

  /**
   * Puts an HTTP API behind the VIP, balanced over every node of `backends`, with an HTTP
   * health check.
   */
  public exposeService(service: ExposedService): void {
    const backendPort = service.backendPort ?? service.port;
    this.addFrontend(service.name, {
      port: service.port,
      backend_port: backendPort,
      mode: 'http',
      check: 'http',
      check_path: service.checkPath ?? '/',
      single_writer: false,
      timeout_seconds: 60,
      backends: service.backends.nodes.map((n) => ({ name: n.hostname, address: n.address })),
    });
    const port = { name: service.name, protocol: PORTS.keystone.protocol, port: backendPort, description: `${service.name} API` };
    service.backends.allowFrom(port, this.nodes.asTrafficSource());
    for (const cidr of this.props.clientCidrs ?? ['0.0.0.0/0']) {
      this.nodes.allowFrom({ ...port, port: service.port }, { label: cidr === '0.0.0.0/0' ? 'anywhere' : cidr, cidr });
    }
  }

  private addFrontend(name: string, spec: FrontendSpec): void {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) fail(this, { code: 'HA1507', prop: 'name', value: name, message: 'a front-end name must be lower-case letters, digits and underscores' });
    const clash = [...this.frontends.entries()].find(([n, f]) => n === name || f.port === spec.port);
    if (clash) {
      fail(this, {
        code: 'HA1507',
        prop: 'name',
        value: name,
        message: `front end ${name} (port ${spec.port}) clashes with ${clash[0]} (port ${clash[1].port})`,
      });
    }
    this.frontends.set(name, spec);
  }

  /** The VRRP instance this VIP adds to a load balancer of the given position. */
  private vrrpInstance(position: number): VrrpInstanceSpec {
    return {
      vip: this.address,
      prefix_length: this.nodes.network.addresses.network.prefix,
      virtual_router_id: this.virtualRouterId,
      priority: Math.max(1, 150 - 10 * position),
      advert_interval: this.props.advertInterval ?? 1,
      vrrp_version: this.props.vrrpVersion ?? 3,
      nopreempt: this.props.nopreempt ?? true,
    };
  }

  /**
   * The first VIP of a group sets the group's keepalived and HAProxy data, computed at render
   * time from every VIP on the group (a public and an internal VIP share the load balancers).
   */
  private configureLoadBalancers(): void {
    const group = this.nodes;
    const vips = VIPS_OF_GROUP.get(group);
    if (vips) {
      vips.push(this);
      return;
    }
    const all: HaApiVip[] = [this];
    VIPS_OF_GROUP.set(group, all);
    group.addProfile(Profile.HAPROXY);
    group.addProfile(Profile.KEEPALIVED);
    group.setHiera(KEEPALIVED_KEYS.interface, this.props.interfaceName ?? DEFAULT_INTERFACE_NAME);
    group.setHiera(HAPROXY_KEYS.statsPort, PORTS.haproxyStats.port!);
    group.setLazyHiera(HAPROXY_KEYS.vips, () => all.map((v) => v.address));
    group.setLazyHiera(HAPROXY_KEYS.frontends, () => {
      const merged: { [name: string]: FrontendSpec } = {};
      for (const vip of all) for (const [name, spec] of vip.frontends) merged[name] = spec;
      return merged;
    });
    group.nodes.forEach((node, position) => {
      node.setHiera(KEEPALIVED_KEYS.nodeAddress, node.address);
      node.setHiera(HAPROXY_KEYS.nodeAddress, node.address);
      node.setHiera(KEEPALIVED_KEYS.peers, group.addresses.filter((a) => a !== node.address));
      node.setLazyHiera(KEEPALIVED_KEYS.instances, () => {
        const instances: { [name: string]: VrrpInstanceSpec } = {};
        for (const vip of all) instances[`vip_${vip.virtualRouterId}`] = vip.vrrpInstance(position);
        return instances;
      });
    });
  }
}
