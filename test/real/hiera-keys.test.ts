/**
 * Unknown hiera keys: Puppet ignores a key that binds to no class parameter, so a misspelled
 * key silently leaves the default in place. checkHieraKeys finds them from the puppet-strings
 * index of the Debian modules and our own module.
 */
import { describe, expect, it } from 'vitest';
import { buildStagedFixture, StagedFixtureSpec } from './support/fixture';
import { checkHieraKeys, classParameters, formatUnknownKeys, HieraKeyReport, puppetStringsIndex } from './support/puppet';
import { withScratchDir } from './support/run';
import { sampleCommonHiera, sampleFacts } from './support/sample-nodes';

const CONTROLLER: StagedFixtureSpec = {
  role: 'controller',
  profiles: ['memcached'],
  facts: sampleFacts('ctl1', '198.51.100.11'),
  hiera: {
    common: sampleCommonHiera(),
    node: {
      'openstack_ha::profile::memcached::listen': '198.51.100.11',
      'openstack_ha::profile::memcached::max_memory': 2048,
    },
  },
};

async function checkNode(spec: StagedFixtureSpec): Promise<HieraKeyReport> {
  return withScratchDir('hiera-keys', async (dir) => checkHieraKeys(buildStagedFixture(dir, spec).stagedDir));
}

describe('checkHieraKeys', () => {
  it('accepts the keys our module and the Debian modules define, and skips lookup-only keys', async () => {
    const report = await checkNode({
      ...CONTROLLER,
      hiera: {
        ...CONTROLLER.hiera,
        // Keys of upstream classes count too, whether or not this node includes them.
        secrets: { 'nova::keystone::authtoken::password': 'test-password', 'rabbitmq::erlang_cookie': 'test-cookie' },
      },
    });
    expect(formatUnknownKeys(report)).toBe('');
    expect(report.files).toEqual(['common.yaml', 'nodes/ctl1.example.test.yaml', 'secrets.yaml']);
    // 3 base keys + role profiles + 2 memcached keys + 2 secrets; openstack_ha::role is lookup-only
    expect(report.checkedKeys).toBe(8);
    console.log(`checkHieraKeys: ${report.checkedKeys} keys in ${(report.durationMs / 1000).toFixed(2)} s (index included when cold)`);
  });

  it('reports a misspelled parameter of our profile, with the likely meant one', async () => {
    const report = await checkNode({
      ...CONTROLLER,
      hiera: { ...CONTROLLER.hiera, node: { 'openstack_ha::profile::memcached::listen': '198.51.100.11', 'openstack_ha::profile::memcached::max_memroy': 2048 } },
    });
    expect(report.unknown).toEqual([
      {
        file: 'nodes/ctl1.example.test.yaml',
        key: 'openstack_ha::profile::memcached::max_memroy',
        reason: "class 'openstack_ha::profile::memcached' has no parameter 'max_memroy'",
        suggestions: ['max_memory'],
      },
    ]);
  });

  it('reports keys of upstream classes that do not exist, or parameters they do not have', async () => {
    const report = await checkNode({
      ...CONTROLLER,
      hiera: {
        ...CONTROLLER.hiera,
        common: { ...sampleCommonHiera(), 'nova::apii::sync_db': false, 'nova::api::api_bind_adress': '198.51.100.11' },
      },
    });
    // in the order of the file
    expect(formatUnknownKeys(report).split('\n')).toEqual([
      "common.yaml: nova::apii::sync_db: no class 'nova::apii' on the modulepath",
      "common.yaml: nova::api::api_bind_adress: class 'nova::api' has no parameter 'api_bind_adress' (did you mean api_bind_address?)",
    ]);
  });

  it('reports a data file that is not valid YAML', async () => {
    const report = await checkNode({ ...CONTROLLER, hiera: { ...CONTROLLER.hiera, secrets: 'a: [b\n' } });
    expect(report.unknown).toHaveLength(1);
    expect(report.unknown[0]).toMatchObject({ file: 'secrets.yaml', key: '' });
    expect(report.unknown[0].reason).toMatch(/^not valid YAML/);
  });
});

describe('the openstack_ha module documentation', () => {
  it('documents every parameter of every class with @param', async () => {
    await withScratchDir('strings', async (dir) => {
      const index = await puppetStringsIndex(buildStagedFixture(dir, CONTROLLER).stagedDir);
      const ours = index.puppet_classes.filter((c) => c.name.startsWith('openstack_ha::'));
      expect(ours.map((c) => c.name)).toEqual(
        expect.arrayContaining(['openstack_ha::profile::base', 'openstack_ha::profile::memcached', 'openstack_ha::role::controller']),
      );
      for (const puppetClass of ours) {
        const documented = new Set(
          (puppetClass.docstring?.tags ?? []).filter((t) => t.tag_name === 'param' && t.text?.trim()).map((t) => t.name),
        );
        const undocumented = [...classParameters(puppetClass)].filter((p) => !documented.has(p));
        expect(undocumented, `undocumented parameters of ${puppetClass.name}`).toEqual([]);
        expect(puppetClass.docstring?.tags?.some((t) => t.tag_name === 'summary'), `@summary of ${puppetClass.name}`).toBe(true);
      }
    });
  });
});
