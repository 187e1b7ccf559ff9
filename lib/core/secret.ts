import { createHash } from 'node:crypto';
import { Token } from './cdk';

/**
 * A secret known only when Terraform applies the stack: a password, a cookie, a key.
 *
 * The library never sees a secret's value. It holds a Terraform expression (a cdktf token,
 * for example the `result` of a `random_password`, or a sensitive variable) and places it in
 * the user-data as an interpolation, so the value appears nowhere in the synthesized output.
 *
 * For offline checks (cloud-init schema, Puppet compile) every secret also has a
 * deterministic, obviously fake {@link Secret.testValue}.
 */
export class Secret {
  /**
   * Wraps a Terraform expression as a secret.
   *
   * @param name - a stable, readable name, unique in the stack (`galera-root-password`)
   * @param token - a cdktf token string that resolves to the secret (`password.result`,
   *   `variable.stringValue`); a literal string is refused, as it would put the secret in
   *   plain text into the output
   */
  public static fromToken(name: string, token: string): Secret {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new Error(`Secret name ${JSON.stringify(name)} must be lower-case letters, digits and hyphens`);
    }
    if (!Token.isUnresolved(token)) {
      throw new Error(
        `Secret ${name} was given a literal value; secrets must come from Terraform ` +
          '(a random_password, a sensitive variable) so they never appear in the synthesized output',
      );
    }
    return new Secret(name, token);
  }

  /** The stable name of the secret. */
  public readonly name: string;
  /** The cdktf token that resolves to the secret at apply time. */
  public readonly token: string;

  private constructor(name: string, token: string) {
    this.name = name;
    this.token = token;
  }

  /**
   * The marker that stands for this secret inside a rendered document until the document
   * is turned into a Terraform string. It contains no `${` or `%{` and survives YAML quoting.
   */
  public get placeholder(): string {
    return `@@openstack-ha-secret:${this.name}@@`;
  }

  /**
   * A deterministic fake value used by offline checks in place of the real secret:
   * 24 alphanumeric characters derived from the name.
   */
  public get testValue(): string {
    return `test${createHash('sha256').update(this.name).digest('hex').slice(0, 20)}`;
  }
}
