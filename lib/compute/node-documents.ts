import { IConstruct } from '../core/cdk';
import { NodeDocuments, ServerNode } from './server-node';

/**
 * Renders the documents of every node under a scope (usually a stack), in construct order:
 * the user-data each node boots with (secrets replaced by test values), its facts and its
 * hiera files. This is what the offline checks feed to cloud-init and Puppet.
 */
export function collectNodeDocuments(scope: IConstruct): NodeDocuments[] {
  return scope.node
    .findAll()
    .filter((c): c is ServerNode => c instanceof ServerNode)
    .map((n) => n.renderDocuments());
}
