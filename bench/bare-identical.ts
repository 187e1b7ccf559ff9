/**
 * The G1 baseline: a bare cdktf stack that emits the library stack's exact `cdk.tf.json`,
 * written with the generated L1 classes (`lib/providers/openstack/*`, `@cdktf/provider-random`),
 * `TerraformLocal`, `TerraformOutput` and plain `Construct` scopes for the same construct paths
 * (the paths and logical ids are part of the bytes). No L2 construct of the library is loaded.
 *
 * It replays a plan made from the library stack (`bare-plan.ts`): the plan holds the values a
 * user would have written as literals (addresses, the rendered user-data text); references
 * between elements are read from the objects (`subnet.id`, `local.asString`), as a user would.
 *
 * @module
 */
import { join } from 'node:path';
import { Construct } from 'constructs';
import {
  App,
  IResolvable,
  ITerraformDependable,
  ITerraformIterator,
  LocalBackend,
  TerraformElement,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
} from 'cdktf';

/** A position inside a config value: property names and array indexes. */
export type ValuePath = (string | number)[];

/** A whole-string reference from one element to another, to be read from the object. */
export interface ElementRef {
  /** Where the reference goes in the config (empty: the whole value of a local). */
  readonly path: ValuePath;
  /** The key of the element referred to (`openstack_networking_subnet_v2.Net_Subnet_6FF9249A`, `local.X`). */
  readonly target: string;
  /** The attribute read (`id`); absent for a local. */
  readonly attribute?: string;
}

/** Where a `for_each` iterates: a local map, or the instances of another resource. */
export interface IteratorRef {
  readonly from: 'map' | 'resources' | 'dataSources';
  readonly target: string;
}

interface ElementBase {
  /** The key other elements refer to this one by. */
  readonly key: string;
  /** The ids of the plain scopes between the stack and the element. */
  readonly scope: string[];
  /** The construct id of the element. */
  readonly id: string;
}

/** One element of the replay plan. */
export type PlanElement =
  | (ElementBase & { kind: 'backend'; config: { [k: string]: unknown } })
  | (ElementBase & { kind: 'provider'; type: string; config: { [k: string]: unknown }; refs: ElementRef[] })
  | (ElementBase & {
      kind: 'resource' | 'data';
      type: string;
      config: { [k: string]: unknown };
      refs: ElementRef[];
      forEach?: IteratorRef;
      dependsOn?: string[];
    })
  | (ElementBase & { kind: 'local'; value: unknown; refs: ElementRef[]; /** The name in `locals` when the user chose it. */ logicalId?: string })
  | (ElementBase & { kind: 'output'; config: { [k: string]: unknown }; refs: ElementRef[] });

/** The replay plan of one library stack. */
export interface ReplayPlan {
  /** The stack id (it is in the output: metadata and backend path). */
  readonly stackId: string;
  /** The elements, each after everything it refers to. */
  readonly elements: PlanElement[];
}

/** An L1 class: a generated resource, data source or provider. */
type L1Class = new (scope: Construct, id: string, config: any) => TerraformElement;

/** The L1 classes a plan needs, by `kind:type`; loaded before the clock starts. */
export type Bindings = Map<string, L1Class>;

/** Where the bindings of a provider live (`dist/lib/providers/openstack`, or a prebuilt package). */
function bindingModule(kind: 'provider' | 'resource' | 'data', type: string): string {
  const [prefix] = type.split('_');
  const kebab = (s: string): string => s.replace(/_/g, '-');
  if (prefix === 'openstack') {
    const dir = join(__dirname, '..', 'lib', 'providers', 'openstack');
    if (kind === 'provider') return join(dir, 'provider');
    return join(dir, kind === 'data' ? `data-${kebab(type)}` : kebab(type.slice('openstack_'.length)));
  }
  const pkg = `@cdktf/provider-${prefix}/lib`;
  if (kind === 'provider') return `${pkg}/provider`;
  return kind === 'data' ? `${pkg}/data-${kebab(type)}` : `${pkg}/${kebab(type.slice(prefix.length + 1))}`;
}

/** Loads the L1 class of every provider, resource and data source type of the plan (per file, never a barrel). */
export function loadBindings(plan: ReplayPlan): Bindings {
  const bindings: Bindings = new Map();
  for (const e of plan.elements) {
    if (e.kind !== 'provider' && e.kind !== 'resource' && e.kind !== 'data') continue;
    const key = `${e.kind}:${e.type}`;
    if (bindings.has(key)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(bindingModule(e.kind, e.type)) as { [name: string]: unknown };
    const cls = Object.values(mod).find(
      (v) => typeof v === 'function' && (v as unknown as { tfResourceType?: string }).tfResourceType === e.type,
    );
    if (!cls) throw new Error(`no L1 class with tfResourceType ${e.type} in ${bindingModule(e.kind, e.type)}`);
    bindings.set(key, cls as L1Class);
  }
  return bindings;
}

/** Puts a value at a path inside a config object. */
function setAt(root: { [k: string]: unknown }, path: ValuePath, value: unknown): void {
  let node: any = root;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]];
  node[path[path.length - 1]] = value;
}

/**
 * Builds the bare stack of a plan into `app`: plain scopes, L1 classes with their config, and
 * references read from the objects they point at.
 */
export function buildBareIdentical(app: App, plan: ReplayPlan, bindings: Bindings): TerraformStack {
  const stack = new TerraformStack(app, plan.stackId);
  const byPath = new Map<string, Construct>([['', stack]]);
  const byKey = new Map<string, TerraformElement>();

  const scopeOf = (ids: string[]): Construct => {
    let scope: Construct = stack;
    for (let i = 0; i < ids.length; i++) {
      const path = ids.slice(0, i + 1).join('/');
      let next = byPath.get(path);
      if (!next) {
        next = new Construct(scope, ids[i]);
        byPath.set(path, next);
      }
      scope = next;
    }
    return scope;
  };

  const read = (ref: ElementRef): unknown => {
    const target = byKey.get(ref.target)!;
    if (target instanceof TerraformLocal) return target.asString;
    return (target as TerraformResource).getStringAttribute(ref.attribute!);
  };

  for (const e of plan.elements) {
    const scope = scopeOf(e.scope);
    let created: TerraformElement;
    switch (e.kind) {
      case 'backend':
        created = new LocalBackend(stack, e.config);
        break;
      case 'provider': {
        for (const r of e.refs) setAt(e.config, r.path, read(r));
        created = new (bindings.get(`provider:${e.type}`)!)(scope, e.id, e.config);
        break;
      }
      case 'resource':
      case 'data': {
        const config: { [k: string]: unknown } = e.config;
        for (const r of e.refs) setAt(config, r.path, read(r));
        if (e.forEach) config.forEach = iteratorOf(e.forEach, byKey);
        if (e.dependsOn) config.dependsOn = e.dependsOn.map((k) => byKey.get(k) as unknown as ITerraformDependable);
        created = new (bindings.get(`${e.kind}:${e.type}`)!)(scope, e.id, config);
        break;
      }
      case 'local': {
        const value = e.refs.length > 0 ? read(e.refs[0]) : e.value;
        const local = new TerraformLocal(scope, e.id, value);
        if (e.logicalId !== undefined) local.overrideLogicalId(e.logicalId);
        created = local;
        break;
      }
      case 'output': {
        for (const r of e.refs) setAt(e.config, r.path, read(r));
        created = new TerraformOutput(scope, e.id, e.config as { value: unknown });
        break;
      }
    }
    byKey.set(e.key, created);
    byPath.set([...e.scope, e.id].join('/'), created);
  }
  return stack;
}

function iteratorOf(ref: IteratorRef, byKey: Map<string, TerraformElement>): ITerraformIterator {
  const target = byKey.get(ref.target)!;
  if (ref.from === 'map') return TerraformIterator.fromMap((target as TerraformLocal).asAnyMap as { [key: string]: IResolvable });
  if (ref.from === 'dataSources') return TerraformIterator.fromDataSources(target as TerraformResource);
  return TerraformIterator.fromResources(target as TerraformResource);
}
