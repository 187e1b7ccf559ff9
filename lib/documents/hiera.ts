import { yamlLibrary } from './yaml-library';
import { Secret } from '../core/secret';
import { fail } from '../core/errors';

/** A value hiera can hold: YAML scalars, lists and maps. */
export type HieraValue =
  | string
  | number
  | boolean
  | readonly HieraValue[]
  | { readonly [key: string]: HieraValue | undefined };

/**
 * A hiera key bound to the Puppet class parameter it sets, and to the TypeScript type of
 * its value.
 *
 * Keys are declared once, in {@link HIERA_KEYS}, so a construct can only write a key that
 * exists, with a value of the right type. The Puppet class declares the same parameter with
 * a Puppet type, and the real-tool checks compile every node's catalog to prove both agree.
 */
export class HieraKey<T extends HieraValue> {
  /** The full hiera key, `class::param`. */
  public readonly name: string;
  /** The Puppet class the key belongs to. */
  public readonly className: string;
  /** The class parameter the key sets. */
  public readonly param: string;
  /** Marks the value type for the compiler; never set at run time. */
  public readonly _valueType?: T;

  constructor(className: string, param: string) {
    this.className = className;
    this.param = param;
    this.name = `${className}::${param}`;
  }
}

/** Declares a hiera key for a class parameter. */
export function hieraKey<T extends HieraValue>(className: string, param: string): HieraKey<T> {
  return new HieraKey<T>(className, param);
}

/**
 * One hiera data file being assembled: plain values, and secrets kept apart so they are only
 * ever written to the 0600 `secrets.yaml` as Terraform interpolations.
 */
export class HieraData {
  private readonly values = new Map<string, HieraValue>();
  private readonly producers = new Map<string, () => HieraValue>();
  private readonly secretValues = new Map<string, Secret | { readonly [name: string]: Secret }>();

  /** A readable name for error messages (`common`, a node's FQDN). */
  public readonly label: string;

  constructor(label: string) {
    this.label = label;
  }

  /**
   * Sets a key. Setting the same key twice with an equal value is allowed (two constructs may
   * agree); with a different value it is an error, as one of them would silently lose.
   */
  public set<T extends HieraValue>(key: HieraKey<T>, value: T): this {
    this.assertFree(key.name, value);
    this.values.set(key.name, value);
    return this;
  }

  /** Sets a key whose value is a secret; it goes to `secrets.yaml`, never to this file. */
  public setSecret(key: HieraKey<string>, secret: Secret): this {
    return this.bindSecret(key.name, secret, secret.name);
  }

  /**
   * Sets a key whose value is a hash of secrets (a password per database user, for example);
   * like {@link setSecret}, it goes to `secrets.yaml` only.
   */
  public setSecretMap(key: HieraKey<{ [name: string]: string }>, secrets: { readonly [name: string]: Secret }): this {
    // Kept by reference: the owner may add entries until the file is rendered.
    return this.bindSecret(key.name, secrets, Object.values(secrets).map((s) => s.name).join(', '));
  }

  private bindSecret(name: string, value: Secret | { readonly [name: string]: Secret }, describe: string): this {
    const existing = this.secretValues.get(name);
    if (existing !== undefined && JSON.stringify(secretNames(existing)) !== JSON.stringify(secretNames(value))) {
      fail(this.label, {
        code: 'HA1250',
        prop: name,
        value: describe,
        message: `hiera key ${name} is already bound to other secrets (${secretNames(existing).join(', ')})`,
      });
    }
    if (this.values.has(name)) this.assertFree(name, describe);
    this.secretValues.set(name, value);
    return this;
  }

  /**
   * Sets a key whose value is computed when the file is rendered, after every construct has
   * contributed (the front ends of a load balancer, for example).
   */
  public setLazy<T extends HieraValue>(key: HieraKey<T>, produce: () => T): this {
    if (this.producers.has(key.name) || this.values.has(key.name) || this.secretValues.has(key.name)) {
      fail(this.label, { code: 'HA1250', prop: key.name, value: '(computed)', message: `hiera key ${key.name} is already set` });
    }
    this.producers.set(key.name, produce);
    return this;
  }

  /** The value of a key, if set. */
  public get<T extends HieraValue>(key: HieraKey<T>): T | undefined {
    const produce = this.producers.get(key.name);
    return (produce ? produce() : this.values.get(key.name)) as T | undefined;
  }

  /** True when the key has a plain or secret value. */
  public has(key: HieraKey<HieraValue>): boolean {
    return this.values.has(key.name) || this.producers.has(key.name) || this.secretValues.has(key.name);
  }

  /** The plain values, sorted by key. */
  public get entries(): [string, HieraValue][] {
    const all: [string, HieraValue][] = [...this.values.entries()];
    for (const [k, produce] of this.producers) all.push([k, produce()]);
    return all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The secret values (a secret, or a hash of secrets), sorted by key. */
  public get secrets(): [string, Secret | { readonly [name: string]: Secret }][] {
    return [...this.secretValues.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Renders the plain values as a hiera YAML file (sorted keys, `---` header).
   *
   * @param extra - further values written into the same file (a node's role, for example)
   */
  public toYaml(extra: { readonly [key: string]: HieraValue } = {}): string {
    const doc: { [key: string]: HieraValue } = {};
    for (const [k, v] of this.entries) doc[k] = v;
    for (const [k, v] of Object.entries(extra)) {
      this.assertFree(k, v);
      doc[k] = v;
    }
    return `---\n${yamlLibrary().stringify(doc, { sortMapEntries: true, lineWidth: 0, version: '1.1' })}`;
  }

  private assertFree(name: string, value: unknown): void {
    if (this.secretValues.has(name)) {
      fail(this.label, { code: 'HA1250', prop: name, value, message: `hiera key ${name} already holds a secret` });
    }
    if (this.producers.has(name)) {
      fail(this.label, { code: 'HA1250', prop: name, value, message: `hiera key ${name} is computed by another construct` });
    }
    if (this.values.has(name) && !sameValue(this.values.get(name), value)) {
      fail(this.label, {
        code: 'HA1250',
        prop: name,
        value,
        message: `hiera key ${name} is already set to ${JSON.stringify(this.values.get(name))} by another construct`,
      });
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function secretNames(value: Secret | { readonly [name: string]: Secret }): string[] {
  if (value instanceof Secret) return [value.name];
  return Object.entries(value)
    .map(([k, v]) => `${k}=${v.name}`)
    .sort();
}
