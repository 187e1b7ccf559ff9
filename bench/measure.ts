/**
 * One measurement in a fresh process: build a stack, then `app.synth()` it to a temporary
 * output directory, and print one line `BENCH_RESULT {json}`.
 *
 *   node dist/bench/measure.js --variant lib --workload large --n 1000 --traces off --outdir DIR
 *   node dist/bench/measure.js --variant lib --workload example:medium --traces off --outdir DIR
 *   node dist/bench/measure.js --variant bare-identical --fixture F --traces on --outdir DIR
 *   node dist/bench/measure.js --variant bare-per-vm --fixture F --traces on --outdir DIR
 *
 * Everything a variant needs is loaded before the clock starts (the library, or only cdktf and
 * the L1 classes for the baselines; the baselines' literal inputs from the fixture). `build`
 * is `new App()` plus the builder; `synth` is `app.synth()`, which is what `cdktf synth` runs
 * (aspects, validations, token resolution, writing `cdk.tf.json`).
 *
 * `--traces off` is fast mode: the library's `enableFastMode()` for the library, and the same
 * one-line stub of cdktf's per-token `captureStackTrace` for a baseline. `--traces on` leaves
 * cdktf as it is, as a user's app runs.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App, TerraformStack } from 'cdktf';
import type { Fixture } from './fixture';

/** The line a measurement prints. */
export interface MeasureResult {
  readonly variant: string;
  readonly workload: string;
  readonly n: number;
  /** True when cdktf's per-token stack traces were captured. */
  readonly traces: boolean;
  readonly buildMs: number;
  readonly synthMs: number;
  /** Peak resident set size of the whole process, in MB. */
  readonly maxRssMb: number;
  /** Size and SHA-256 of the written `cdk.tf.json`. */
  readonly outBytes: number;
  readonly outSha256: string;
  /** Resource blocks in the output (a `for_each` block counts once). */
  readonly resourceBlocks: number;
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

/** Replaces cdktf's per-token stack-trace capture with a function returning no frames. */
function stubStackTraces(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
  traces.captureStackTrace = () => [];
}

function main(): void {
  const variant = arg('variant');
  const traces = arg('traces', 'on') === 'on';
  const outdir = arg('outdir');
  let n = Number(arg('n', '0'));
  let workloadLabel: string;
  let build: (app: App) => TerraformStack;

  // Load everything the variant needs before the clock starts.
  if (variant === 'lib') {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const lib = require('../lib') as typeof import('../lib');
    const { libraryWorkload } = require('./workloads') as typeof import('./workloads');
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (!traces && !lib.enableFastMode()) throw new Error('fast mode is off: unset OPENSTACK_HA_STACK_TRACES');
    const workload = libraryWorkload(arg('workload'));
    workloadLabel = workload.label;
    build = (app) => workload.build(app, n);
  } else if (variant === 'bare-identical') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildBareIdentical, loadBindings } = require('./bare-identical') as typeof import('./bare-identical');
    const fixture = JSON.parse(readFileSync(arg('fixture'), 'utf8')) as Fixture;
    if (!fixture.plan) throw new Error(`no replay plan: ${fixture.planError}`);
    const plan = fixture.plan;
    const bindings = loadBindings(plan);
    if (!traces) stubStackTraces();
    n = fixture.n;
    workloadLabel = `bare L1 replay of: ${fixture.label}`;
    build = (app) => buildBareIdentical(app, plan, bindings);
  } else if (variant === 'bare-per-vm') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildBarePerVm } = require('./bare-per-vm') as typeof import('./bare-per-vm');
    const fixture = JSON.parse(readFileSync(arg('fixture'), 'utf8')) as Fixture;
    if (!traces) stubStackTraces();
    const sizes = fixture.machines.map((m) => m.userDataBytes);
    n = fixture.n;
    workloadLabel =
      `bare port + instance per VM for the ${fixture.machines.length} machines, ` +
      `user-data ${Math.min(...sizes)}-${Math.max(...sizes)} B each`;
    build = (app) => buildBarePerVm(app, { machines: fixture.machines, cidr: fixture.cidr, userDataTemplate: fixture.userDataTemplate });
  } else {
    throw new Error(`unknown variant ${variant}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App: AppClass, TerraformResource: TerraformResourceClass } = require('cdktf') as typeof import('cdktf');

  const t0 = performance.now();
  const app = new AppClass({ outdir });
  const stack = build(app);
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  // Peak RSS now, before reading the output back (parsing it would add to the peak).
  const maxRssMb = process.resourceUsage().maxRSS / 1024;

  const bytes = readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'));
  // Counted on the tree, not by parsing the output back (hundreds of MB for a per-VM stack).
  const resourceBlocks = stack.node.findAll().filter((c) => c instanceof TerraformResourceClass).length;
  const result: MeasureResult = {
    variant,
    workload: workloadLabel,
    n,
    traces,
    buildMs: t1 - t0,
    synthMs: t2 - t1,
    maxRssMb,
    outBytes: bytes.length,
    outSha256: createHash('sha256').update(bytes).digest('hex'),
    resourceBlocks,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main();
