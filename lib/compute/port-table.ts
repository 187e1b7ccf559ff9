/**
 * The one table of network openings of the control plane.
 *
 * Every security-group rule the library emits, and every port a rendered configuration
 * listens on, comes from here, so a firewall and a daemon can never disagree.
 *
 * @module
 */

/** An IP protocol a rule opens. */
export enum IpProtocol {
  /** TCP. */
  TCP = 'tcp',
  /** UDP. */
  UDP = 'udp',
  /** VRRP (IP protocol 112), used by keepalived between load balancers. */
  VRRP = '112',
}

/** One opening of the port table. */
export interface ServicePort {
  /** A stable name, used in rule descriptions. */
  readonly name: string;
  /** The protocol. */
  readonly protocol: IpProtocol;
  /** The port, for TCP and UDP (the first of a range). */
  readonly port?: number;
  /** The last port of a range. @default - the same as `port` */
  readonly portEnd?: number;
  /** What the opening is for. */
  readonly description: string;
}

function tcp(name: string, port: number, description: string): ServicePort {
  return { name, protocol: IpProtocol.TCP, port, description };
}

/** The ports of the control plane. */
export const PORTS = {
  /** SSH, for operators. */
  ssh: tcp('ssh', 22, 'SSH for operators'),
  /** MariaDB client connections. */
  mysql: tcp('mysql', 3306, 'MariaDB clients'),
  /** Galera group communication. */
  galeraReplication: tcp('galera-replication', 4567, 'Galera group communication'),
  /** Galera incremental state transfer. */
  galeraIst: tcp('galera-ist', 4568, 'Galera incremental state transfer'),
  /** Galera snapshot state transfer (mariabackup). */
  galeraSst: tcp('galera-sst', 4444, 'Galera snapshot state transfer'),
  /** The Galera health check HAProxy polls (clustercheck). */
  galeraCheck: tcp('galera-check', 9200, 'Galera health check for HAProxy'),
  /** AMQP clients of RabbitMQ. */
  amqp: tcp('amqp', 5672, 'RabbitMQ AMQP clients'),
  /** Erlang distribution between RabbitMQ nodes. */
  rabbitDistribution: tcp('rabbitmq-dist', 25672, 'RabbitMQ inter-node traffic'),
  /** The Erlang port mapper. */
  epmd: tcp('epmd', 4369, 'Erlang port mapper'),
  /** The RabbitMQ management API. */
  rabbitManagement: tcp('rabbitmq-management', 15672, 'RabbitMQ management API'),
  /** memcached. */
  memcached: tcp('memcached', 11211, 'memcached'),
  /** VRRP between keepalived peers. */
  vrrp: { name: 'vrrp', protocol: IpProtocol.VRRP, description: 'VRRP between keepalived peers' } as ServicePort,
  /** Keystone public API. */
  keystone: tcp('keystone', 5000, 'Keystone API'),
  /** Glance API. */
  glance: tcp('glance', 9292, 'Glance API'),
  /** Nova compute API. */
  novaApi: tcp('nova-api', 8774, 'Nova API'),
  /** Nova metadata API. */
  novaMetadata: tcp('nova-metadata', 8775, 'Nova metadata API'),
  /** Placement API. */
  placement: tcp('placement', 8778, 'Placement API'),
  /** Neutron API. */
  neutron: tcp('neutron', 9696, 'Neutron API'),
  /** Cinder API. */
  cinder: tcp('cinder', 8776, 'Cinder API'),
  /** noVNC console proxy. */
  novnc: tcp('novnc', 6080, 'noVNC console proxy'),
  /** The instances' VNC servers on a compute (libvirt numbers them up from 5900), for the console proxies. */
  vncConsoles: { ...tcp('vnc', 5900, 'instance VNC consoles'), portEnd: 6923 } as ServicePort,
  /** Ceph monitors (msgr2). */
  cephMon: tcp('ceph-mon', 3300, 'Ceph monitor'),
  /** Ceph monitors (legacy msgr1). */
  cephMonLegacy: tcp('ceph-mon-v1', 6789, 'Ceph monitor (v1)'),
  /** Ceph OSDs and managers. */
  cephOsd: { ...tcp('ceph-osd', 6800, 'Ceph OSDs and managers'), portEnd: 7300 } as ServicePort,
  /** HAProxy statistics page. */
  haproxyStats: tcp('haproxy-stats', 1984, 'HAProxy statistics'),
} as const;
