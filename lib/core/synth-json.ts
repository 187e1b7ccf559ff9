import { FRAMEWORK_PACKAGE, TerraformStack } from './cdk';

/** A synthesized Terraform JSON document. */
export type TerraformJson = { [key: string]: any };

const synthesizer: { invokeAspects: (root: unknown) => void } = require(`${FRAMEWORK_PACKAGE}/lib/synthesize/synthesizer`);

/**
 * Synthesizes one stack to plain Terraform JSON, in memory, in linear time.
 *
 * It runs what `app.synth()` runs before writing (aspects, then the constructs'
 * validations, unless turned off), then `stack.toTerraform()`, drops cdktf's `//` metadata
 * and sorts every object's keys, so the result is deterministic. Unlike cdktf's
 * `Testing.synth`, whose metadata removal is quadratic in the number of resources of a type,
 * it stays fast on stacks with thousands of resources.
 *
 * @param stack - the stack to synthesize
 * @param options - `validations: false` skips the constructs' `node.addValidation` checks
 */
export function synthesizeToJson(stack: TerraformStack, options: { validations?: boolean } = {}): TerraformJson {
  synthesizer.invokeAspects(stack);
  if (options.validations !== false) {
    const errors = stack.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
    if (errors.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
  }
  return stripMetadataAndSort(stack.toTerraform()) as TerraformJson;
}

/** Renders Terraform JSON the way the library's snapshots store it: sorted keys, two-space indent, final newline. */
export function stringifyTerraformJson(json: TerraformJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Returns a deep copy with every `//` key removed and every object's keys sorted. */
export function stripMetadataAndSort(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadataAndSort);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(value as object).sort()) {
    if (key === '//') continue;
    out[key] = stripMetadataAndSort((value as { [key: string]: unknown })[key]);
  }
  return out;
}

