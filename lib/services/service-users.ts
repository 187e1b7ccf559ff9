import { Construct, IConstruct, TerraformStack } from '../core/cdk';
import { Secret } from '../core/secret';
import { RandomSecrets } from '../providers/random-secrets';

/**
 * The Keystone service users of a deployment (`nova`, `neutron`, `placement` ...) and their
 * passwords, generated once per stack.
 *
 * Services call each other's APIs with these users (Nova calls Neutron and Placement,
 * Neutron notifies Nova), so a service looks a password up here by user name instead of
 * holding a reference to the other service, which would make the two depend on each other.
 */
export class ServiceUsers extends Construct {
  /** The service users of the stack that holds `scope`, created on first use. */
  public static of(scope: IConstruct): ServiceUsers {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild('ServiceUsers');
    return (existing as ServiceUsers | undefined) ?? new ServiceUsers(stack, 'ServiceUsers');
  }

  private readonly passwords = new Map<string, Secret>();

  /** The password of a service user, generated on first use. */
  public passwordOf(user: string): Secret {
    let secret = this.passwords.get(user);
    if (!secret) {
      secret = RandomSecrets.password(this, `Password-${user}`, `service-${user}-password`);
      this.passwords.set(user, secret);
    }
    return secret;
  }

  /** A secret shared by two services (the metadata proxy secret of Nova and Neutron), generated on first use. */
  public sharedSecret(name: string): Secret {
    return this.passwordOf(`shared-${name}`);
  }
}
