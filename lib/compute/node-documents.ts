import { IConstruct } from '../core/cdk';
import { ComputePool } from './compute-pool';
import { NodeDocuments, ServerNode } from './server-node';

/**
 * Renders the documents of every node under a scope (usually a stack), in construct order:
 * the user-data each node boots with (secrets replaced by test values), its facts and its
 * hiera files. A homogeneous pool is represented by its first member, as every member boots
 * from the same document. This is what the offline checks feed to cloud-init and Puppet.
 */
export function collectNodeDocuments(scope: IConstruct): NodeDocuments[] {
  return scope.node
    .findAll()
    .filter((c): c is ServerNode | ComputePool => c instanceof ServerNode || c instanceof ComputePool)
    .map((n) => n.renderDocuments());
}
