/**
 * Checking user-data with cloud-init itself, plus the two things `cloud-init schema` does not
 * check: unknown top-level keys (22.4 accepts `pakages:` silently) and `write_files` content
 * that does not decode.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { decodeWriteFiles, parseCloudConfig } from './write-files';
import { runCommand, withScratchDir } from './run';

/**
 * The cloud-init executable. Its shebang is Debian's `/usr/bin/python3`, which has the
 * `cloudinit` package; a `python3` earlier on PATH (pyenv) does not.
 */
export const CLOUD_INIT = '/usr/bin/cloud-init';

/** cloud-init's own JSON schema of cloud-config, shipped in the package. */
export const CLOUD_CONFIG_SCHEMA = '/usr/lib/python3/dist-packages/cloudinit/config/schemas/schema-cloud-config-v1.json';

/**
 * Top-level keys that cloud-init reads itself (merging, logging and output, datasource and
 * distro settings, network config) rather than through a module's schema.
 */
export const CORE_TOP_LEVEL_KEYS: readonly string[] = [
  'datasource',
  'datasource_list',
  'def_log_file',
  'log_cfgs',
  'manual_cache_clean',
  'merge_how',
  'merge_type',
  'network',
  'output',
  'syslog_fix_perms',
  'system_info',
];

/** The outcome of {@link checkCloudInitSchema}. */
export interface CloudInitCheck {
  /** Every problem found, one line each; empty when the user-data is good. */
  readonly problems: string[];
  /** What `cloud-init schema` printed. */
  readonly schemaOutput: string;
  /** The wall-clock time of the whole check, in milliseconds. */
  readonly durationMs: number;
}

let knownKeys: ReadonlySet<string> | undefined;

/** Every top-level key cloud-init knows: each module schema's properties plus {@link CORE_TOP_LEVEL_KEYS}. */
export function knownTopLevelKeys(): ReadonlySet<string> {
  if (knownKeys) return knownKeys;
  const schema = JSON.parse(readFileSync(CLOUD_CONFIG_SCHEMA, 'utf8')) as {
    $defs: Record<string, unknown>;
  };
  const keys = new Set<string>(CORE_TOP_LEVEL_KEYS);
  const visited = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === 'string') {
      const name = n.$ref.split('/').pop()!;
      if (!visited.has(name)) {
        visited.add(name);
        visit(schema.$defs[name]);
      }
    }
    for (const key of Object.keys((n.properties as object | undefined) ?? {})) keys.add(key);
    for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
      for (const sub of (n[combinator] as unknown[] | undefined) ?? []) visit(sub);
    }
  };
  visit(schema);
  if (keys.size < CORE_TOP_LEVEL_KEYS.length + 50) {
    throw new Error(`only ${keys.size} top-level keys found in ${CLOUD_CONFIG_SCHEMA}: has its layout changed?`);
  }
  knownKeys = keys;
  return keys;
}

/**
 * Checks one rendered cloud-config: `cloud-init schema --config-file`, every top-level key
 * known to cloud-init, and every `write_files` entry decodable.
 */
export async function checkCloudInitSchema(userDataYaml: string): Promise<CloudInitCheck> {
  const started = performance.now();
  const problems: string[] = [];
  const schema = await withScratchDir('cloud-init', async (dir) => {
    const file = join(dir, 'user-data.yaml');
    writeFileSync(file, userDataYaml);
    return runCommand(CLOUD_INIT, ['schema', '--config-file', file], { timeoutMs: 60_000 });
  });
  const schemaOutput = `${schema.stdout}${schema.stderr}`;
  if (schema.status !== 0) {
    const errors = schemaOutput
      .split('\n')
      .filter((line) => line.trim() !== '' && line.trim() !== 'Error:' && !line.startsWith('Cloud config schema deprecations:'));
    problems.push(`cloud-init schema: ${errors.join(' ').trim() || `exit status ${schema.status}`}`);
  }

  let config: Record<string, unknown> | undefined;
  try {
    config = parseCloudConfig(userDataYaml);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (config) {
    const known = knownTopLevelKeys();
    for (const key of Object.keys(config)) {
      if (!known.has(key)) problems.push(`unknown top-level key '${key}' (cloud-init ignores it)`);
    }
    problems.push(...decodeWriteFiles(config).problems);
  }
  return { problems, schemaOutput, durationMs: performance.now() - started };
}
