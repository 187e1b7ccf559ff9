import { Construct, ControlPlaneNetwork, NodeGroup, OpenStackStack } from '../../lib';

/**
 * Builds the first-cluster stack: a control-plane network with a router to the `public`
 * network, an anti-affinity server group and three controllers with fixed-IP ports.
 */
export function buildFirstCluster(scope: Construct, id = 'first-cluster'): OpenStackStack {
  const stack = new OpenStackStack(scope, id, { cloud: 'underlay' });

  const network = new ControlPlaneNetwork(stack, 'Net', {
    cidr: '10.20.0.0/24',
    externalNetwork: 'public',
  });

  new NodeGroup(stack, 'Controllers', {
    network,
    count: 3,
    flavor: 'm1.xlarge',
    image: 'debian-12',
    hostnamePrefix: 'controller',
    addressOffset: 16,
  });

  return stack;
}
