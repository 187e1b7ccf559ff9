/**
 * Prepares the inputs of the baselines for one N, outside any timing:
 *
 *   node dist/bench/fixture.js --n 1000 --out /tmp/x/fixture-1000.json
 *
 * It builds and synthesizes the large workload once, then writes the G1 replay plan
 * (`bare-plan.ts`), the machines of the output with their user-data lengths (for the G1'
 * baseline) and the library output's size and hash.
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
import type { Machine } from './bare-per-vm';
import { largeWorkload } from './workloads';

/** What `fixture.js` writes. */
export interface Fixture {
  /** Which large workload the fixture was made from. */
  readonly label: string;
  readonly n: number;
  /** The G1 replay plan, or why there is none. */
  readonly plan?: ReplayPlan;
  readonly planError?: string;
  /** Every machine of the library output (fixed nodes and pool members), for the G1' baseline. */
  readonly machines: Machine[];
  /** The longest node user-data of the library output; the G1' baseline cuts every VM's text from it. */
  readonly userDataTemplate: string;
  /** The control-plane subnet of the library output. */
  readonly cidr: string;
  /** Size and SHA-256 of the library's `cdk.tf.json`. */
  readonly libraryBytes: number;
  readonly librarySha256: string;
}

function argValue(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

type Json = { [key: string]: any };

/** `${type.name.attr}` or `${local.name}` -> the referenced block's name. */
function referencedName(expression: unknown, prefix: string): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const m = new RegExp(`^\\$\\{${prefix.replace(/\./g, '\\.')}\\.([A-Za-z0-9_-]+)(?:\\.[a-z_]+)?\\}$`).exec(expression);
  return m ? m[1] : undefined;
}

/**
 * The machines of a synthesized stack: each instance without `for_each` is one machine (its
 * port gives the address); an instance with `for_each` over a port block with `for_each` over
 * a local map gives one machine per map entry (`hostname -> { address }`).
 */
function machinesOf(json: Json): { machines: Machine[]; userDataTemplate: string } {
  const instances: Json = json.resource?.openstack_compute_instance_v2 ?? {};
  const ports: Json = json.resource?.openstack_networking_port_v2 ?? {};
  const locals: Json = json.locals ?? {};
  const userDataOf = (instance: Json): string => {
    const local = referencedName(instance.user_data, 'local');
    return local !== undefined ? String(locals[local]) : String(instance.user_data ?? '');
  };
  const machines: Machine[] = [];
  let userDataTemplate = '';
  for (const instance of Object.values(instances)) {
    const userData = userDataOf(instance);
    if (userData.length > userDataTemplate.length) userDataTemplate = userData;
    const group = String(instance.metadata?.['openstack-ha:group'] ?? 'nodes');
    if (instance.for_each === undefined) {
      const port = ports[referencedName(instance.network?.[0]?.port, 'openstack_networking_port_v2') ?? ''];
      machines.push({ hostname: instance.name, address: port?.fixed_ip?.[0]?.ip_address ?? '', group, userDataBytes: userData.length });
      continue;
    }
    const port = ports[referencedName(instance.for_each, 'openstack_networking_port_v2') ?? ''];
    const members: Json | undefined = locals[referencedName(port?.for_each, 'local') ?? ''];
    if (!members) throw new Error(`cannot list the members of the for_each instance ${instance.name}`);
    for (const [hostname, member] of Object.entries(members)) {
      machines.push({ hostname, address: String((member as Json).address ?? ''), group, userDataBytes: userData.length });
    }
  }
  if (machines.length === 0) throw new Error('the large workload has no instance');
  return { machines, userDataTemplate };
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
    const { machines, userDataTemplate } = machinesOf(json);
    const subnets = Object.values(json.resource?.openstack_networking_subnet_v2 ?? {}) as { cidr: string }[];
    const fixture: Fixture = {
      label: workload.label,
      n,
      plan,
      planError,
      machines,
      userDataTemplate,
      cidr: subnets[0]?.cidr ?? '10.0.0.0/8',
      libraryBytes: bytes.length,
      librarySha256: createHash('sha256').update(bytes).digest('hex'),
    };
    writeFileSync(out, JSON.stringify(fixture));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main();
