/**
 * The project's Puppet module compiled against the real Debian 12 puppet-openstack 21.x set,
 * with facts from renderNodeFacts: what compiles, what it renders, and proof that each
 * mistake the types are there to catch does fail compilation.
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStagedFixture, StagedFixtureSpec } from './support/fixture';
import { catalogClasses, compileCatalog, CompiledCatalog, findResource, stagedPuppetDir } from './support/puppet';
import { runCommand, withScratchDir } from './support/run';
import { sampleCommonHiera, sampleFacts } from './support/sample-nodes';

const compileTimes: number[] = [];

afterAll(() => {
  if (compileTimes.length === 0) return;
  const seconds = compileTimes.map((ms) => ms / 1000);
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  console.log(
    `puppet catalog compile: ${seconds.length} runs, mean ${mean.toFixed(2)} s, ` +
      `min ${Math.min(...seconds).toFixed(2)} s, max ${Math.max(...seconds).toFixed(2)} s (process start-up included)`,
  );
});

type NodeSpec = Omit<StagedFixtureSpec, 'facts'> & { facts?: Record<string, unknown> };

/** Stages a node, compiles it, and removes the staging tree. */
async function compileNode(spec: NodeSpec): Promise<CompiledCatalog> {
  return withScratchDir('node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      ...spec,
      facts: spec.facts ?? sampleFacts('ctl1', '198.51.100.11'),
      hiera: { common: sampleCommonHiera(), ...spec.hiera },
    });
    const started = performance.now();
    try {
      return await compileCatalog(fixture);
    } finally {
      compileTimes.push(performance.now() - started);
    }
  });
}

/** The error Puppet gives for a node spec that must not compile. */
async function compileError(spec: NodeSpec): Promise<string> {
  try {
    await compileNode(spec);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the node compiled, but it must not');
}

function fileContent(compiled: CompiledCatalog, path: string): string {
  const file = findResource(compiled.catalog, 'File', path);
  expect(file, `File[${path}] in the catalog`).toBeDefined();
  return String(file!.parameters?.content);
}

describe('the openstack_ha Puppet code', () => {
  it('passes puppet parser validate and epp validate', async () => {
    await withScratchDir('validate', async (dir) => {
      buildStagedFixture(dir, { role: 'base', profiles: [], facts: sampleFacts('ctl1', '198.51.100.11') });
      const puppetDir = stagedPuppetDir(dir);
      const all = readdirSync(puppetDir, { recursive: true, encoding: 'utf8' }).map((p) => join(puppetDir, p));
      const manifests = all.filter((p) => p.endsWith('.pp'));
      const templates = all.filter((p) => p.endsWith('.epp'));
      expect(manifests.length).toBeGreaterThan(10);
      const env = { HOME: dir };
      const common = ['--color', 'false', '--confdir', join(dir, 'conf'), '--vardir', join(dir, 'var')];
      const parser = await runCommand('puppet', ['parser', 'validate', ...common, ...manifests], { env });
      expect(parser.stderr).toBe('');
      expect(parser.status).toBe(0);
      const epp = await runCommand('puppet', ['epp', 'validate', ...common, ...templates], { env });
      expect(epp.stderr).toBe('');
      expect(epp.status).toBe(0);
    });
  });
});

// Each compile is a separate puppet process; two at a time keep both CI cores busy.
describe.concurrent('nodes that compile', () => {
  it('role base: the base profile only, with hosts, time zone and chrony', async () => {
    const compiled = await compileNode({ role: 'base', profiles: [] });
    const classes = catalogClasses(compiled.catalog);
    expect(classes).toContain('openstack_ha::role::base');
    expect(classes).toContain('openstack_ha::profile::base');
    expect(classes).not.toContain('memcached');
    expect(findResource(compiled.catalog, 'Host', 'ctl2.example.test')?.parameters).toMatchObject({
      ip: '198.51.100.12',
      host_aliases: ['ctl2'],
    });
    expect(fileContent(compiled, '/etc/timezone')).toBe('Etc/UTC\n');
    expect(fileContent(compiled, '/etc/chrony/chrony.conf')).toMatch(
      /^server ntp1\.example\.test iburst\nserver 198\.51\.100\.1 iburst\n/m,
    );
    expect(compiled.warnings).toEqual([]);
  });

  it('a controller with memcached: the saz-memcached config rendered from our typed profile and the facts', async () => {
    const compiled = await compileNode({
      role: 'controller',
      profiles: ['memcached'],
      hiera: { node: { 'openstack_ha::profile::memcached::listen': '%{facts.networking.ip}' } },
    });
    expect(catalogClasses(compiled.catalog)).toEqual(
      expect.arrayContaining(['openstack_ha::role::controller', 'openstack_ha::profile::memcached', 'memcached']),
    );
    const config = fileContent(compiled, '/etc/memcached.conf');
    expect(config).toMatch(/^-l 198\.51\.100\.11$/m); // the address, interpolated from networking.ip
    expect(config).toMatch(/^-p 11211$/m);
    expect(config).toMatch(/^-U 0$/m); // UDP off
    expect(config).toMatch(/^-m 1024$/m);
    expect(config).toMatch(/^-c 8192$/m);
    expect(config).toMatch(/^-t 8$/m); // processorcount from the facts, not from this machine
    expect(config).toMatch(/^-u memcache$/m);
    expect(compiled.warnings).toEqual([]);
  });

  it('a messaging node whose memcached takes a share of memory computed from the memorysize fact', async () => {
    const compiled = await compileNode({
      role: 'messaging',
      profiles: ['memcached'],
      facts: sampleFacts('mq1', '198.51.100.21', 4, 8192),
      hiera: {
        node: {
          'openstack_ha::profile::memcached::listen': '198.51.100.21',
          'openstack_ha::profile::memcached::port': 11311,
          'openstack_ha::profile::memcached::max_memory': '10%',
          'openstack_ha::profile::memcached::max_connections': 4096,
        },
      },
    });
    const config = fileContent(compiled, '/etc/memcached.conf');
    expect(config).toMatch(/^-m 819$/m); // floor(8192 MiB * 10 %)
    expect(config).toMatch(/^-p 11311$/m);
    expect(config).toMatch(/^-c 4096$/m);
    expect(config).toMatch(/^-t 4$/m);
  });

  // Each role accepts a profile of its own list: compilation gets past the role's type check
  // and reaches the profile class, which then stops for want of its required parameters
  // (none are given here).
  it.each([
    ['controller', 'keystone'],
    ['database', 'galera'],
    ['messaging', 'rabbitmq'],
    ['loadbalancer', 'haproxy'],
    ['network', 'neutron_l3_agent'],
    ['compute', 'nova_compute'],
    ['storage', 'ceph_osd'],
  ])('role %s accepts profile %s (and reaches the profile)', async (role, profile) => {
    const message = await compileError({ role, profiles: [profile] });
    expect(message).not.toMatch(/Openstack_ha::Profiles::/);
    expect(message).not.toContain('Could not find class');
    expect(message).toMatch(/expects a value for parameter|Openstack_ha::Profile::|openstack_ha::profile::/i);
  });
});

describe.concurrent('mistakes that compilation catches', () => {
  it('a typed parameter given a string where a port number is expected', async () => {
    const message = await compileError({
      role: 'controller',
      profiles: ['memcached'],
      hiera: { node: { 'openstack_ha::profile::memcached::listen': '198.51.100.11', 'openstack_ha::profile::memcached::port': '11211' } },
    });
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Memcached\]: parameter 'port' expects .*Integer.* got String/);
  });

  it('an address interpolated from a fact that does not exist (hiera makes it an empty string)', async () => {
    const message = await compileError({
      role: 'controller',
      profiles: ['memcached'],
      hiera: { node: { 'openstack_ha::profile::memcached::listen': '%{facts.networking.ipp}' } },
    });
    expect(message).toMatch(/parameter 'listen' expects a match for Stdlib::IP::Address::V4::Nosubnet.*got ''/);
  });

  it('a profile the role may not hold', async () => {
    const message = await compileError({
      role: 'database',
      profiles: ['memcached'],
      hiera: { node: { 'openstack_ha::profile::memcached::listen': '198.51.100.11' } },
    });
    expect(message).toMatch(
      /Class\[Openstack_ha::Role::Database\]: parameter 'profiles' index 0 expects a match for Openstack_ha::Profiles::Database = Enum\['galera'\], got 'memcached'/,
    );
  });

  it('any profile on a base node', async () => {
    const message = await compileError({ role: 'base', profiles: ['memcached'] });
    expect(message).toMatch(/Class\[Openstack_ha::Role::Base\]: parameter 'profiles' expects size to be 0, got 1/);
  });

  it('a role that does not exist', async () => {
    const message = await compileError({ role: 'controler', profiles: [] });
    expect(message).toMatch(/hiera key 'openstack_ha::role' expects a match for Openstack_ha::Role = Enum\[.*\], got 'controler'/);
  });

  it('a node without a role', async () => {
    const message = await compileError({ role: 'base', profiles: [], hiera: { node: '--- {}\n' } });
    expect(message).toMatch(/Function lookup\(\) did not find a value for the name 'openstack_ha::role'/);
  });

  it('a role without its profiles', async () => {
    const message = await compileError({ role: 'compute', profiles: [] });
    expect(message).toMatch(/Class\[Openstack_ha::Role::Compute\]: parameter 'profiles' expects size to be at least 1, got 0/);
  });

  it('a required parameter left out', async () => {
    const message = await compileError({ role: 'controller', profiles: ['memcached'] });
    expect(message).toMatch(/Class\[Openstack_ha::Profile::Memcached\]: expects a value for parameter 'listen'/);
  });

  it('a hosts entry with an address that is not IPv4', async () => {
    const message = await compileError({
      role: 'base',
      profiles: [],
      hiera: { common: { 'openstack_ha::profile::base::hosts': { 'ctl1.example.test': '198.51.100.300' } } },
    });
    expect(message).toMatch(/parameter 'hosts' entry 'ctl1\.example\.test' expects a match for Stdlib::IP::Address::V4::Nosubnet/);
  });

  it('a YAML syntax error in a hiera data file', async () => {
    const message = await compileError({
      role: 'base',
      profiles: [],
      hiera: { common: '---\nopenstack_ha::profile::base::time_servers: [ntp1.example.test\n' },
    });
    expect(message).toMatch(/Unable to parse .*data\/common\.yaml/);
  });
});
