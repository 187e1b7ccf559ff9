import { Construct } from '../core/cdk';
import { Secret } from '../core/secret';
import { RandomSecrets } from '../providers/random-secrets';

/**
 * Keystone's Fernet token keys and credential keys, generated once at apply time and
 * identical on every Keystone node (a token issued by one node must validate on all).
 *
 * Key 0 is the staged key and key 1 the primary, as `keystone-manage fernet_setup` lays them
 * out.
 */
export class FernetKeys extends Construct {
  /** Token key 0 (staged). */
  public readonly fernet0: Secret;
  /** Token key 1 (primary). */
  public readonly fernet1: Secret;
  /** Credential key 0 (staged). */
  public readonly credential0: Secret;
  /** Credential key 1 (primary). */
  public readonly credential1: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const prefix = `${scope.node.id.toLowerCase()}-${id.toLowerCase()}`;
    this.fernet0 = RandomSecrets.fernetKey(this, 'Fernet0', `${prefix}-fernet-0`);
    this.fernet1 = RandomSecrets.fernetKey(this, 'Fernet1', `${prefix}-fernet-1`);
    this.credential0 = RandomSecrets.fernetKey(this, 'Credential0', `${prefix}-credential-0`);
    this.credential1 = RandomSecrets.fernetKey(this, 'Credential1', `${prefix}-credential-1`);
  }
}
