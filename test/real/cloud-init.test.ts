/**
 * User-data checked by cloud-init itself, and a node staged from its user-data: the Puppet
 * payload carried in write_files (in every encoding cloud-init accepts) must decode to the very
 * files that compile. Until the library renders user-data, the tests assemble it from the payload.
 */
import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { puppetPayloadFiles } from '../../lib/documents/puppet-payload';
import { checkCloudInitSchema } from './support/cloud-init';
import { hieraYaml } from './support/fixture';
import { catalogClasses, compileCatalog } from './support/puppet';
import { withScratchDir } from './support/run';
import { sampleCommonHiera, sampleFacts } from './support/sample-nodes';
import { stageNode } from './support/stage';

type WriteFile = Record<string, unknown>;

const ENCODINGS = ['text/plain', 'b64', 'gz+b64', 'base64', 'gzip+base64'] as const;

function encode(content: string, encoding: (typeof ENCODINGS)[number]): WriteFile {
  switch (encoding) {
    case 'text/plain':
      return { content };
    case 'b64':
    case 'base64':
      return { encoding, content: Buffer.from(content).toString('base64') };
    default:
      return { encoding, content: gzipSync(content).toString('base64') };
  }
}

/** A cloud-config for ctl1 carrying the Puppet payload and its hiera data. */
function sampleUserData(extra: Record<string, unknown> = {}, extraFiles: WriteFile[] = []): string {
  const payload = puppetPayloadFiles().map((file, i) => ({
    path: file.path,
    owner: 'root:root',
    permissions: file.permissions,
    ...encode(file.content, ENCODINGS[i % ENCODINGS.length]),
  }));
  const data = '/etc/openstack-ha/puppet/data';
  const hiera: WriteFile[] = [
    { path: `${data}/common.yaml`, permissions: '0644', ...encode(hieraYaml(sampleCommonHiera()), 'gz+b64') },
    {
      path: `${data}/nodes/ctl1.example.test.yaml`,
      permissions: '0644',
      ...encode(
        hieraYaml({
          'openstack_ha::role': 'controller',
          'openstack_ha::role::controller::profiles': ['memcached'],
          'openstack_ha::profile::memcached::listen': '%{facts.networking.ip}',
        }),
        'b64',
      ),
    },
    { path: `${data}/secrets.yaml`, permissions: '0600', content: '--- {}\n' },
  ];
  const config = {
    hostname: 'ctl1',
    fqdn: 'ctl1.example.test',
    prefer_fqdn_over_hostname: true,
    package_update: true,
    packages: ['puppet-agent', 'puppet-module-saz-memcached', 'puppet-module-puppetlabs-host-core'],
    write_files: [...payload, ...hiera, ...extraFiles],
    runcmd: [['/usr/local/sbin/openstack-ha-apply']],
    ...extra,
  };
  return `#cloud-config\n${stringify(config, { version: '1.1', lineWidth: 0 })}`;
}

describe('checkCloudInitSchema', () => {
  it('accepts a cloud-config carrying the payload in every encoding', async () => {
    const check = await checkCloudInitSchema(sampleUserData());
    expect(check.problems).toEqual([]);
    expect(check.schemaOutput).toContain('Valid cloud-config');
    console.log(`cloud-init schema + key + decode check: ${(check.durationMs / 1000).toFixed(2)} s`);
  });

  it('reports a top-level key cloud-init does not know (the schema alone accepts it)', async () => {
    const check = await checkCloudInitSchema(sampleUserData({ pakages: ['vim'] }));
    expect(check.problems).toEqual(["unknown top-level key 'pakages' (cloud-init ignores it)"]);
  });

  it('reports a schema violation', async () => {
    const check = await checkCloudInitSchema(sampleUserData({ packages: 3 }));
    expect(check.problems).toEqual([expect.stringMatching(/^cloud-init schema: .*packages: 3 is not of type 'array'/)]);
  });

  it('reports write_files content that does not decode (the schema alone accepts it)', async () => {
    const check = await checkCloudInitSchema(
      sampleUserData({}, [
        { path: '/etc/bad-base64', encoding: 'b64', content: 'bm92YTo6YXBp!!!' },
        { path: '/etc/not-gzip', encoding: 'gz+b64', content: Buffer.from('plain text').toString('base64') },
      ]),
    );
    expect(check.problems).toEqual([
      expect.stringMatching(/^write_files\[\d+\] \/etc\/bad-base64: content is not valid base64$/),
      expect.stringMatching(/^write_files\[\d+\] \/etc\/not-gzip: content is not gzip data/),
    ]);
  });

  it('reports unquoted permissions, which YAML reads as a decimal number', async () => {
    const userData = `${sampleUserData()}\n`.replace(
      "path: /etc/openstack-ha/puppet/data/secrets.yaml\n    permissions: \"0600\"",
      'path: /etc/openstack-ha/puppet/data/secrets.yaml\n    permissions: 0600',
    );
    expect(userData).toContain('permissions: 0600\n');
    const check = await checkCloudInitSchema(userData);
    expect(check.problems).toEqual([
      expect.stringMatching(/^cloud-init schema: .*permissions: 384 is not of type 'string'/),
      expect.stringMatching(/secrets\.yaml: permissions 384 is not a quoted octal string/),
    ]);
  });

  it('reports a missing #cloud-config header and a YAML syntax error', async () => {
    const noHeader = await checkCloudInitSchema(sampleUserData().replace('#cloud-config\n', ''));
    expect(noHeader.problems).toEqual([expect.stringMatching(/needs to begin with "#cloud-config"/)]);
    const broken = await checkCloudInitSchema('#cloud-config\npackages: [puppet-agent\n');
    expect(broken.problems).toEqual([
      expect.stringMatching(/^cloud-init schema: .*is not valid yaml/),
      expect.stringMatching(/^user-data is not valid YAML/),
    ]);
  });
});

describe('stageNode', () => {
  it('stages the payload from user-data, and the staged tree compiles', async () => {
    await withScratchDir('stage', async (dir) => {
      const staged = stageNode(sampleUserData(), dir);
      for (const file of puppetPayloadFiles()) {
        const stagedPath = join(dir, file.path);
        expect(readFileSync(stagedPath, 'utf8'), file.path).toBe(file.content);
        expect((statSync(stagedPath).mode & 0o777).toString(8), file.path).toBe(file.permissions.slice(1));
      }
      const secrets = staged.find((f) => f.nodePath.endsWith('/secrets.yaml'))!;
      expect(statSync(secrets.stagedPath).mode & 0o777).toBe(0o600);

      const compiled = await compileCatalog({ stagedDir: dir, certname: 'ctl1.example.test', facts: sampleFacts('ctl1', '198.51.100.11') });
      expect(catalogClasses(compiled.catalog)).toContain('openstack_ha::profile::memcached');
    });
  });

  it('refuses user-data whose write_files do not all decode, naming each bad entry', async () => {
    await withScratchDir('stage', async (dir) => {
      const userData = sampleUserData({}, [
        { path: '/etc/x', encoding: 'gz+b64', content: 'H4sI' },
        { path: '/etc/y', encoding: 'base65', content: 'x' },
        { path: 'relative/z', content: 'x' },
      ]);
      expect(() => stageNode(userData, dir)).toThrow(
        /\/etc\/x: content is not gzip data.*\n.*\/etc\/y: unknown encoding "base65".*\n.*relative\/z: path "relative\/z" is not an absolute path/,
      );
    });
  });
});
