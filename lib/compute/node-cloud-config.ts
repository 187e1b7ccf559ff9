import { Secret } from '../core/secret';
import { CloudConfig, CloudConfigProps, SecretDocument } from '../documents/cloud-config';
import { HieraData, HieraValue } from '../documents/hiera';
import { NODE_KEYS } from '../documents/hiera-keys';
import { NodeRole, Profile } from '../documents/roles';
import { NODE_PUPPET_PACKAGES } from '../documents/node-packages';
import { NODE_APPLY_COMMAND, NODE_PUPPET_DIR, puppetPayloadShippedFiles } from '../documents/puppet-payload';
import type { Deployment } from './deployment';

/** What differs between the cloud-init documents of two nodes. */
export interface NodeCloudConfigInput {
  /** The construct path, for error messages. */
  readonly errorPath: string;
  /** The deployment the node belongs to (common data, peers). */
  readonly deployment: Deployment;
  /** The host name; omitted for pool members, which take it from the cloud's metadata. */
  readonly hostname?: string;
  /** The FQDN; omitted for pool members. */
  readonly fqdn?: string;
  /** Where the node's own hiera file goes, relative to the data directory (`nodes/<fqdn>.yaml`, `pool.yaml`). */
  readonly hieraFile: string;
  /** The node's own hiera data. */
  readonly hiera: HieraData;
  /** Values written into the node's hiera file besides `hiera` (its role and profiles). */
  readonly extraHiera: { readonly [key: string]: unknown };
}

/**
 * Builds the cloud-init document of a node: host entries for the deployment's fixed nodes,
 * Puppet and its modules, the project's Puppet module, the
 * hiera files with secrets only in the 0600 `secrets.yaml`, and the Puppet run. The whole
 * document is delivered gzip-compressed, which keeps a controller carrying every service far
 * below Nova's user-data limit.
 */
export function buildNodeCloudConfig(input: NodeCloudConfigInput): CloudConfig {
  const config = new CloudConfig({
    ...NODE_DOCUMENT_PROPS,
    errorPath: input.errorPath,
    ...(input.hostname !== undefined ? { hostname: input.hostname } : {}),
    ...(input.fqdn !== undefined ? { fqdn: input.fqdn, preferFqdnOverHostname: true } : {}),
  });
  for (const group of input.deployment.nodeGroups) {
    for (const node of group.nodes) {
      config.addHostEntry({ address: node.address, fqdn: node.fqdn, hostname: node.hostname });
    }
  }
  addPuppetPayload(config);
  config.addWriteFile({
    path: `${NODE_PUPPET_DIR}/data/common.yaml`,
    content: input.deployment.common.toYaml(),
    permissions: '0644',
    owner: 'root:root',
  });
  config.addWriteFile({
    path: `${NODE_PUPPET_DIR}/data/${input.hieraFile}`,
    content: input.hiera.toYaml(input.extraHiera as never),
    permissions: '0644',
    owner: 'root:root',
  });
  const secrets: { [key: string]: Secret | { readonly [name: string]: Secret } } = {};
  for (const [key, secret] of input.hiera.secrets) secrets[key] = secret;
  config.addWriteFile({
    path: `${NODE_PUPPET_DIR}/data/secrets.yaml`,
    content: new SecretDocument(secrets),
    permissions: '0600',
    owner: 'root:root',
  });
  return config;
}

/** What every node document has in common besides its files. */
const NODE_DOCUMENT_PROPS: CloudConfigProps = {
  errorPath: 'node',
  packageUpdate: true,
  packages: [...NODE_PUPPET_PACKAGES],
  gzipWholeDocument: true,
};

/** The project's Puppet code and the command that applies it: the same on every node. */
function addPuppetPayload(config: CloudConfig): void {
  for (const file of puppetPayloadShippedFiles()) {
    config.addWriteFile({ path: file.path, content: file.content, permissions: file.permissions, owner: 'root:root', shared: true });
  }
  config.addRunCommand([NODE_APPLY_COMMAND]);
}

let payloadTail: { readonly fromFile: string; readonly text: string } | undefined;

/**
 * The end every node document shares: the `write_files` entries of the Puppet payload (whose
 * paths sort after the node's own hiera files) and the `runcmd` that applies it, exactly as
 * {@link buildNodeCloudConfig} renders them. Rendered once per process.
 */
export function puppetPayloadTail(): { readonly fromFile: string; readonly text: string } {
  if (!payloadTail) {
    const config = new CloudConfig({ ...NODE_DOCUMENT_PROPS, errorPath: 'Puppet payload' });
    addPuppetPayload(config);
    const fromFile = config.writeFiles.map((f) => f.path).sort()[0];
    const text = config.renderTailFrom(fromFile);
    if (text === undefined) throw new Error('internal: the Puppet payload has no tail to share');
    payloadTail = { fromFile, text };
  }
  return payloadTail;
}

/** Every secret of a hiera data set, flattened. */
export function secretsOf(hiera: HieraData): Secret[] {
  return hiera.secrets.flatMap(([, s]) => (s instanceof Secret ? [s] : Object.values(s)));
}

/** The role Puppet applies to a node: `base` when no service uses it. */
export function effectiveRole(role: NodeRole, profiles: readonly Profile[]): NodeRole {
  return profiles.length === 0 ? NodeRole.BASE : role;
}

/** The hiera values that name a node's role and profiles (written beside its own data). */
export function roleHieraValues(role: NodeRole, profiles: readonly Profile[]): { [key: string]: HieraValue } {
  const extra: { [key: string]: HieraValue } = { [NODE_KEYS.role.name]: effectiveRole(role, profiles) };
  if (profiles.length > 0) extra[NODE_KEYS.profiles(role).name] = [...profiles];
  return extra;
}
