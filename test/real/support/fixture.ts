/**
 * A staged node built without cloud-init: the Puppet payload laid out as on a node, plus hiera
 * data files from plain objects. It lets the Puppet module be compiled against the real
 * modules before (and independently of) the user-data that normally carries it.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { stringify } from 'yaml';
import { puppetPayloadFiles } from '../../../lib/documents/puppet-payload';
import { stagedPuppetDir } from './puppet';

/**
 * The content of one hiera data file: an object rendered as YAML, or text written as it is
 * (to test broken YAML).
 */
export type HieraFileInput = Record<string, unknown> | string;

/** What {@link buildStagedFixture} builds. */
export interface StagedFixtureSpec {
  /** The value of `openstack_ha::role`. */
  readonly role: string;
  /** The value of `openstack_ha::role::<role>::profiles`. */
  readonly profiles: readonly string[];
  /** Data files; the role keys are added to the node file unless it is given as text. */
  readonly hiera?: {
    /** `data/common.yaml`. */
    readonly common?: HieraFileInput;
    /** `data/nodes/<certname>.yaml`. */
    readonly node?: HieraFileInput;
    /** `data/secrets.yaml` (written with mode 0600). */
    readonly secrets?: HieraFileInput;
  };
  /** The node's facts; `fqdn` names the node. */
  readonly facts: Record<string, unknown>;
}

/** A staged node, ready for `compileCatalog` and `checkHieraKeys`. */
export interface StagedFixture {
  /** The staging directory. */
  readonly stagedDir: string;
  /** The node's certname (its FQDN). */
  readonly certname: string;
  /** The node's facts, as given. */
  readonly facts: Record<string, unknown>;
}

/**
 * Writes a staging tree under `dir`: every file of the Puppet payload at its node path
 * (hiera.yaml, site.pp, the module, the apply wrapper), and the hiera data files.
 */
export function buildStagedFixture(dir: string, spec: StagedFixtureSpec): StagedFixture {
  const certname = spec.facts.fqdn;
  if (typeof certname !== 'string' || certname === '') {
    throw new Error('the facts have no fqdn to name the node by');
  }
  for (const file of puppetPayloadFiles()) {
    writeFile(join(dir, file.path), file.content, parseInt(file.permissions, 8));
  }
  const dataDir = join(stagedPuppetDir(dir), 'data');
  const node =
    typeof spec.hiera?.node === 'string'
      ? spec.hiera.node
      : {
          'openstack_ha::role': spec.role,
          [`openstack_ha::role::${spec.role}::profiles`]: [...spec.profiles],
          ...spec.hiera?.node,
        };
  writeFile(join(dataDir, 'common.yaml'), hieraYaml(spec.hiera?.common ?? {}), 0o644);
  writeFile(join(dataDir, 'nodes', `${certname}.yaml`), hieraYaml(node), 0o644);
  writeFile(join(dataDir, 'secrets.yaml'), hieraYaml(spec.hiera?.secrets ?? {}), 0o600);
  return { stagedDir: dir, certname, facts: spec.facts };
}

/**
 * Renders hiera data as YAML 1.1, the YAML that Puppet's parser reads: strings such as `yes`,
 * `on` or `2024-01-01` are quoted so they stay strings.
 */
export function hieraYaml(data: HieraFileInput): string {
  if (typeof data === 'string') return data;
  if (Object.keys(data).length === 0) return '--- {}\n';
  return `---\n${stringify(data, { version: '1.1', lineWidth: 0 })}`;
}

function writeFile(path: string, content: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
}
