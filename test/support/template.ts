import { expect } from 'vitest';
import { TerraformStack } from '../../lib/core/cdk';
import { stringifyTerraformJson, synthesizeToJson, TerraformJson } from '../../lib/core/synth-json';
import { assertValidAgainstProviderSchema } from '../../lib/providers/schema-validator';

/** Options of {@link Template.fromStack}. */
export interface TemplateOptions {
  /** Check every openstack_* block against the provider schema. @default true */
  readonly schema?: boolean;
  /** Run the constructs' `node.addValidation` checks. @default true */
  readonly validations?: boolean;
}

/**
 * A synthesized stack, with assertions in the style of aws-cdk's `Template`.
 *
 * Built without `Testing.synth` (quadratic on big stacks); every template is checked against
 * the OpenStack provider schema unless told otherwise.
 */
export class Template {
  /** Synthesizes a stack (aspects, validations, schema check) and wraps the JSON. */
  public static fromStack(stack: TerraformStack, options: TemplateOptions = {}): Template {
    const json = synthesizeToJson(stack, { validations: options.validations });
    if (options.schema !== false) assertValidAgainstProviderSchema(json);
    return new Template(json);
  }

  private constructor(public readonly json: TerraformJson) {}

  /** The JSON text as the snapshots store it. */
  public toJSON(): string {
    return stringifyTerraformJson(this.json);
  }

  /** Every resource of a type, by logical id. */
  public resources(type: string): { [name: string]: any } {
    return this.json.resource?.[type] ?? {};
  }

  /** Every data source of a type, by logical id. */
  public dataSources(type: string): { [name: string]: any } {
    return this.json.data?.[type] ?? {};
  }

  /** Asserts the number of resources of a type. */
  public resourceCountIs(type: string, count: number): void {
    expect(Object.keys(this.resources(type)), `number of ${type}`).toHaveLength(count);
  }

  /** Asserts that at least one resource of the type contains the given properties (deep subset match). */
  public hasResourceProperties(type: string, properties: object): void {
    const all = Object.values(this.resources(type));
    const matching = all.filter((r) => isSubset(properties, r));
    if (matching.length === 0) {
      expect.fail(
        `no ${type} among ${all.length} matches ${JSON.stringify(properties)}; ` +
          `first one is ${JSON.stringify(all[0] ?? null).slice(0, 600)}`,
      );
    }
  }

  /** Asserts that every resource of the type contains the given properties. */
  public allResourcesHaveProperties(type: string, properties: object): void {
    const all = Object.entries(this.resources(type));
    expect(all.length, `number of ${type}`).toBeGreaterThan(0);
    for (const [name, r] of all) {
      if (!isSubset(properties, r)) expect.fail(`${type}.${name} does not match ${JSON.stringify(properties)}`);
    }
  }
}

/** True when every key of `subset` is in `value` with a matching value (arrays match element by element). */
export function isSubset(subset: unknown, value: unknown): boolean {
  if (Array.isArray(subset)) {
    return Array.isArray(value) && subset.length === value.length && subset.every((s, i) => isSubset(s, value[i]));
  }
  if (subset !== null && typeof subset === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(subset).every(([k, v]) => isSubset(v, (value as { [key: string]: unknown })[k]));
  }
  return Object.is(subset, value);
}
