/**
 * Checks synthesized Terraform JSON against the committed OpenStack provider schema.
 *
 * The generated bindings only type-check what TypeScript can see. Escape hatches
 * (`addOverride`), hand-written JSON, tokens and schema rules that TypeScript cannot
 * express (conflicting arguments, allowed values, ranges, block counts) slip through to
 * `terraform plan`. This module finds those mistakes at synth time, offline, from the
 * schema file committed next to the bindings.
 *
 * Only `openstack_*` resources and data sources are checked. Everything else in the
 * document (other providers, `terraform`, `provider`, `locals`, `variable`, `output`) is
 * left alone.
 *
 * Terraform expressions are never reported: a string holding `${...}` (or a `%{...}`
 * template directive) may evaluate to any type, or to null, so it satisfies type checks
 * and "must be set" rules, skips value checks, and never triggers "must not be set
 * together" rules.
 *
 * @module
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from '../core/cdk';

/** The class of mistake a {@link SchemaViolation} reports. */
export type SchemaViolationKind =
  | 'unknown-type'
  | 'unknown-attribute'
  | 'missing-required'
  | 'computed-only'
  | 'wrong-type'
  | 'block-shape'
  | 'block-count'
  | 'conflict'
  | 'exactly-one-of'
  | 'required-with'
  | 'not-one-of'
  | 'out-of-range';

/** One place where the Terraform JSON disagrees with the provider schema. */
export interface SchemaViolation {
  /**
   * The class of mistake:
   * - `unknown-type`: the resource or data source type does not exist in the provider;
   * - `unknown-attribute`: an argument or block the type does not have;
   * - `missing-required`: a required argument or block (or one of an "at least one of" group) is absent;
   * - `computed-only`: an attribute the provider sets itself was given a value;
   * - `wrong-type`: a literal that Terraform cannot convert to the attribute's type;
   * - `block-shape`: a block given as something other than an object / array of objects;
   * - `block-count`: fewer or more blocks than the schema's `min_items` / `max_items`;
   * - `conflict`: two arguments that must not be set together are both set;
   * - `exactly-one-of`: none, or several, of a group that needs exactly one are set;
   * - `required-with`: an argument is set without the arguments it needs;
   * - `not-one-of`: a literal outside the attribute's allowed values;
   * - `out-of-range`: a number outside the allowed range, or a list with too few or too many items.
   */
  readonly kind: SchemaViolationKind;
  /** The Terraform address, for example `openstack_compute_instance_v2.ctl0` or `data.openstack_images_image_v2.debian`. */
  readonly address: string;
  /** The attribute path inside the resource, for example `network[0].port`; empty for the resource itself. */
  readonly path: string;
  /** A sentence saying what is wrong and what the schema expects. */
  readonly message: string;
}

/** Options of {@link validateAgainstProviderSchema} and {@link assertValidAgainstProviderSchema}. */
export interface SchemaValidationOptions {
  /**
   * A provider schema in the shape of `terraform providers schema -json` to check against.
   * Defaults to the committed OpenStack schema ({@link loadOpenStackSchema}).
   */
  readonly schema?: object;
}

/** The npm name of this package, used to find the package root from the running file. */
const PACKAGE_NAME = 'openstack-ha-cdktf';

/** Where the committed schema lives, relative to the package root. */
const SCHEMA_RELATIVE_PATH = path.join('lib', 'providers', 'schema', 'openstack-provider-schema-v3.4.0.json');

/** The prefix of every type the OpenStack provider owns. */
const OPENSTACK_TYPE_PREFIX = 'openstack_';

/** Meta-arguments Terraform accepts on every managed resource, plus the cdktf metadata key. */
const RESOURCE_META_ARGUMENTS: ReadonlySet<string> = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
  '//',
]);

/** Meta-arguments Terraform accepts on every data source, plus the cdktf metadata key. */
const DATA_SOURCE_META_ARGUMENTS: ReadonlySet<string> = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  '//',
]);

/** The keys Terraform JSON accepts inside one entry of a `dynamic` block. */
const DYNAMIC_BLOCK_KEYS: ReadonlySet<string> = new Set(['for_each', 'iterator', 'labels', 'content']);

/** A decimal number as Terraform's string-to-number conversion accepts it. */
const NUMERIC_STRING = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// ---------------------------------------------------------------------------------------
// Schema file
// ---------------------------------------------------------------------------------------

let cachedOpenStackSchema: object | undefined;

/**
 * Reads the committed OpenStack provider schema (v3.4.0) and caches it.
 *
 * The file is found by walking up from this module's directory to the package root (the
 * directory whose `package.json` is named `openstack-ha-cdktf`), so it works from the
 * TypeScript sources and from the compiled `dist/` tree alike. The file is read on the
 * first call only, never at import time.
 *
 * @returns the parsed schema, in the shape of `terraform providers schema -json`.
 * @throws Error when the package root or the schema file cannot be found.
 */
export function loadOpenStackSchema(): object {
  if (cachedOpenStackSchema === undefined) {
    const schemaFile = path.join(findPackageRoot(__dirname), SCHEMA_RELATIVE_PATH);
    cachedOpenStackSchema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object;
  }
  return cachedOpenStackSchema;
}

/** Walks up from `start` to the directory holding this package's `package.json`. */
function findPackageRoot(start: string): string {
  let directory = path.resolve(start);
  for (;;) {
    const manifest = path.join(directory, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (parsed.name === PACKAGE_NAME) return directory;
      } catch {
        // An unreadable manifest belongs to some other package: keep walking.
      }
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${start}, so the provider schema cannot be loaded.`);
    }
    directory = parent;
  }
}

// ---------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------

/**
 * Checks every `openstack_*` resource and data source of a stack against the provider schema.
 *
 * @param stackOrJson a cdktf `TerraformStack` (synthesized with `toTerraform()`), or
 *   Terraform JSON as cdktf writes it (`{ resource: { type: { name: {...} } }, data: {...} }`).
 * @param options `schema` replaces the committed OpenStack schema.
 * @returns every violation found, in document order; empty when the stack is valid.
 */
export function validateAgainstProviderSchema(
  stackOrJson: TerraformStack | object,
  options: SchemaValidationOptions = {},
): SchemaViolation[] {
  const document = (TerraformStack.isStack(stackOrJson) ? stackOrJson.toTerraform() : stackOrJson) as Record<string, unknown>;
  const provider = compiledProviderFor(options.schema ?? loadOpenStackSchema());
  const violations: SchemaViolation[] = [];
  if (!isPlainObject(document)) return violations;
  checkSection(document.resource, provider.resources, '', RESOURCE_META_ARGUMENTS, violations);
  checkSection(document.data, provider.dataSources, 'data.', DATA_SOURCE_META_ARGUMENTS, violations);
  return violations;
}

/**
 * Like {@link validateAgainstProviderSchema}, but throws when anything is wrong.
 *
 * @param stackOrJson a cdktf `TerraformStack` or synthesized Terraform JSON.
 * @param options `schema` replaces the committed OpenStack schema.
 * @throws Error whose message lists every violation, one per line, as
 *   `address: path: message [kind]`.
 */
export function assertValidAgainstProviderSchema(
  stackOrJson: TerraformStack | object,
  options: SchemaValidationOptions = {},
): void {
  const violations = validateAgainstProviderSchema(stackOrJson, options);
  if (violations.length === 0) return;
  const lines = violations.map(
    (violation) =>
      `  ${violation.address}${violation.path === '' ? '' : `: ${violation.path}`}: ${violation.message} [${violation.kind}]`,
  );
  const noun = violations.length === 1 ? 'violation' : 'violations';
  throw new Error(`The Terraform JSON has ${violations.length} provider schema ${noun}:\n${lines.join('\n')}`);
}

// ---------------------------------------------------------------------------------------
// Compiled schema
// ---------------------------------------------------------------------------------------

/** A cty type, parsed once from its JSON form. */
type ValueType =
  | { readonly kind: 'string' | 'number' | 'bool' | 'dynamic' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: ValueType }
  | { readonly kind: 'object'; readonly attributes: ReadonlyMap<string, ValueType>; readonly optional: ReadonlySet<string> }
  | { readonly kind: 'tuple'; readonly elements: readonly ValueType[] };

/** Allowed literal values of a string attribute. */
interface AllowedValues {
  readonly values: readonly string[];
  readonly ignoreCase: boolean;
  /** The values as compared: lower-cased when `ignoreCase`. */
  readonly lookup: ReadonlySet<string>;
}

/** The cross-argument rules SDKv2 attaches to one attribute or block. */
interface Relations {
  readonly conflictsWith?: readonly string[];
  readonly exactlyOneOf?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly requiredWith?: readonly string[];
}

/** What one member (attribute or block type) of a block shares. */
interface MemberBase extends Relations {
  readonly name: string;
  /** True when the configuration may set it (required or optional). */
  readonly settable: boolean;
  readonly required: boolean;
  readonly hasRelations: boolean;
}

interface CompiledAttribute extends MemberBase {
  readonly member: 'attribute';
  readonly type: ValueType;
  readonly allowed?: AllowedValues;
  readonly elementAllowed?: AllowedValues;
  readonly min?: number;
  readonly max?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

interface CompiledBlockType extends MemberBase {
  readonly member: 'block';
  readonly nesting: string;
  readonly minItems: number;
  readonly maxItems?: number;
  readonly block: CompiledBlock;
}

interface CompiledBlock {
  readonly typeName: string;
  readonly attributes: ReadonlyMap<string, CompiledAttribute>;
  readonly blockTypes: ReadonlyMap<string, CompiledBlockType>;
  readonly requiredAttributes: readonly CompiledAttribute[];
  readonly requiredBlocks: readonly CompiledBlockType[];
  readonly relational: readonly (CompiledAttribute | CompiledBlockType)[];
}

/** The resource and data source schemas of one provider, compiled on first use of each type. */
class CompiledProvider {
  readonly resources: TypeTable;
  readonly dataSources: TypeTable;

  constructor(raw: RawProviderSchema) {
    this.resources = new TypeTable(raw.resource_schemas ?? {});
    this.dataSources = new TypeTable(raw.data_source_schemas ?? {});
  }
}

/** Looks a type up by name and compiles its schema the first time it is asked for. */
class TypeTable {
  private readonly compiled = new Map<string, CompiledBlock>();

  constructor(private readonly raw: Record<string, { block?: RawBlock }>) {}

  get(typeName: string): CompiledBlock | undefined {
    let block = this.compiled.get(typeName);
    if (block === undefined) {
      if (!Object.prototype.hasOwnProperty.call(this.raw, typeName)) return undefined;
      block = compileBlock(this.raw[typeName].block ?? {}, typeName);
      this.compiled.set(typeName, block);
    }
    return block;
  }

  /** The known type names, for "did you mean" hints. */
  names(): string[] {
    return Object.keys(this.raw);
  }
}

interface RawValidation {
  readonly one_of?: readonly unknown[];
  readonly ignore_case?: boolean;
  readonly min?: number;
  readonly max?: number;
}

interface RawRelations {
  readonly conflicts_with?: readonly string[];
  readonly exactly_one_of?: readonly string[];
  readonly at_least_one_of?: readonly string[];
  readonly required_with?: readonly string[];
}

interface RawAttribute extends RawRelations {
  readonly type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly validation?: RawValidation;
  readonly element_validation?: RawValidation;
  readonly min_items?: number;
  readonly max_items?: number;
}

interface RawBlockType extends RawRelations {
  readonly nesting_mode?: string;
  readonly block?: RawBlock;
  readonly min_items?: number;
  readonly max_items?: number;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
}

interface RawBlock {
  readonly attributes?: Record<string, RawAttribute>;
  readonly block_types?: Record<string, RawBlockType>;
}

interface RawProviderSchema {
  readonly resource_schemas?: Record<string, { block?: RawBlock }>;
  readonly data_source_schemas?: Record<string, { block?: RawBlock }>;
}

const compiledProviders = new WeakMap<object, CompiledProvider>();

/** Finds the OpenStack provider inside a `providers schema -json` document and compiles it lazily. */
function compiledProviderFor(schema: object): CompiledProvider {
  let compiled = compiledProviders.get(schema);
  if (compiled === undefined) {
    compiled = new CompiledProvider(pickProviderSchema(schema));
    compiledProviders.set(schema, compiled);
  }
  return compiled;
}

function pickProviderSchema(schema: object): RawProviderSchema {
  const providers = (schema as { provider_schemas?: Record<string, RawProviderSchema> }).provider_schemas;
  if (!isPlainObject(providers)) {
    throw new Error('The provider schema has no "provider_schemas" object; pass the output of `terraform providers schema -json`.');
  }
  const sources = Object.keys(providers);
  const openstack = sources.find((source) => source.endsWith('/openstack')) ?? (sources.length === 1 ? sources[0] : undefined);
  if (openstack === undefined) {
    throw new Error(`The provider schema has no OpenStack provider (found: ${sources.join(', ') || 'none'}).`);
  }
  return providers[openstack];
}

function compileBlock(raw: RawBlock, typeName: string): CompiledBlock {
  const attributes = new Map<string, CompiledAttribute>();
  const blockTypes = new Map<string, CompiledBlockType>();
  const requiredAttributes: CompiledAttribute[] = [];
  const requiredBlocks: CompiledBlockType[] = [];
  const relational: (CompiledAttribute | CompiledBlockType)[] = [];

  for (const [name, rawAttribute] of Object.entries(raw.attributes ?? {})) {
    const attribute = compileAttribute(name, rawAttribute);
    attributes.set(name, attribute);
    if (attribute.required) requiredAttributes.push(attribute);
    if (attribute.hasRelations) relational.push(attribute);
  }
  for (const [name, rawBlockType] of Object.entries(raw.block_types ?? {})) {
    const blockType = compileBlockType(name, rawBlockType, typeName);
    blockTypes.set(name, blockType);
    if (blockType.required) requiredBlocks.push(blockType);
    if (blockType.hasRelations) relational.push(blockType);
  }
  return { typeName, attributes, blockTypes, requiredAttributes, requiredBlocks, relational };
}

function compileRelations(raw: RawRelations): Relations & { hasRelations: boolean } {
  const nonEmpty = (list: readonly string[] | undefined) => (list !== undefined && list.length > 0 ? list : undefined);
  const relations = {
    conflictsWith: nonEmpty(raw.conflicts_with),
    exactlyOneOf: nonEmpty(raw.exactly_one_of),
    atLeastOneOf: nonEmpty(raw.at_least_one_of),
    requiredWith: nonEmpty(raw.required_with),
  };
  const hasRelations =
    relations.conflictsWith !== undefined ||
    relations.exactlyOneOf !== undefined ||
    relations.atLeastOneOf !== undefined ||
    relations.requiredWith !== undefined;
  return { ...relations, hasRelations };
}

function compileAttribute(name: string, raw: RawAttribute): CompiledAttribute {
  return {
    member: 'attribute',
    name,
    type: parseType(raw.type),
    settable: raw.required === true || raw.optional === true,
    required: raw.required === true,
    ...compileRelations(raw),
    allowed: compileAllowedValues(raw.validation),
    elementAllowed: compileAllowedValues(raw.element_validation),
    min: raw.validation?.min,
    max: raw.validation?.max,
    minItems: raw.min_items,
    maxItems: raw.max_items,
  };
}

function compileBlockType(name: string, raw: RawBlockType, typeName: string): CompiledBlockType {
  const minItems = raw.min_items ?? 0;
  const nesting = raw.nesting_mode ?? 'list';
  return {
    member: 'block',
    name,
    nesting,
    minItems,
    maxItems: nesting === 'single' || nesting === 'group' ? 1 : raw.max_items,
    settable: raw.required === true || raw.optional === true || raw.computed !== true,
    required: raw.required === true || minItems > 0,
    ...compileRelations(raw),
    block: compileBlock(raw.block ?? {}, typeName),
  };
}

function compileAllowedValues(raw: RawValidation | undefined): AllowedValues | undefined {
  if (raw?.one_of === undefined || raw.one_of.length === 0) return undefined;
  const ignoreCase = raw.ignore_case === true;
  const values = raw.one_of.map(String);
  return { values, ignoreCase, lookup: new Set(ignoreCase ? values.map((value) => value.toLowerCase()) : values) };
}

const PRIMITIVE_TYPES: Record<string, ValueType> = {
  string: { kind: 'string' },
  number: { kind: 'number' },
  bool: { kind: 'bool' },
  dynamic: { kind: 'dynamic' },
};

/** Parses the JSON form of a cty type; anything unrecognised is treated as "any type". */
function parseType(raw: unknown): ValueType {
  if (typeof raw === 'string') return PRIMITIVE_TYPES[raw] ?? PRIMITIVE_TYPES.dynamic;
  if (Array.isArray(raw)) {
    const [kind, argument, optionalNames] = raw as [unknown, unknown, unknown];
    if (kind === 'list' || kind === 'set' || kind === 'map') return { kind, element: parseType(argument) };
    if (kind === 'object' && isPlainObject(argument)) {
      const attributes = new Map<string, ValueType>();
      for (const [name, attributeType] of Object.entries(argument)) attributes.set(name, parseType(attributeType));
      const optional = new Set(Array.isArray(optionalNames) ? optionalNames.map(String) : []);
      return { kind: 'object', attributes, optional };
    }
    if (kind === 'tuple' && Array.isArray(argument)) return { kind: 'tuple', elements: argument.map(parseType) };
  }
  return PRIMITIVE_TYPES.dynamic;
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

/** Whether a value is, may be, or is not set. Expressions may evaluate to null: "unknown". */
enum Presence {
  Absent,
  Unknown,
  Present,
}

/** State shared while one resource or data source is checked. */
interface ResourceContext {
  readonly address: string;
  readonly root: Record<string, unknown>;
  readonly violations: SchemaViolation[];
  /** Rule groups already reported for this resource, so a pair declared on both sides is reported once. */
  reported?: Set<string>;
}

function checkSection(
  section: unknown,
  types: TypeTable,
  addressPrefix: string,
  metaArguments: ReadonlySet<string>,
  violations: SchemaViolation[],
): void {
  if (!isPlainObject(section)) return;
  for (const typeName in section) {
    if (!typeName.startsWith(OPENSTACK_TYPE_PREFIX)) continue;
    const instances = section[typeName];
    if (!isPlainObject(instances)) continue;
    const block = types.get(typeName);
    for (const name in instances) {
      const address = `${addressPrefix}${typeName}.${name}`;
      if (block === undefined) {
        const kindOfThing = addressPrefix === '' ? 'resource type' : 'data source';
        violations.push({
          kind: 'unknown-type',
          address,
          path: '',
          message: `"${typeName}" is not a ${kindOfThing} of the OpenStack provider schema.${didYouMean(typeName, types.names())}`,
        });
        continue;
      }
      const body = instances[name];
      if (!isPlainObject(body)) {
        violations.push({
          kind: 'block-shape',
          address,
          path: '',
          message: `The body of ${address} must be a JSON object, got ${describeJson(body)}.`,
        });
        continue;
      }
      checkBlockBody(body, block, '', { address, root: body, violations }, metaArguments);
    }
  }
}

/**
 * Checks one block body (the resource itself, or one nested block) against its schema.
 *
 * @param prefix the path of the body inside the resource, '' for the resource itself.
 * @param metaArguments the meta-arguments to skip; only given for the resource itself.
 */
function checkBlockBody(
  body: Record<string, unknown>,
  block: CompiledBlock,
  prefix: string,
  context: ResourceContext,
  metaArguments?: ReadonlySet<string>,
): void {
  let dynamicBlocks: Record<string, unknown> | undefined;
  let dynamicIsExpression = false;

  for (const key in body) {
    if (metaArguments?.has(key)) continue;
    const value = body[key];
    const attribute = block.attributes.get(key);
    if (attribute !== undefined) {
      checkAttribute(value, attribute, prefix, context);
      continue;
    }
    const blockType = block.blockTypes.get(key);
    if (blockType !== undefined) {
      checkBlockType(value, blockType, joinPath(prefix, key), context);
      continue;
    }
    if (key === 'dynamic') {
      if (isPlainObject(value)) {
        dynamicBlocks = value;
        checkDynamicBlocks(value, block, joinPath(prefix, key), context);
      } else if (isExpression(value)) {
        dynamicIsExpression = true;
      } else if (value !== null && value !== undefined) {
        report(context, 'block-shape', joinPath(prefix, key), `"dynamic" must be an object keyed by block name, got ${describeJson(value)}.`);
      }
      continue;
    }
    const known = [...block.attributes.keys(), ...block.blockTypes.keys()];
    report(
      context,
      'unknown-attribute',
      joinPath(prefix, key),
      `${block.typeName} has no argument or block named "${key}".${didYouMean(key, known)}`,
    );
  }

  for (const attribute of block.requiredAttributes) {
    if (presenceOf(body[attribute.name]) === Presence.Absent) {
      report(
        context,
        'missing-required',
        joinPath(prefix, attribute.name),
        `The argument "${attribute.name}" is required by ${block.typeName} but is not set (expected ${describeType(attribute.type)}).`,
      );
    }
  }
  for (const blockType of block.requiredBlocks) {
    if (body[blockType.name] !== undefined && body[blockType.name] !== null) continue; // counted in checkBlockType
    if (dynamicIsExpression || (dynamicBlocks !== undefined && dynamicBlocks[blockType.name] !== undefined)) continue;
    report(
      context,
      'missing-required',
      joinPath(prefix, blockType.name),
      `At least ${Math.max(blockType.minItems, 1)} "${blockType.name}" block is required by ${block.typeName}, but none is given.`,
    );
  }
  for (const member of block.relational) {
    checkRelations(body, member, prefix, context, dynamicBlocks, dynamicIsExpression);
  }
}

function checkAttribute(value: unknown, attribute: CompiledAttribute, prefix: string, context: ResourceContext): void {
  if (value === null || value === undefined) return;
  if (!attribute.settable) {
    report(
      context,
      'computed-only',
      joinPath(prefix, attribute.name),
      `"${attribute.name}" is computed by the provider and cannot be set in configuration; read it as an attribute instead.`,
    );
    return;
  }
  if (isExpression(value)) return;
  const attributePath = joinPath(prefix, attribute.name);
  if (!checkValueType(value, attribute.type, attributePath, context)) return;

  if (attribute.allowed !== undefined && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    checkAllowed(String(value), attribute.allowed, attribute.name, attributePath, context);
  }
  if ((attribute.min !== undefined || attribute.max !== undefined) && attribute.type.kind === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    if (attribute.min !== undefined && number < attribute.min) {
      report(context, 'out-of-range', attributePath, `"${attribute.name}" is ${number}, below the minimum ${attribute.min}${describeRange(attribute)}.`);
    } else if (attribute.max !== undefined && number > attribute.max) {
      report(context, 'out-of-range', attributePath, `"${attribute.name}" is ${number}, above the maximum ${attribute.max}${describeRange(attribute)}.`);
    }
  }
  if (Array.isArray(value)) {
    if (attribute.minItems !== undefined && value.length < attribute.minItems) {
      report(context, 'out-of-range', attributePath, `"${attribute.name}" has ${value.length} item(s); the schema requires at least ${attribute.minItems}.`);
    } else if (attribute.maxItems !== undefined && value.length > attribute.maxItems) {
      report(context, 'out-of-range', attributePath, `"${attribute.name}" has ${value.length} item(s); the schema allows at most ${attribute.maxItems}.`);
    }
    if (attribute.elementAllowed !== undefined) {
      for (let index = 0; index < value.length; index++) {
        const element = value[index];
        if ((typeof element === 'string' && !isExpression(element)) || typeof element === 'number') {
          checkAllowed(String(element), attribute.elementAllowed, `${attribute.name}[${index}]`, `${attributePath}[${index}]`, context);
        }
      }
    }
  }
}

function checkAllowed(text: string, allowed: AllowedValues, label: string, attributePath: string, context: ResourceContext): void {
  if (allowed.lookup.has(allowed.ignoreCase ? text.toLowerCase() : text)) return;
  const choices = allowed.values.map((value) => JSON.stringify(value)).join(', ');
  const caseNote = allowed.ignoreCase ? ' (case-insensitive)' : '';
  report(context, 'not-one-of', attributePath, `"${label}" is ${JSON.stringify(text)}, but must be one of ${choices}${caseNote}.`);
}

/**
 * Checks that a literal converts to a cty type, the way Terraform would convert it.
 *
 * @returns true when the value has the type (so value checks may follow).
 */
function checkValueType(value: unknown, type: ValueType, valuePath: string, context: ResourceContext): boolean {
  if (value === null || value === undefined || isExpression(value)) return true;
  switch (type.kind) {
    case 'dynamic':
      return true;
    case 'string':
      // Terraform converts numbers and bools to strings on its own.
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
      return wrongType(value, type, valuePath, context);
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return true;
      if (typeof value === 'string' && NUMERIC_STRING.test(value)) return true;
      return wrongType(value, type, valuePath, context);
    case 'bool':
      if (typeof value === 'boolean') return true;
      if (value === 'true' || value === 'false' || value === '1' || value === '0') return true;
      return wrongType(value, type, valuePath, context);
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return wrongType(value, type, valuePath, context);
      let valid = true;
      for (let index = 0; index < value.length; index++) {
        if (!checkValueType(value[index], type.element, `${valuePath}[${index}]`, context)) valid = false;
      }
      return valid;
    }
    case 'map': {
      if (!isPlainObject(value)) return wrongType(value, type, valuePath, context);
      let valid = true;
      for (const key in value) {
        if (!checkValueType(value[key], type.element, `${valuePath}[${JSON.stringify(key)}]`, context)) valid = false;
      }
      return valid;
    }
    case 'object': {
      if (!isPlainObject(value)) return wrongType(value, type, valuePath, context);
      let valid = true;
      for (const key in value) {
        const attributeType = type.attributes.get(key);
        if (attributeType === undefined) {
          report(context, 'wrong-type', joinPath(valuePath, key), `The object ${valuePath} has no attribute "${key}"; expected ${describeType(type)}.`);
          valid = false;
        } else if (!checkValueType(value[key], attributeType, joinPath(valuePath, key), context)) {
          valid = false;
        }
      }
      for (const name of type.attributes.keys()) {
        if (!type.optional.has(name) && value[name] === undefined) {
          report(context, 'wrong-type', joinPath(valuePath, name), `The object ${valuePath} lacks the attribute "${name}"; expected ${describeType(type)}.`);
          valid = false;
        }
      }
      return valid;
    }
    case 'tuple': {
      if (!Array.isArray(value) || value.length !== type.elements.length) return wrongType(value, type, valuePath, context);
      let valid = true;
      for (let index = 0; index < value.length; index++) {
        if (!checkValueType(value[index], type.elements[index], `${valuePath}[${index}]`, context)) valid = false;
      }
      return valid;
    }
  }
}

function wrongType(value: unknown, type: ValueType, valuePath: string, context: ResourceContext): false {
  report(context, 'wrong-type', valuePath, `Expected ${describeType(type)} at ${valuePath}, got ${describeJson(value)}.`);
  return false;
}

/** Checks the value given for one nested block type: its JSON shape, its count, then each block. */
function checkBlockType(value: unknown, blockType: CompiledBlockType, blockPath: string, context: ResourceContext): void {
  if (value === null || value === undefined) return;
  if (!blockType.settable) {
    report(context, 'computed-only', blockPath, `"${blockType.name}" is computed by the provider and cannot be set in configuration.`);
    return;
  }
  if (isExpression(value)) return;

  if (blockType.nesting === 'map') {
    if (!isPlainObject(value)) {
      report(context, 'block-shape', blockPath, `"${blockType.name}" is a map of blocks: expected an object of label to block body, got ${describeJson(value)}.`);
      return;
    }
    let count = 0;
    for (const label in value) {
      count++;
      checkOneBlock(value[label], blockType, `${blockPath}[${JSON.stringify(label)}]`, context);
    }
    checkBlockCount(count, blockType, blockPath, context);
    return;
  }

  if (Array.isArray(value)) {
    checkBlockCount(value.length, blockType, blockPath, context);
    for (let index = 0; index < value.length; index++) {
      checkOneBlock(value[index], blockType, `${blockPath}[${index}]`, context);
    }
    return;
  }
  if (isPlainObject(value)) {
    // cdktf writes single blocks, and list/set blocks limited to one item, as a bare object.
    // It never does so for unbounded lists, so a bare object there is reported as a shape
    // mistake even though Terraform's JSON syntax would read it as one block.
    if (blockType.maxItems === 1) {
      checkBlockCount(1, blockType, blockPath, context);
      checkBlockBody(value, blockType.block, blockPath, context);
      return;
    }
    report(
      context,
      'block-shape',
      blockPath,
      `"${blockType.name}" is a ${blockType.nesting} of blocks: expected a JSON array of block objects, got a single object.`,
    );
    return;
  }
  const expected = blockType.maxItems === 1 ? 'a block object' : 'a JSON array of block objects';
  report(context, 'block-shape', blockPath, `"${blockType.name}" is a block: expected ${expected}, got ${describeJson(value)}.`);
}

function checkOneBlock(item: unknown, blockType: CompiledBlockType, itemPath: string, context: ResourceContext): void {
  if (isPlainObject(item)) {
    checkBlockBody(item, blockType.block, itemPath, context);
  } else if (!isExpression(item)) {
    report(context, 'block-shape', itemPath, `Each "${blockType.name}" block must be a JSON object, got ${describeJson(item)}.`);
  }
}

function checkBlockCount(count: number, blockType: CompiledBlockType, blockPath: string, context: ResourceContext): void {
  if (count < blockType.minItems) {
    report(context, 'block-count', blockPath, `${count} "${blockType.name}" block(s) given; the schema requires at least ${blockType.minItems}.`);
  } else if (blockType.maxItems !== undefined && count > blockType.maxItems) {
    report(context, 'block-count', blockPath, `${count} "${blockType.name}" blocks given; the schema allows at most ${blockType.maxItems}.`);
  }
}

/** Checks a cdktf `dynamic` object: each key must name a nested block, and its `content` must fit that block. */
function checkDynamicBlocks(dynamicBlocks: Record<string, unknown>, block: CompiledBlock, dynamicPath: string, context: ResourceContext): void {
  for (const name in dynamicBlocks) {
    const entryPath = joinPath(dynamicPath, name);
    const blockType = block.blockTypes.get(name);
    if (blockType === undefined) {
      if (block.attributes.has(name)) {
        report(context, 'block-shape', entryPath, `"${name}" is an argument of ${block.typeName}, not a block, so it cannot be generated with "dynamic".`);
      } else {
        report(context, 'unknown-attribute', entryPath, `${block.typeName} has no block named "${name}" to generate with "dynamic".${didYouMean(name, [...block.blockTypes.keys()])}`);
      }
      continue;
    }
    if (!blockType.settable) {
      report(context, 'computed-only', entryPath, `"${name}" is computed by the provider and cannot be set in configuration.`);
      continue;
    }
    const entry = dynamicBlocks[name];
    if (isExpression(entry)) continue;
    if (!isPlainObject(entry)) {
      report(context, 'block-shape', entryPath, `A dynamic "${name}" must be an object with "for_each" and "content", got ${describeJson(entry)}.`);
      continue;
    }
    for (const key in entry) {
      if (!DYNAMIC_BLOCK_KEYS.has(key)) {
        report(context, 'unknown-attribute', joinPath(entryPath, key), `A dynamic block accepts only "for_each", "iterator", "labels" and "content", not "${key}".`);
      }
    }
    const content = entry.content;
    if (isPlainObject(content)) {
      checkBlockBody(content, blockType.block, joinPath(entryPath, 'content'), context);
    } else if (!isExpression(content)) {
      report(context, 'block-shape', joinPath(entryPath, 'content'), `A dynamic "${name}" needs a "content" object holding the block body, got ${describeJson(content)}.`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Cross-argument rules (SDKv2 semantics: references are absolute paths like "a.0.b")
// ---------------------------------------------------------------------------------------

function checkRelations(
  body: Record<string, unknown>,
  member: CompiledAttribute | CompiledBlockType,
  prefix: string,
  context: ResourceContext,
  dynamicBlocks: Record<string, unknown> | undefined,
  dynamicIsExpression: boolean,
): void {
  const own = memberPresence(body, member, dynamicBlocks, dynamicIsExpression);
  const ownPath = joinPath(prefix, member.name);

  if (member.exactlyOneOf !== undefined) {
    const group = withSelf(member.exactlyOneOf, member.name, prefix);
    let present = 0;
    let possible = 0;
    const setNames: string[] = [];
    for (const reference of group) {
      const presence = reference === member.name ? own : resolvePresence(context, reference);
      if (presence === Presence.Present) {
        present++;
        setNames.push(reference);
      }
      if (presence !== Presence.Absent) possible++;
    }
    if ((possible === 0 || present > 1) && firstReport(context, `exactly:${prefix}:${[...group].sort().join(',')}`)) {
      const quote = (reference: string) => `"${memberPath(reference, member.name, prefix)}"`;
      const detail = possible === 0 ? 'but none is' : `but ${present} are (${setNames.map(quote).join(', ')})`;
      report(context, 'exactly-one-of', memberPath(group[0], member.name, prefix), `Exactly one of ${group.map(quote).join(', ')} must be set, ${detail}.`);
    }
  }

  if (member.atLeastOneOf !== undefined && own === Presence.Absent) {
    const group = withSelf(member.atLeastOneOf, member.name, prefix);
    const anySet = group.some(
      (reference) => reference !== member.name && resolvePresence(context, reference) !== Presence.Absent,
    );
    if (!anySet && firstReport(context, `at-least:${prefix}:${[...group].sort().join(',')}`)) {
      report(
        context,
        'missing-required',
        memberPath(group[0], member.name, prefix),
        `At least one of ${group.map((reference) => `"${memberPath(reference, member.name, prefix)}"`).join(', ')} must be set, but none is.`,
      );
    }
  }

  if (own !== Presence.Present) return;

  if (member.conflictsWith !== undefined) {
    for (const reference of member.conflictsWith) {
      if (resolvePresence(context, reference) !== Presence.Present) continue;
      const pair = [ownPath, referencePath(reference)].sort().join('|');
      if (!firstReport(context, `conflict:${pair}`)) continue;
      report(context, 'conflict', ownPath, `"${member.name}" conflicts with ${displayReference(reference)}: set only one of them.`);
    }
  }

  if (member.requiredWith !== undefined) {
    const missing = member.requiredWith.filter(
      (reference) => reference !== member.name && resolvePresence(context, reference) === Presence.Absent,
    );
    if (missing.length > 0) {
      report(
        context,
        'required-with',
        ownPath,
        `"${member.name}" is set, so ${missing.map(displayReference).join(', ')} must be set too.`,
      );
    }
  }
}

/**
 * The group of an `exactly_one_of` / `at_least_one_of` rule always includes the member
 * carrying it (SDKv2 adds it), whether or not the schema lists it.
 */
function withSelf(group: readonly string[], self: string, prefix: string): string[] {
  const withoutIndexes = (text: string) => text.replace(/\[\d+\]|\.\d+(?=\.|$)/g, '');
  const selfPath = withoutIndexes(joinPath(prefix, self));
  const listed = group.some((reference) => reference === self || withoutIndexes(reference) === selfPath);
  return listed ? [...group] : [self, ...group];
}

function memberPresence(
  body: Record<string, unknown>,
  member: CompiledAttribute | CompiledBlockType,
  dynamicBlocks: Record<string, unknown> | undefined,
  dynamicIsExpression: boolean,
): Presence {
  const presence = presenceOf(body[member.name]);
  if (presence !== Presence.Absent || member.member === 'attribute') return presence;
  if (dynamicIsExpression || (dynamicBlocks !== undefined && dynamicBlocks[member.name] !== undefined)) return Presence.Unknown;
  return Presence.Absent;
}

/** Resolves an SDKv2 reference (`name` or `block.0.name`) from the resource root. */
function resolvePresence(context: ResourceContext, reference: string): Presence {
  let current: unknown = context.root;
  const segments = reference.split('.');
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (isExpression(current)) return Presence.Unknown;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(segment)) {
        current = current[Number(segment)];
        continue;
      }
      if (current.length !== 1) return current.length === 0 ? Presence.Absent : Presence.Unknown;
      current = current[0];
    }
    if (!isPlainObject(current)) return Presence.Absent;
    if (/^\d+$/.test(segment)) {
      // A block limited to one item, written as a bare object: ".0" is that object.
      if (segment !== '0') return Presence.Absent;
      continue;
    }
    const next = current[segment];
    if ((next === undefined || next === null) && isPlainObject(current.dynamic) && current.dynamic[segment] !== undefined) {
      return Presence.Unknown;
    }
    current = next;
  }
  return presenceOf(current);
}

function presenceOf(value: unknown): Presence {
  if (value === null || value === undefined) return Presence.Absent;
  if (isExpression(value)) return Presence.Unknown;
  if (Array.isArray(value) && value.length === 0) return Presence.Absent;
  return Presence.Present;
}

/** Turns an SDKv2 reference (`a.0.b`) into a violation path (`a[0].b`). */
function referencePath(reference: string): string {
  return reference.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** Shows an SDKv2 reference quoted, for messages. */
function displayReference(reference: string): string {
  return `"${referencePath(reference)}"`;
}

/** The path of a rule-group member: the member itself lives in the current block, others are absolute. */
function memberPath(reference: string, self: string, prefix: string): string {
  return reference === self ? joinPath(prefix, self) : referencePath(reference);
}

function firstReport(context: ResourceContext, key: string): boolean {
  context.reported ??= new Set();
  if (context.reported.has(key)) return false;
  context.reported.add(key);
  return true;
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

function report(context: ResourceContext, kind: SchemaViolationKind, violationPath: string, message: string): void {
  context.violations.push({ kind, address: context.address, path: violationPath, message });
}

function joinPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when a value is a string holding a Terraform interpolation (`${`) or template
 * directive (`%{`) that is not escaped as `$${` / `%%{`.
 */
function isExpression(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  for (let index = value.indexOf('{', 1); index > 0; index = value.indexOf('{', index + 1)) {
    const marker = value.charCodeAt(index - 1);
    if ((marker === 36 /* $ */ || marker === 37) /* % */ && (index < 2 || value.charCodeAt(index - 2) !== marker)) return true;
  }
  return false;
}

function describeType(type: ValueType): string {
  switch (type.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a bool (true or false)';
    case 'dynamic':
      return 'any value';
    case 'list':
      return `a list (JSON array) of ${plural(type.element)}`;
    case 'set':
      return `a set (JSON array) of ${plural(type.element)}`;
    case 'map':
      return `a map (JSON object) of ${plural(type.element)}`;
    case 'object':
      return `an object with attributes ${[...type.attributes.keys()].map((name) => `"${name}"`).join(', ')}`;
    case 'tuple':
      return `a tuple (JSON array) of ${type.elements.length} elements`;
  }
}

function plural(type: ValueType): string {
  switch (type.kind) {
    case 'string':
      return 'strings';
    case 'number':
      return 'numbers';
    case 'bool':
      return 'bools';
    default:
      return `elements of type ${describeType(type)}`;
  }
}

function describeRange(attribute: CompiledAttribute): string {
  if (attribute.min !== undefined && attribute.max !== undefined) return ` (allowed range ${attribute.min}..${attribute.max})`;
  return '';
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `an array (${abbreviate(JSON.stringify(value))})`;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return `the string ${abbreviate(JSON.stringify(value))}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the bool ${value}`;
    case 'object':
      return `an object (${abbreviate(JSON.stringify(value))})`;
    default:
      return String(value);
  }
}

function abbreviate(text: string | undefined): string {
  if (text === undefined) return 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A " Did you mean ...?" hint naming the closest known name, or '' when nothing is close. */
function didYouMean(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      if (current[j] < rowMinimum) rowMinimum = current[j];
    }
    if (rowMinimum >= limit) return limit;
    previous = current;
  }
  return previous[b.length];
}
