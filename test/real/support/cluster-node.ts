/**
 * Staging and compiling the nodes of a cluster profile (Galera, RabbitMQ) for the real-tool
 * tests: hiera written as the constructs write it (the node's data in `nodes/<fqdn>.yaml`,
 * secrets in `secrets.yaml`), keys taken from the typed contract in `lib/documents/hiera-keys.ts`.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { HieraKey, HieraValue } from '../../../lib/documents/hiera';
import { renderNodeFacts } from '../../../lib/documents/facts';
import { catalogFile } from './catalog-files';
import { buildStagedFixture } from './fixture';
import { checkHieraKeys, compileCatalog, CompiledCatalog, HieraKeyReport, PuppetCatalog } from './puppet';
import { withScratchDir } from './run';

/** The domain of the sample cluster nodes. */
export const CLUSTER_DOMAIN = 'example.test';

/** One `key: value` hiera entry whose value has the key's TypeScript type. */
export type HieraEntry = readonly [string, HieraValue];

/** A hiera entry for a key of the contract; the value must have the key's type. */
export function entry<T extends HieraValue>(key: HieraKey<T>, value: T): HieraEntry {
  return [key.name, value];
}

/** A node of a sample cluster. */
export interface ClusterNode {
  /** The short host name (`db1`). */
  readonly hostname: string;
  /** The control-plane address, on 198.51.100.0/24. */
  readonly address: string;
}

/** What one staged node is made of. */
export interface ClusterNodeSpec {
  /** The node. */
  readonly node: ClusterNode;
  /** The node's role. */
  readonly role: string;
  /** The role's profiles. */
  readonly profiles: readonly string[];
  /** Entries of the node's own data file. */
  readonly nodeData: readonly HieraEntry[];
  /** Entries of `secrets.yaml`. */
  readonly secrets?: readonly HieraEntry[];
  /** Entries of `common.yaml`, besides the host table. */
  readonly common?: readonly HieraEntry[];
  /** Every node of the deployment, for the base profile's host entries. */
  readonly hosts: readonly ClusterNode[];
}

/** A compiled node and, when asked for, the unknown-key report of its data files. */
export interface CompiledClusterNode {
  /** The compilation. */
  readonly compiled: CompiledCatalog;
  /** The hiera key check of the staged node (only with `checkKeys`). */
  readonly keys?: HieraKeyReport;
}

/** The facts of a sample cluster node: 4 vCPUs, 8 GiB, as `renderNodeFacts` renders them. */
export function clusterFacts(node: ClusterNode): Record<string, unknown> {
  return renderNodeFacts({
    hostname: node.hostname,
    domain: CLUSTER_DOMAIN,
    address: node.address,
    prefixLength: 24,
    cores: 4,
    memoryMb: 8192,
  });
}

/** The wall-clock time of every compilation of this test file, in milliseconds. */
const compileTimes: number[] = [];

/** Logs how long this file's compilations took (call it from `afterAll`). */
export function logCompileTimes(label: string): void {
  if (compileTimes.length === 0) return;
  const seconds = compileTimes.map((ms) => ms / 1000);
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  console.log(
    `${label}: ${seconds.length} catalog compilations, mean ${mean.toFixed(1)} s, ` +
      `min ${Math.min(...seconds).toFixed(1)} s, max ${Math.max(...seconds).toFixed(1)} s (process start-up included)`,
  );
}

/** Stages a node, compiles its catalog (and checks its hiera keys), and removes the stage. */
export async function compileClusterNode(spec: ClusterNodeSpec, checkKeys = false): Promise<CompiledClusterNode> {
  return withScratchDir('cluster-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: spec.role,
      profiles: spec.profiles,
      facts: clusterFacts(spec.node),
      hiera: {
        common: {
          'openstack_ha::profile::base::hosts': Object.fromEntries(
            spec.hosts.map((host) => [`${host.hostname}.${CLUSTER_DOMAIN}`, host.address]),
          ),
          ...Object.fromEntries(spec.common ?? []),
        },
        node: Object.fromEntries(spec.nodeData),
        secrets: Object.fromEntries(spec.secrets ?? []),
      },
    });
    const started = performance.now();
    let compiled: CompiledCatalog;
    try {
      compiled = await compileCatalog(fixture);
    } finally {
      compileTimes.push(performance.now() - started);
    }
    const keys = checkKeys ? await checkHieraKeys(dir) : undefined;
    return { compiled, keys };
  });
}

/** The error message of a node that must not compile. */
export async function compileClusterNodeError(spec: ClusterNodeSpec): Promise<string> {
  try {
    await compileClusterNode(spec);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${spec.node.hostname} compiled, but it must not`);
}

/** Writes the content of a file the catalog renders to `<dir>/<name>` and returns the path. */
export function writeCatalogFile(catalog: PuppetCatalog, nodePath: string, dir: string, name: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, catalogFile(catalog, nodePath).content);
  return path;
}

/** The titles of the resources of one type in a catalog. */
export function resourceTitles(catalog: PuppetCatalog, type: string): string[] {
  return catalog.resources.filter((r) => r.type === type).map((r) => r.title);
}

/** True when the catalog orders `source` before `target` by an edge or a `before`/`require`. */
export function isOrderedBefore(catalog: PuppetCatalog, source: string, target: string): boolean {
  if (catalog.edges.some((e) => e.source === source && e.target === target)) return true;
  const [sourceType, sourceTitle] = splitRef(source);
  const [targetType, targetTitle] = splitRef(target);
  const refs = (value: unknown): string[] => (value === undefined ? [] : ([] as unknown[]).concat(value).map(String));
  const sourceResource = catalog.resources.find((r) => r.type === sourceType && r.title === sourceTitle);
  const targetResource = catalog.resources.find((r) => r.type === targetType && r.title === targetTitle);
  return (
    refs(sourceResource?.parameters?.before).includes(target) ||
    refs(sourceResource?.parameters?.notify).includes(target) ||
    refs(targetResource?.parameters?.require).includes(source) ||
    refs(targetResource?.parameters?.subscribe).includes(source)
  );
}

function splitRef(ref: string): [string, string] {
  const match = /^([^[]+)\[(.*)\]$/.exec(ref);
  if (!match) throw new Error(`not a resource reference: ${ref}`);
  return [match[1], match[2]];
}
