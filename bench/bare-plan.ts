/**
 * The plan of the G1 baseline: what a user would write by hand, with the generated L1
 * classes only, to get the library stack's exact `cdk.tf.json`.
 *
 * It is made once per N, outside any timing, from a library stack that was built and
 * synthesized: for every Terraform element of the tree (provider, backend, resource, data
 * source, local, output) it records the construct path, the type and the configuration, read
 * back from the synthesized JSON and turned into the L1 classes' camelCase config with the
 * provider schema. Whole-string references (`${openstack_x.y.id}`, `${local.z}`) are recorded
 * as references, so the replay reads them from the objects (`subnet.id`) as a user would;
 * every other string (user-data, `${each.key}`, function calls) stays literal text.
 *
 * `bare-identical.ts` replays the plan; the bench checks that the replay's output is the same
 * bytes as the library's.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LocalBackend,
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from 'cdktf';
import type { ElementRef, IteratorRef, PlanElement, ReplayPlan, ValuePath } from './bare-identical';

/** A block of a Terraform provider schema (only what the conversion needs). */
interface SchemaBlock {
  readonly attributes?: { readonly [name: string]: { readonly type?: unknown } };
  readonly block_types?: { readonly [name: string]: { readonly nesting_mode: string; readonly block: SchemaBlock } };
}

interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas: { readonly [type: string]: { readonly block: SchemaBlock } };
  readonly data_source_schemas: { readonly [type: string]: { readonly block: SchemaBlock } };
}

/** The OpenStack provider schema the bindings were generated from (the one committed file). */
function loadOpenStackSchema(): ProviderSchema {
  const dir = join(__dirname, '..', '..', 'lib', 'providers', 'schema');
  const file = readdirSync(dir).find((f) => f.startsWith('openstack-provider-schema') && f.endsWith('.json'));
  if (!file) throw new Error(`no OpenStack provider schema under ${dir}`);
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { provider_schemas: { [source: string]: ProviderSchema } };
  return Object.values(doc.provider_schemas)[0];
}

const META_ARGUMENTS = new Set(['for_each', 'count', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** `fixed_ip` -> `fixedIp`, as the binding generator names config properties. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Makes the replay plan of a built and synthesized library stack. */
export function makeReplayPlan(stack: TerraformStack, json: { [key: string]: any }): ReplayPlan {
  const schema = loadOpenStackSchema();
  const stackDepth = stack.node.scopes.length;
  const elements: PlanElement[] = [];
  const knownKeys = new Set<string>();
  const planned: { element: TerraformElement; key: string; scope: string[]; id: string }[] = [];

  // Pass 1: every element and the key other elements refer to it by.
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformElement)) continue;
    const scope = c.node.scopes.slice(stackDepth, -1).map((s) => s.node.id);
    const id = c.node.id;
    let key: string;
    if (c instanceof TerraformDataSource) key = `data.${c.terraformResourceType}.${c.friendlyUniqueId}`;
    else if (c instanceof TerraformResource) key = `${c.terraformResourceType}.${c.friendlyUniqueId}`;
    else if (c instanceof TerraformLocal) key = `local.${c.friendlyUniqueId}`;
    else if (c instanceof TerraformProvider) key = `provider.${c.terraformResourceType}.${c.alias ?? ''}`;
    else if (c instanceof TerraformOutput) key = `output.${c.friendlyUniqueId}`;
    else if (c instanceof LocalBackend) key = 'backend.local';
    else throw new Error(`${c.node.path}: the G1 baseline cannot replay a ${c.constructor.name}`);
    knownKeys.add(key);
    planned.push({ element: c, key, scope, id });
  }

  // Pass 2: each element's config from the synthesized JSON.
  for (const { element: c, key, scope, id } of planned) {
    const path = scope.join('/');
    if (c instanceof LocalBackend) {
      elements.push({ kind: 'backend', key, scope, id, config: camelKeys(json.terraform.backend.local) });
    } else if (c instanceof TerraformProvider) {
      const type = c.terraformResourceType;
      const entries: { [k: string]: unknown }[] = json.provider[type];
      const entry = entries.find((e) => (e.alias ?? undefined) === (c.alias ?? undefined));
      if (!entry) throw new Error(`${path}: provider ${type} not found in the output`);
      const block = type === 'openstack' ? schema.provider.block : undefined;
      const refs: ElementRef[] = [];
      const config = convertBlock(entry, block, [], refs, knownKeys);
      elements.push({ kind: 'provider', key, scope, id, type, config, refs });
    } else if (c instanceof TerraformResource || c instanceof TerraformDataSource) {
      // (a data source is a TerraformElement, not a TerraformResource)
      const type = c.terraformResourceType;
      const data = c instanceof TerraformDataSource;
      const body = (data ? json.data : json.resource)[type][c.friendlyUniqueId] as { [k: string]: unknown };
      const schemas = data ? schema.data_source_schemas : schema.resource_schemas;
      const block = type.startsWith('openstack_') ? schemas[type]?.block : undefined;
      const refs: ElementRef[] = [];
      const plain: { [k: string]: unknown } = {};
      for (const [k, v] of Object.entries(body)) if (k !== '//' && !META_ARGUMENTS.has(k)) plain[k] = v;
      const config = convertBlock(plain, block, [], refs, knownKeys);
      const element: PlanElement = { kind: data ? 'data' : 'resource', key, scope, id, type, config, refs };
      for (const k of Object.keys(body)) {
        if (k === 'lifecycle') config.lifecycle = camelKeys(body.lifecycle as object);
        else if (k === 'for_each') element.forEach = iteratorRef(body.for_each, knownKeys, path);
        else if (k === 'depends_on') element.dependsOn = dependsOnKeys(body.depends_on, knownKeys, path);
        else if (META_ARGUMENTS.has(k)) throw new Error(`${path}: the G1 baseline cannot replay the meta-argument ${k}`);
      }
      elements.push(element);
    } else if (c instanceof TerraformLocal) {
      const value = json.locals[c.friendlyUniqueId];
      const refs: ElementRef[] = [];
      const ref = referenceIn(value, knownKeys);
      if (ref) refs.push({ path: [], ...ref });
      // A name chosen with overrideLogicalId (cdktf's own names end in an 8-digit hash).
      const logicalId = /_[0-9A-F]{8}$/.test(c.friendlyUniqueId) ? undefined : c.friendlyUniqueId;
      elements.push({ kind: 'local', key, scope, id, logicalId, value: ref ? null : value, refs });
    } else if (c instanceof TerraformOutput) {
      const body = json.output[c.friendlyUniqueId] as { [k: string]: unknown };
      const refs: ElementRef[] = [];
      const config: { [k: string]: unknown } = {};
      for (const [k, v] of Object.entries(body)) {
        if (k === 'value') config.value = collectRefs(v, ['value'], refs, knownKeys);
        else if (k === 'description' || k === 'sensitive') config[k] = v;
        else if (k !== '//') throw new Error(`${path}: the G1 baseline cannot replay the output field ${k}`);
      }
      elements.push({ kind: 'output', key, scope, id, config, refs });
    }
  }

  return { stackId: stack.node.id, elements: topologicalOrder(elements) };
}

/** Converts one block's JSON to the L1 config: attributes and nested blocks by the schema. */
function convertBlock(
  body: { [k: string]: unknown },
  block: SchemaBlock | undefined,
  path: ValuePath,
  refs: ElementRef[],
  knownKeys: Set<string>,
): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  for (const [k, v] of Object.entries(body)) {
    const name = camelCase(k);
    const here = [...path, name];
    const nested = block?.block_types?.[k];
    if (nested || (block === undefined && Array.isArray(v) && v.every(isPlainObject))) {
      // A nested block: a list of blocks or a single one, keys camelCased by its own schema.
      const inner = nested?.block;
      out[name] = Array.isArray(v)
        ? v.map((item, i) => convertBlock(item as { [k: string]: unknown }, inner, [...here, i], refs, knownKeys))
        : convertBlock(v as { [k: string]: unknown }, inner, here, refs, knownKeys);
    } else {
      // An attribute: maps keep their keys; only whole-string references are turned into objects.
      out[name] = collectRefs(v, here, refs, knownKeys);
    }
  }
  return out;
}

/** Records whole-string references anywhere in a value (and leaves a null in their place). */
function collectRefs(value: unknown, path: ValuePath, refs: ElementRef[], knownKeys: Set<string>): unknown {
  const ref = referenceIn(value, knownKeys);
  if (ref) {
    refs.push({ path, ...ref });
    return null;
  }
  if (Array.isArray(value)) return value.map((v, i) => collectRefs(v, [...path, i], refs, knownKeys));
  if (isPlainObject(value)) {
    const out: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(value)) out[k] = collectRefs(v, [...path, k], refs, knownKeys);
    return out;
  }
  return value;
}

const ATTRIBUTE_REF = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;
const LOCAL_REF = /^\$\{(local\.[A-Za-z0-9_-]+)\}$/;

/** The element and attribute a string refers to, when the whole string is one reference to a known element. */
function referenceIn(value: unknown, knownKeys: Set<string>): { target: string; attribute?: string } | undefined {
  if (typeof value !== 'string' || !value.startsWith('${')) return undefined;
  const attr = ATTRIBUTE_REF.exec(value);
  if (attr && knownKeys.has(attr[1])) return { target: attr[1], attribute: attr[2] };
  const local = LOCAL_REF.exec(value);
  if (local && knownKeys.has(local[1])) return { target: local[1] };
  return undefined;
}

function iteratorRef(value: unknown, knownKeys: Set<string>, path: string): IteratorRef {
  const m = typeof value === 'string' ? /^\$\{([^}]+)\}$/.exec(value) : null;
  if (m && knownKeys.has(m[1])) {
    if (m[1].startsWith('local.')) return { from: 'map', target: m[1] };
    if (m[1].startsWith('data.')) return { from: 'dataSources', target: m[1] };
    return { from: 'resources', target: m[1] };
  }
  throw new Error(`${path}: the G1 baseline cannot replay for_each = ${JSON.stringify(value)}`);
}

function dependsOnKeys(value: unknown, knownKeys: Set<string>, path: string): string[] {
  const keys = (value as string[]).map((v) => v.replace(/^\$\{(.*)\}$/, '$1'));
  for (const k of keys) if (!knownKeys.has(k)) throw new Error(`${path}: depends_on ${k} is not an element of the stack`);
  return keys;
}

function camelKeys(value: object): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) out[camelCase(k)] = v;
  return out;
}

/** Orders the elements so that everything an element refers to (and its parent scope) comes first. */
function topologicalOrder(elements: PlanElement[]): PlanElement[] {
  const byKey = new Map(elements.map((e) => [e.key, e]));
  const byPath = new Map(elements.map((e) => [[...e.scope, e.id].join('/'), e]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: PlanElement[] = [];
  const visit = (e: PlanElement): void => {
    if (done.has(e.key)) return;
    if (visiting.has(e.key)) throw new Error(`reference cycle through ${e.key}`);
    visiting.add(e.key);
    const deps = [
      ...(e.kind === 'backend' ? [] : e.refs.map((r) => r.target)),
      ...((e.kind === 'resource' || e.kind === 'data') && e.forEach ? [e.forEach.target] : []),
      ...((e.kind === 'resource' || e.kind === 'data') && e.dependsOn ? e.dependsOn : []),
    ];
    for (const d of deps) visit(byKey.get(d)!);
    for (let i = 1; i <= e.scope.length; i++) {
      const parent = byPath.get(e.scope.slice(0, i).join('/'));
      if (parent) visit(parent);
    }
    visiting.delete(e.key);
    done.add(e.key);
    out.push(e);
  };
  // Providers and the backend first, as a user writes them.
  for (const e of elements) if (e.kind === 'provider' || e.kind === 'backend') visit(e);
  for (const e of elements) visit(e);
  return out;
}
