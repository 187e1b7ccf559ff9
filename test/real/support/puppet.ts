/**
 * Puppet against the real Debian modules, without applying anything:
 * - {@link compileCatalog}: `puppet catalog compile` of a staged node, hermetically (its own
 *   confdir, vardir and datadir; facts from a JSON file, so facter never runs on this machine);
 * - {@link checkHieraKeys}: every `class::param` hiera key of a staged node checked against the
 *   classes and parameters that exist, since Puppet silently ignores a key that binds to nothing.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { parseDocument } from 'yaml';
import { NODE_PUPPET_DIR } from '../../../lib/documents/puppet-payload';
import { makeScratchDir, removeDir, runCommand, withScratchDir } from './run';
import { realRunDir } from './run-dir';

/** Where Debian installs the Puppet modules. */
export const SYSTEM_MODULE_DIR = '/usr/share/puppet/modules';

/**
 * Hiera keys that look like `class::param` but are read with `lookup()` only, so no class
 * parameter backs them:
 * - `openstack_ha::role`: read by `site.pp` to choose `openstack_ha::role::<role>`.
 */
export const LOOKUP_ONLY_KEYS: readonly string[] = ['openstack_ha::role'];

/** The Puppet tree of a staged node: `<stagedDir>/etc/openstack-ha/puppet`. */
export function stagedPuppetDir(stagedDir: string): string {
  return join(stagedDir, NODE_PUPPET_DIR);
}

/** One resource of a compiled catalog. */
export interface CatalogResource {
  /** The resource type, capitalised (`File`, `Class`, `Host`). */
  readonly type: string;
  /** The title (`/etc/memcached.conf`, `Openstack_ha::Profile::Base`). */
  readonly title: string;
  /** The parameters, with rendered templates as `content`. */
  readonly parameters?: Record<string, unknown>;
  /** The manifest that declared it. */
  readonly file?: string;
  /** The line that declared it. */
  readonly line?: number;
}

/** A compiled catalog as `--render-as json` prints it (the parts the checks read). */
export interface PuppetCatalog {
  /** The certname the catalog was compiled for. */
  readonly name: string;
  /** Every resource, classes included. */
  readonly resources: CatalogResource[];
  /** The ordering edges. */
  readonly edges: { source: string; target: string }[];
}

/** What {@link compileCatalog} needs. */
export interface CompileCatalogInput {
  /** The staging directory (holding `etc/openstack-ha/puppet/...`). */
  readonly stagedDir: string;
  /** The node's certname, its FQDN. */
  readonly certname: string;
  /** The node's facts; `clientcert` must equal `certname` (hiera's node level depends on it). */
  readonly facts: Record<string, unknown>;
  /** @default 180000 */
  readonly timeoutMs?: number;
}

/** A successful compilation. */
export interface CompiledCatalog {
  /** The catalog. */
  readonly catalog: PuppetCatalog;
  /** The warnings Puppet printed, one entry per warning. */
  readonly warnings: string[];
  /** The wall-clock time of the `puppet` process, start-up included, in milliseconds. */
  readonly durationMs: number;
}

/** Thrown when Puppet cannot compile the catalog; the message is Puppet's own error text. */
export class PuppetCompileError extends Error {
  /** Everything Puppet printed on standard error. */
  public readonly puppetOutput: string;

  constructor(message: string, puppetOutput: string) {
    super(message);
    this.name = 'PuppetCompileError';
    this.puppetOutput = puppetOutput;
  }
}

/**
 * Compiles a staged node's catalog with the staged `site.pp`, `hiera.yaml` and module, and the
 * Debian modules, exactly as `openstack-ha-apply` would on the node, but without applying it.
 *
 * @throws PuppetCompileError with Puppet's error lines when compilation fails
 */
export async function compileCatalog(input: CompileCatalogInput): Promise<CompiledCatalog> {
  const { stagedDir, certname, facts } = input;
  if (facts.clientcert !== certname) {
    throw new Error(
      `facts.clientcert is ${JSON.stringify(facts.clientcert)}, not ${certname}: Puppet derives trusted.certname from it`,
    );
  }
  const puppetDir = stagedPuppetDir(stagedDir);
  return withScratchDir('puppet-compile', async (work) => {
    // `puppet catalog compile` runs in server mode: the json facts terminus reads
    // $server_datadir/facts/<certname>.json (with only --client_datadir it compiles with no facts).
    mkdirSync(join(work, 'data', 'facts'), { recursive: true });
    writeFileSync(join(work, 'data', 'facts', `${certname}.json`), JSON.stringify({ name: certname, values: facts }));
    const result = await runCommand(
      'puppet',
      [
        'catalog',
        'compile',
        certname,
        '--color', 'false',
        // Otherwise "Notice: Compiled catalog ..." goes to stdout, ahead of the JSON.
        '--log_level', 'warning',
        '--confdir', join(work, 'etc'),
        '--vardir', join(work, 'var'),
        '--codedir', join(work, 'code'),
        '--logdir', join(work, 'log'),
        '--rundir', join(work, 'run'),
        '--server_datadir', join(work, 'data'),
        '--facts_terminus', 'json',
        '--modulepath', `${join(puppetDir, 'modules')}:${SYSTEM_MODULE_DIR}`,
        '--hiera_config', join(puppetDir, 'hiera.yaml'),
        '--manifest', join(puppetDir, 'manifests', 'site.pp'),
        '--render-as', 'json',
      ],
      { cwd: work, timeoutMs: input.timeoutMs ?? 180_000 },
    );
    const messages = splitPuppetMessages(result.stderr);
    if (result.status !== 0) {
      const errors = [...new Set(messages.filter((m) => m.startsWith('Error:')))].filter(
        (m) => !m.startsWith("Error: Try 'puppet help"),
      );
      throw new PuppetCompileError(
        `puppet catalog compile ${certname} failed (exit ${result.status}):\n${errors.join('\n') || result.stderr}`,
        result.stderr,
      );
    }
    let catalog: PuppetCatalog;
    try {
      catalog = JSON.parse(result.stdout) as PuppetCatalog;
    } catch {
      throw new PuppetCompileError(`puppet printed no JSON catalog for ${certname}`, result.stderr);
    }
    return {
      catalog,
      warnings: messages.filter((m) => m.startsWith('Warning:')),
      durationMs: result.durationMs,
    };
  });
}

/** Splits Puppet's stderr into messages: a `Warning:`/`Error:` line and its continuation lines. */
function splitPuppetMessages(stderr: string): string[] {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    if (/^(Warning|Error|Notice|Info):/.test(line) || messages.length === 0) {
      if (line.trim() !== '') messages.push(line);
    } else if (line.trim() !== '') {
      messages[messages.length - 1] += `\n${line}`;
    }
  }
  return messages;
}

/** The resource of a catalog with this type and title, or undefined. */
export function findResource(catalog: PuppetCatalog, type: string, title: string): CatalogResource | undefined {
  return catalog.resources.find((r) => r.type === type && r.title === title);
}

/** The titles of every class in a catalog, lower-cased as Puppet names them in code. */
export function catalogClasses(catalog: PuppetCatalog): string[] {
  return catalog.resources.filter((r) => r.type === 'Class').map((r) => r.title.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// puppet-strings index and the hiera key check

/** A class as puppet-strings describes it (the parts the checks read). */
export interface StringsClass {
  /** The class name, `openstack_ha::profile::memcached`. */
  readonly name: string;
  /** The manifest it is defined in. */
  readonly file: string;
  /** The parameters that have defaults, with the default's source text. */
  readonly defaults?: Record<string, string>;
  /** The doc comment, with its `@param` tags. */
  readonly docstring?: { text?: string; tags?: { tag_name: string; name?: string; text?: string; types?: string[] }[] };
}

/** The puppet-strings JSON index (the parts the checks read). */
export interface StringsIndex {
  /** Every class found. */
  readonly puppet_classes: StringsClass[];
}

/**
 * The puppet-strings index of the Debian modules and the staged node's own modules. It is
 * generated once per distinct module content and cached in the run's scratch directory.
 */
export async function puppetStringsIndex(stagedDir: string): Promise<StringsIndex> {
  const ownModules = join(stagedPuppetDir(stagedDir), 'modules');
  const hash = createHash('sha256');
  for (const file of listFiles(ownModules)) {
    hash.update(relative(ownModules, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const cacheDir = join(realRunDir(), 'puppet-strings');
  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `${hash.digest('hex').slice(0, 16)}.json`);
  if (!existsSync(cached)) {
    // puppet-strings writes a .yardoc cache into its working directory: give it a scratch one.
    const work = makeScratchDir('puppet-strings');
    try {
      const out = join(work, 'strings.json');
      const result = await runCommand(
        'puppet',
        [
          'strings', 'generate', '--format', 'json', '--out', out,
          `${SYSTEM_MODULE_DIR}/*/manifests/**/*.pp`,
          `${ownModules}/*/manifests/**/*.pp`,
        ],
        { cwd: work, timeoutMs: 180_000 },
      );
      if (result.status !== 0 || !existsSync(out)) {
        throw new Error(`puppet strings failed (exit ${result.status}):\n${result.stderr}`);
      }
      // Publish atomically: another test file may be generating the same index.
      const partial = `${cached}.${process.pid}.partial`;
      writeFileSync(partial, readFileSync(out));
      renameSync(partial, cached);
    } finally {
      removeDir(work);
    }
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as StringsIndex;
}

/** The parameters of a class: those with defaults plus those documented with `@param`. */
export function classParameters(puppetClass: StringsClass): Set<string> {
  const names = new Set(Object.keys(puppetClass.defaults ?? {}));
  for (const tag of puppetClass.docstring?.tags ?? []) {
    if (tag.tag_name === 'param' && tag.name) names.add(tag.name);
  }
  return names;
}

/** One hiera key that binds to nothing. */
export interface UnknownHieraKey {
  /** The data file, relative to the data directory (`common.yaml`, `nodes/ctl1.example.test.yaml`). */
  readonly file: string;
  /** The key as written. */
  readonly key: string;
  /** Why it binds to nothing. */
  readonly reason: string;
  /** Parameters of the class with a similar name, when the class exists. */
  readonly suggestions: string[];
}

/** The outcome of {@link checkHieraKeys}. */
export interface HieraKeyReport {
  /** Every key that binds to no class parameter, and every data file that does not parse. */
  readonly unknown: UnknownHieraKey[];
  /** The data files checked, relative to the data directory. */
  readonly files: string[];
  /** How many `class::param` keys were checked. */
  readonly checkedKeys: number;
  /** The wall-clock time, including a puppet-strings run when the index was not cached. */
  readonly durationMs: number;
}

/**
 * Reports every hiera key in a staged node's data files that looks like `class::param` but
 * whose class does not exist on the modulepath, or has no such parameter. Keys without `::`,
 * `lookup_options` and {@link LOOKUP_ONLY_KEYS} are skipped.
 */
export async function checkHieraKeys(stagedDir: string): Promise<HieraKeyReport> {
  const started = performance.now();
  const index = await puppetStringsIndex(stagedDir);
  const classes = new Map(index.puppet_classes.map((c) => [c.name, classParameters(c)]));
  const dataDir = join(stagedPuppetDir(stagedDir), 'data');
  const files = listFiles(dataDir).filter((f) => f.endsWith('.yaml'));
  const unknown: UnknownHieraKey[] = [];
  let checkedKeys = 0;
  for (const path of files) {
    const file = relative(dataDir, path);
    const document = parseDocument(readFileSync(path, 'utf8'), { schema: 'yaml-1.1' });
    if (document.errors.length > 0) {
      unknown.push({ file, key: '', reason: `not valid YAML: ${document.errors[0].message}`, suggestions: [] });
      continue;
    }
    const data = (document.toJS() ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(data)) {
      if (key === 'lookup_options' || !key.includes('::') || LOOKUP_ONLY_KEYS.includes(key)) continue;
      checkedKeys += 1;
      const name = key.replace(/^::/, '');
      const cut = name.lastIndexOf('::');
      const className = name.slice(0, cut);
      const param = name.slice(cut + 2);
      const params = classes.get(className);
      if (params === undefined) {
        unknown.push({ file, key, reason: `no class '${className}' on the modulepath`, suggestions: [] });
      } else if (!params.has(param)) {
        const suggestions = [...params].filter((p) => editDistance(p, param) <= 2).sort();
        unknown.push({ file, key, reason: `class '${className}' has no parameter '${param}'`, suggestions });
      }
    }
  }
  return { unknown, files: files.map((f) => relative(dataDir, f)).sort(), checkedKeys, durationMs: performance.now() - started };
}

/** Formats a report's problems one per line, for assertion messages. */
export function formatUnknownKeys(report: HieraKeyReport): string {
  return report.unknown
    .map((u) => `${u.file}: ${u.key}: ${u.reason}${u.suggestions.length ? ` (did you mean ${u.suggestions.join(', ')}?)` : ''}`)
    .join('\n');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
