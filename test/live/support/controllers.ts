/**
 * The three controllers of the live tests: one catalog per controller with both cluster
 * profiles (`galera` and `rabbitmq`), compiled with the real Puppet modules from hiera as the
 * constructs write it. Each service has a network of its own (the Galera members and the
 * brokers are in separate namespaces, so cutting a broker off leaves the database alone): the
 * Galera keys get the controller's database address, the RabbitMQ keys and the host entries
 * (through which the brokers find one another) its messaging address.
 */
import { ClusterNode, compileClusterNode } from '../../real/support/cluster-node';
import { PuppetCatalog } from '../../real/support/puppet';
import { galeraHiera } from './galera';
import { rabbitHiera } from './rabbitmq';

export async function compileControllers(database: readonly ClusterNode[], messaging: readonly ClusterNode[]): Promise<PuppetCatalog[]> {
  return Promise.all(
    database.map(async (node, i) => {
      const galera = galeraHiera(node, database);
      const rabbit = rabbitHiera(messaging[i], messaging);
      const { compiled } = await compileClusterNode({
        node,
        role: 'controller',
        profiles: ['galera', 'rabbitmq'],
        hosts: messaging,
        nodeData: [...galera.nodeData, ...rabbit.nodeData],
        secrets: [...galera.secrets, ...rabbit.secrets],
      });
      if (compiled.warnings.length > 0) console.log(`${node.hostname}: Puppet warnings:\n${compiled.warnings.join('\n')}`);
      return compiled.catalog;
    }),
  );
}
