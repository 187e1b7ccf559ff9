/**
 * The library workloads the benchmark measures: builders `(app, n) => stack`.
 *
 * `large` is the large blueprint with `n` computes (in 2 Nova cells, or one cell per 2048
 * computes above 4096). It is `buildLargeCloud` from
 * `examples/large/large.ts` once that example is compiled (`dist/examples/large/large.js`),
 * and until then a stand-in built from the public constructs only. Every result records which
 * one was measured (`LargeWorkload.label`).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, ComputePool, ControlPlaneNetwork, Construct, NodeGroup, OpenStackStack } from '../lib';
import { TerraformStack } from '../lib/core/cdk';

/** Builds one stack of `n` computes (or of a fixed size when `n` does not apply) into `app`. */
export type WorkloadBuilder = (app: App, n: number) => TerraformStack;

/** A library workload and the name shown in the results. */
export interface Workload {
  /** What was measured, as printed in the table. */
  readonly label: string;
  /** The builder. */
  readonly build: WorkloadBuilder;
}

/** The compiled large blueprint, relative to this file once compiled (`dist/bench/`). */
const LARGE_BLUEPRINT_JS = join(__dirname, '..', 'examples', 'large', 'large.js');

/**
 * THE SWITCH. `auto` measures `buildLargeCloud` when its compiled module exists and the stand-in
 * otherwise; `stand-in` forces the stand-in (for comparing with older results).
 */
const LARGE_SOURCE: 'auto' | 'stand-in' = 'auto';

/**
 * The stand-in for the large blueprint: the provider stack, a /16 control-plane network with a
 * router, three controllers (`NodeGroup`: one port and one instance each, each with its own
 * user-data) and a `ComputePool` of `n` members (one `for_each` port block, one `for_each`
 * instance block, one shared user-data).
 */
export function buildLargeStandIn(scope: Construct, n: number): OpenStackStack {
  const stack = new OpenStackStack(scope, 'large', { cloud: 'underlay' });
  const network = new ControlPlaneNetwork(stack, 'Net', { cidr: '10.40.0.0/16', externalNetwork: 'public' });
  new NodeGroup(stack, 'Controllers', {
    network,
    count: 3,
    flavor: 'm1.xlarge',
    image: 'debian-12',
    hostnamePrefix: 'controller',
    addressOffset: 16,
  });
  new ComputePool(stack, 'Computes', {
    network,
    count: n,
    flavor: 'c1.8xlarge',
    image: 'debian-12',
    hostnamePrefix: 'compute',
    addressOffset: 1024,
  });
  return stack;
}

/** The only stack directly under `app` (builders may return something else than the stack). */
function onlyStackOf(app: App): TerraformStack {
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  if (stacks.length !== 1) throw new Error(`expected one stack in the app, found ${stacks.length}`);
  return stacks[0];
}

/** The large workload: the real blueprint when compiled (and not switched off), else the stand-in. */
export function largeWorkload(): Workload {
  if (LARGE_SOURCE === 'auto' && existsSync(LARGE_BLUEPRINT_JS)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildLargeCloud } = require(LARGE_BLUEPRINT_JS) as {
      buildLargeCloud: (scope: Construct, props: { computes: number; cells: number }) => unknown;
    };
    return {
      label: 'LargeCloud (examples/large; 2 Nova cells, or one per 2048 computes)',
      build: (app, n) => {
        // A cell holds at most 2048 computes; the blueprint refuses more (HA1805).
        buildLargeCloud(app, { computes: n, cells: Math.max(2, Math.ceil(n / 2048)) });
        return onlyStackOf(app);
      },
    };
  }
  return {
    label: 'stand-in (OpenStackStack + ControlPlaneNetwork /16 + NodeGroup x3 + ComputePool)',
    build: (app, n) => buildLargeStandIn(app, n),
  };
}

/**
 * An example app as its `main.ts` builds it: `examples/<name>/<name>.ts` exports one
 * `build<Name>(scope)` function; `n` does not apply (the example's defaults are used).
 */
export function exampleWorkload(name: string): Workload {
  const file = join(__dirname, '..', 'examples', name, `${name}.js`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { [key: string]: unknown };
  const builders = Object.entries(mod).filter(([key, v]) => key.startsWith('build') && typeof v === 'function');
  if (builders.length !== 1) throw new Error(`${file}: expected one build<Name> function, found ${builders.length}`);
  const build = builders[0][1] as (scope: Construct) => unknown;
  return {
    label: `examples/${name}`,
    build: (app) => {
      build(app);
      return onlyStackOf(app);
    },
  };
}

/** The library workloads by the name the bench passes on the command line (`large`, `example:<name>`). */
export function libraryWorkload(name: string): Workload {
  if (name === 'large') return largeWorkload();
  if (name.startsWith('example:')) return exampleWorkload(name.slice('example:'.length));
  throw new Error(`unknown workload ${name}`);
}
