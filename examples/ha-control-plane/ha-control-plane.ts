import {
  Construct,
  ControlPlaneNetwork,
  HaApiVip,
  HaMemcached,
  HaMysqlGalera,
  HaRabbitCluster,
  Keystone,
  NodeGroup,
  OpenStackStack,
} from '../../lib';

/**
 * Builds the HA control-plane stack: three converged controllers carrying Galera, RabbitMQ,
 * memcached, Keystone, and HAProxy with keepalived holding the API VIP.
 */
export function buildHaControlPlane(scope: Construct, id = 'ha-control-plane'): OpenStackStack {
  const stack = new OpenStackStack(scope, id, { cloud: 'underlay' });
  const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.20.0.0/24', externalNetwork: 'public' });
  const controllers = new NodeGroup(stack, 'Controllers', {
    network,
    count: 3,
    flavor: 'm1.xlarge',
    image: 'debian-12',
    hostnamePrefix: 'controller',
    addressOffset: 16,
    flavorVcpus: 8,
    flavorMemoryMb: 16384,
  });

  const database = new HaMysqlGalera(stack, 'Db', { nodes: controllers });
  const messaging = new HaRabbitCluster(stack, 'Mq', { nodes: controllers });
  const cache = new HaMemcached(stack, 'Cache', { nodes: controllers });
  const vip = new HaApiVip(stack, 'Vip', { nodes: controllers, address: '10.20.0.10' });
  new Keystone(stack, 'Keystone', { nodes: controllers, database, messaging, vip, cache });
  return stack;
}
