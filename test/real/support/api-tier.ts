/**
 * The API tier of the sample deployment for the real-tool tests: HAProxy front ends,
 * keepalived VRRP instances and Keystone on the three sample controllers, with hiera written
 * through the library's own keys (hiera-keys.ts) and value types, as the constructs write it:
 * node data in `nodes/<fqdn>.yaml`, secrets in `secrets.yaml`.
 *
 * Also the helpers that hand a rendered file to the real daemon: `haproxy -c`, and
 * `keepalived -t` inside a throwaway network namespace that has the node's interface.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import {
  BackendServer,
  FrontendSpec,
  HAPROXY_KEYS,
  KEEPALIVED_KEYS,
  KEYSTONE_KEYS,
  VrrpInstanceSpec,
} from '../../../lib/documents/hiera-keys';
import { buildStagedFixture, HieraFileInput } from './fixture';
import { checkHieraKeys, classParameters, compileCatalog, CompiledCatalog, HieraKeyReport, puppetStringsIndex } from './puppet';
import { CommandResult, runCommand, withScratchDir } from './run';
import { SAMPLE_CONTROLLERS, SAMPLE_DOMAIN, sampleCommonHiera, sampleFacts } from './sample-nodes';

/** The VIP of the sample deployment (the API endpoints and the database front end). */
export const SAMPLE_VIP = '198.51.100.10';

/** The interface the sample nodes carry the VIP on (renderNodeFacts' default). */
export const SAMPLE_INTERFACE = 'ens3';

/** The short names of the sample controllers, in order (`ctl1` is the bootstrap node). */
export const CONTROLLER_NAMES: readonly string[] = Object.keys(SAMPLE_CONTROLLERS);

/** The servers behind every front end: the three controllers, `ctl1` first. */
export function sampleBackends(): BackendServer[] {
  return CONTROLLER_NAMES.map((name) => ({ name, address: SAMPLE_CONTROLLERS[name] }));
}

/** The front ends of the sample deployment: Keystone and Nova over HTTP, Galera over TCP. */
export function sampleFrontends(): Record<string, FrontendSpec> {
  const backends = sampleBackends();
  return {
    galera: {
      port: 3306,
      backend_port: 3306,
      mode: 'tcp',
      check: 'galera',
      check_port: 9200,
      single_writer: true,
      timeout_seconds: 3600,
      backends,
    },
    keystone: {
      port: 5000,
      backend_port: 5000,
      mode: 'http',
      check: 'http',
      check_path: '/v3',
      single_writer: false,
      timeout_seconds: 60,
      backends,
    },
    nova_api: {
      port: 8774,
      backend_port: 8774,
      mode: 'http',
      check: 'http',
      check_path: '/',
      single_writer: false,
      timeout_seconds: 60,
      backends,
    },
  };
}

/** The HAProxy hiera of a sample controller. */
export function haproxyHiera(name: string): Record<string, unknown> {
  return {
    [HAPROXY_KEYS.vips.name]: [SAMPLE_VIP],
    [HAPROXY_KEYS.frontends.name]: sampleFrontends(),
    [HAPROXY_KEYS.nodeAddress.name]: SAMPLE_CONTROLLERS[name],
  };
}

/** The VRRP instance of the sample VIP, as seen from the controller at `index` (0 = ctl1). */
export function sampleVrrpInstance(index: number, overrides: Partial<VrrpInstanceSpec> = {}): VrrpInstanceSpec {
  return {
    vip: SAMPLE_VIP,
    prefix_length: 24,
    virtual_router_id: 51,
    priority: 150 - 50 * index,
    advert_interval: 1,
    vrrp_version: 2,
    nopreempt: true,
    ...overrides,
  };
}

/** The keepalived hiera of a sample controller. */
export function keepalivedHiera(name: string, instance?: Partial<VrrpInstanceSpec>): Record<string, unknown> {
  const index = CONTROLLER_NAMES.indexOf(name);
  return {
    [KEEPALIVED_KEYS.interface.name]: SAMPLE_INTERFACE,
    [KEEPALIVED_KEYS.nodeAddress.name]: SAMPLE_CONTROLLERS[name],
    [KEEPALIVED_KEYS.peers.name]: CONTROLLER_NAMES.filter((n) => n !== name).map((n) => SAMPLE_CONTROLLERS[n]),
    [KEEPALIVED_KEYS.instances.name]: { api: sampleVrrpInstance(index, instance) },
  };
}

/** Test keys: 32 bytes each, URL-safe base64, as `keystone-manage fernet_setup` writes them. */
export const SAMPLE_KEYS = {
  fernet0: 'c_aJfy6At9y-toNS9SF1NQMTSkSzQ-OBYeYulTqKsWU=',
  fernet1: 'zx0hNG7CStxFz5KXZRsf7sE4lju0dLYvXdGDIKGcd7k=',
  credential0: 't-WdduhORSqoyAykuqWAQSYjg2rSRuJYySgI2xh48CI=',
  credential1: 'GLlnyygEVJP4-H2OMwClXn3sdSQUZsM5F194139Unv8=',
} as const;

/** The Keystone node data of a sample controller (`ctl1` bootstraps). */
export function keystoneNodeHiera(name: string): Record<string, unknown> {
  const addresses = Object.values(SAMPLE_CONTROLLERS);
  return {
    [KEYSTONE_KEYS.bindAddress.name]: SAMPLE_CONTROLLERS[name],
    [KEYSTONE_KEYS.publicEndpoint.name]: `http://${SAMPLE_VIP}:5000`,
    [KEYSTONE_KEYS.region.name]: 'RegionOne',
    [KEYSTONE_KEYS.databaseHost.name]: SAMPLE_VIP,
    [KEYSTONE_KEYS.rabbitHosts.name]: addresses.map((a) => `${a}:5672`),
    [KEYSTONE_KEYS.rabbitUser.name]: 'openstack',
    [KEYSTONE_KEYS.memcachedServers.name]: addresses.map((a) => `${a}:11211`),
    [KEYSTONE_KEYS.bootstrapNode.name]: name === CONTROLLER_NAMES[0],
  };
}

/** The Keystone secrets (the same on every node). */
export function keystoneSecrets(): Record<string, unknown> {
  return {
    [KEYSTONE_KEYS.databasePassword.name]: 'db-password-0123456789',
    [KEYSTONE_KEYS.rabbitPassword.name]: 'rabbit-password-0123456789',
    [KEYSTONE_KEYS.adminPassword.name]: 'admin-password-0123456789',
    [KEYSTONE_KEYS.fernetKey0.name]: SAMPLE_KEYS.fernet0,
    [KEYSTONE_KEYS.fernetKey1.name]: SAMPLE_KEYS.fernet1,
    [KEYSTONE_KEYS.credentialKey0.name]: SAMPLE_KEYS.credential0,
    [KEYSTONE_KEYS.credentialKey1.name]: SAMPLE_KEYS.credential1,
  };
}

/** A sample node to compile: a controller with these profiles and hiera. */
export interface SampleNode {
  /** The short name, one of the sample controllers. */
  readonly name: string;
  /** The controller's profiles. */
  readonly profiles: readonly string[];
  /** The node data (besides the role keys). */
  readonly node?: HieraFileInput;
  /** The secrets. */
  readonly secrets?: HieraFileInput;
  /** @default 'controller' */
  readonly role?: string;
}

/** A compiled sample node, with the hiera key report of its data files. */
export interface CompiledSampleNode extends CompiledCatalog {
  /** The unknown-key report of the node's data files. */
  readonly keys: HieraKeyReport;
}

/** Stages a sample node, checks its hiera keys, compiles it and removes the staging tree. */
export async function compileSampleNode(node: SampleNode): Promise<CompiledSampleNode> {
  return withScratchDir('api-tier-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: node.role ?? 'controller',
      profiles: node.profiles,
      facts: sampleFacts(node.name, SAMPLE_CONTROLLERS[node.name]),
      hiera: { common: sampleCommonHiera(), node: node.node, secrets: node.secrets },
    });
    const keys = await checkHieraKeys(fixture.stagedDir);
    const compiled = await compileCatalog(fixture);
    return { ...compiled, keys };
  });
}

/** The message of the compile error of a sample node that must not compile. */
export async function sampleNodeCompileError(node: SampleNode): Promise<string> {
  try {
    await compileSampleNode(node);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${node.name} compiled, but it must not`);
}

/**
 * The parameters of one of the module's classes, from the puppet-strings index of the
 * staged module, sorted; throws when the class does not exist.
 */
export async function ownClassParameters(className: string): Promise<string[]> {
  return withScratchDir('class-parameters', async (dir) => {
    const fixture = buildStagedFixture(dir, { role: 'base', profiles: [], facts: sampleFacts('ctl1', SAMPLE_CONTROLLERS.ctl1) });
    const found = (await puppetStringsIndex(fixture.stagedDir)).puppet_classes.find((c) => c.name === className);
    if (!found) throw new Error(`no class ${className} in the puppet-strings index`);
    return [...classParameters(found)].sort();
  });
}

/** The parameter names of a set of hiera keys (`HAPROXY_KEYS` ...), sorted. */
export function keyParameters(keys: Record<string, { readonly param: string }>): string[] {
  return Object.values(keys)
    .map((key) => key.param)
    .sort();
}

/** The FQDN of a sample node. */
export function sampleFqdn(name: string): string {
  return `${name}.${SAMPLE_DOMAIN}`;
}

/** What a checking daemon said about a file. */
export interface ConfigCheck extends CommandResult {
  /** stdout and stderr together. */
  readonly output: string;
}

/** Writes `content` to a scratch file and runs `command args... <file>` with it. */
async function checkFile(name: string, content: string, command: string, args: readonly string[]): Promise<ConfigCheck> {
  return withScratchDir('config-check', async (dir) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const result = await runCommand(command, [...args, file], { timeoutMs: 30_000 });
    return { ...result, output: `${result.stdout}${result.stderr}` };
  });
}

/**
 * `haproxy -c -f <file>`; with `zeroWarning`, also `-dW`, which turns every warning into a
 * failure.
 */
export function haproxyCheck(content: string, zeroWarning = false): Promise<ConfigCheck> {
  return checkFile('haproxy.cfg', content, '/usr/sbin/haproxy', ['-c', ...(zeroWarning ? ['-dW'] : []), '-f']);
}

let namespaceCount = 0;

/**
 * `keepalived -t -f <file>` inside a network namespace of its own, created for this check and
 * deleted afterwards whatever happens. `keepalived -t` checks the configuration against the
 * host it runs on: the namespace gives it the node's interface (a veth named like it, when
 * `interfaceName` is given) instead of this machine's.
 */
export async function keepalivedCheck(content: string, interfaceName?: string): Promise<ConfigCheck> {
  namespaceCount += 1;
  const namespace = `oha-ka-${process.pid}-${namespaceCount}-${Math.random().toString(36).slice(2, 8)}`;
  const added = await runCommand('ip', ['netns', 'add', namespace]);
  if (added.status !== 0) throw new Error(`ip netns add ${namespace} failed: ${added.stderr}`);
  try {
    if (interfaceName) {
      const link = await runCommand('ip', ['-n', namespace, 'link', 'add', interfaceName, 'type', 'veth', 'peer', 'name', `${interfaceName}p`]);
      if (link.status !== 0) throw new Error(`cannot add ${interfaceName} to ${namespace}: ${link.stderr}`);
    }
    return await checkFile('keepalived.conf', content, 'ip', ['netns', 'exec', namespace, '/usr/sbin/keepalived', '-t', '-f']);
  } finally {
    const deleted = await runCommand('ip', ['netns', 'del', namespace]);
    if (deleted.status !== 0) throw new Error(`ip netns del ${namespace} failed: ${deleted.stderr}`);
  }
}

/** The namespaces {@link keepalivedCheck} created in this process that still exist. */
export async function leftoverNamespaces(): Promise<string[]> {
  const list = await runCommand('ip', ['netns', 'list']);
  return list.stdout
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`oha-ka-${process.pid}-`));
}
