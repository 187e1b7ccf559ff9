// A team's own variation of the medium blueprint, built from the same constructs: a larger
// subnet, sub-second VIP failover, HA routers and 200 computes. The README shows this file.
import {
  CephBackedCinder, CephBackedGlance, CephCluster, ComputePool, Construct, ControlPlaneNetwork, HaApiVip, HaMemcached,
  HaMysqlGalera, HaRabbitCluster, Keystone, Neutron, NodeGroup, NodeRole, Nova, NovaOnCeph, OpenStackStack, Placement,
} from '../../lib';

/** Builds the custom cloud. */
export function buildCustomCloud(scope: Construct, id = 'custom'): OpenStackStack {
  const stack = new OpenStackStack(scope, id, { cloud: 'underlay' });
  const net = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.40.0.0/20', externalNetwork: 'public' });
  const controllers = new NodeGroup(stack, 'Controllers', { network: net, count: 3, flavor: 'm1.xlarge', image: 'debian-12', addressOffset: 16 });
  const storage = new NodeGroup(stack, 'Storage', { network: net, count: 3, role: NodeRole.STORAGE, flavor: 'm1.large', image: 'debian-12', addressOffset: 48 });
  const computes = new ComputePool(stack, 'Computes', { network: net, count: 200, flavor: 'c1.8xlarge', image: 'debian-12', addressOffset: 256 });
  const database = new HaMysqlGalera(stack, 'Db', { nodes: controllers });
  const messaging = new HaRabbitCluster(stack, 'Mq', { nodes: controllers });
  const cache = new HaMemcached(stack, 'Cache', { nodes: controllers });
  const vip = new HaApiVip(stack, 'Vip', { nodes: controllers, address: '10.40.0.10', advertInterval: 0.2 });
  const keystone = new Keystone(stack, 'Keystone', { nodes: controllers, database, messaging, vip, cache });
  const ctx = { database, messaging, cache, vip, keystone };
  const ceph = new CephCluster(stack, 'Ceph', { monitors: controllers, osds: storage });
  new Placement(stack, 'Placement', { nodes: controllers, ...ctx });
  new CephBackedGlance(stack, 'Glance', { nodes: controllers, ceph, ...ctx });
  const nova = new Nova(stack, 'Nova', { nodes: controllers, computes, ...ctx });
  new Neutron(stack, 'Neutron', { nodes: controllers, computes, l3Ha: true, ...ctx });
  const cinder = new CephBackedCinder(stack, 'Cinder', { nodes: controllers, ceph, ...ctx });
  new NovaOnCeph(stack, 'NovaOnCeph', { nova, ceph, cinder });
  return stack;
}
