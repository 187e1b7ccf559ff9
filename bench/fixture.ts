/**
 * Prepares the inputs of the baselines for one N, outside any timing:
 *
 *   node dist/bench/fixture.js --n 1000 --out /tmp/x/fixture-1000.json
 *
 * It builds and synthesizes the large workload once, then writes the G1 replay plan
 * (`bare-plan.ts`), one node user-data of the library (the size the G1' baseline gives every
 * VM) and the library output's size and hash.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, enableFastMode } from '../lib';
import { makeReplayPlan } from './bare-plan';
import type { ReplayPlan } from './bare-identical';
import { largeWorkload } from './workloads';

/** What `fixture.js` writes. */
export interface Fixture {
  /** Which large workload the fixture was made from. */
  readonly label: string;
  readonly n: number;
  /** The G1 replay plan, or why there is none. */
  readonly plan?: ReplayPlan;
  readonly planError?: string;
  /** The first per-node (literal) user-data of the library output. */
  readonly nodeUserData: string;
  /** Size and SHA-256 of the library's `cdk.tf.json`. */
  readonly libraryBytes: number;
  readonly librarySha256: string;
}

function argValue(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

function main(): void {
  const n = Number(argValue('n'));
  const out = argValue('out');
  enableFastMode();
  const workload = largeWorkload();
  const outdir = mkdtempSync(join(tmpdir(), 'ohc-fixture-'));
  try {
    const app = new App({ outdir });
    const stack = workload.build(app, n);
    app.synth();
    const bytes = readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'));
    const json = JSON.parse(bytes.toString('utf8'));

    let plan: ReplayPlan | undefined;
    let planError: string | undefined;
    try {
      plan = makeReplayPlan(stack, json);
    } catch (e) {
      planError = (e as Error).message;
    }
    const instances = Object.values(json.resource?.openstack_compute_instance_v2 ?? {}) as { user_data?: unknown }[];
    const nodeUserData = instances
      .map((i) => i.user_data)
      .find((u): u is string => typeof u === 'string' && !u.startsWith('${'));
    if (nodeUserData === undefined) throw new Error('the large workload has no instance with its own user-data');

    const fixture: Fixture = {
      label: workload.label,
      n,
      plan,
      planError,
      nodeUserData,
      libraryBytes: bytes.length,
      librarySha256: createHash('sha256').update(bytes).digest('hex'),
    };
    writeFileSync(out, JSON.stringify(fixture));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main();
