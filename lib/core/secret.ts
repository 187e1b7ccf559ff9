import { createHash } from 'node:crypto';
import { Token } from './cdk';

/** The shape of a secret's value, so that offline checks get a fake value of the same shape. */
export enum SecretFormat {
  /** Letters and digits (passwords, cookies). */
  TEXT = 'text',
  /** A Fernet key: 32 bytes in URL-safe base64 (44 characters). */
  FERNET_KEY = 'fernet-key',
  /** A Ceph (cephx) key: 40 characters of base64 starting with the key header. */
  CEPHX_KEY = 'cephx-key',
}

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
  public static fromToken(name: string, token: string, format: SecretFormat = SecretFormat.TEXT): Secret {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new Error(`Secret name ${JSON.stringify(name)} must be lower-case letters, digits and hyphens`);
    }
    if (!Token.isUnresolved(token)) {
      throw new Error(
        `Secret ${name} was given a literal value; secrets must come from Terraform ` +
          '(a random_password, a sensitive variable) so they never appear in the synthesized output',
      );
    }
    return new Secret(name, token, format);
  }

  /** The stable name of the secret. */
  public readonly name: string;
  /** The cdktf token that resolves to the secret at apply time. */
  public readonly token: string;
  /** The shape of the value. */
  public readonly format: SecretFormat;

  private constructor(name: string, token: string, format: SecretFormat) {
    this.name = name;
    this.token = token;
    this.format = format;
  }

  /**
   * The marker that stands for this secret inside a rendered document until the document
   * is turned into a Terraform string. It contains no `${` or `%{` and survives YAML quoting.
   */
  public get placeholder(): string {
    return `@@openstack-ha-secret:${this.name}@@`;
  }

  /**
   * A deterministic fake value used by offline checks in place of the real secret, of the
   * same shape as the real one (so typed Puppet parameters accept it) and derived from the
   * name: 24 alphanumeric characters for text, a well-formed Fernet or cephx key otherwise.
   */
  public get testValue(): string {
    const digest = createHash('sha256').update(this.name).digest();
    switch (this.format) {
      case SecretFormat.FERNET_KEY:
        return digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
      case SecretFormat.CEPHX_KEY:
        return `AQAAAAAAAAAAABAA${digest.subarray(0, 16).toString('base64')}`;
      default:
        return `test${digest.toString('hex').slice(0, 20)}`;
    }
  }
}
