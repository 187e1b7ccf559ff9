import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot, nodePathOf, puppetPayloadFiles } from '../../lib/documents/puppet-payload';

describe('puppetPayloadFiles', () => {
  const files = puppetPayloadFiles();
  const paths = files.map((f) => f.path);

  it('lays the Puppet tree out under /etc/openstack-ha/puppet and the wrapper in /usr/local/sbin', () => {
    expect(paths).toContain('/etc/openstack-ha/puppet/hiera.yaml');
    expect(paths).toContain('/etc/openstack-ha/puppet/manifests/site.pp');
    expect(paths).toContain('/etc/openstack-ha/puppet/modules/openstack_ha/manifests/profile/base.pp');
    expect(paths).toContain('/etc/openstack-ha/puppet/modules/openstack_ha/types/role.pp');
    expect(paths).toContain('/usr/local/sbin/openstack-ha-apply');
    for (const path of paths) {
      expect(path === '/usr/local/sbin/openstack-ha-apply' || path.startsWith('/etc/openstack-ha/puppet/')).toBe(true);
    }
  });

  it('makes only the wrapper executable', () => {
    for (const file of files) {
      expect(file.permissions).toBe(file.path === '/usr/local/sbin/openstack-ha-apply' ? '0755' : '0644');
    }
  });

  it('is sorted by path, has no hidden files, and carries the file text', () => {
    expect([...paths].sort()).toEqual(paths);
    expect(paths.some((p) => p.split('/').some((part) => part.startsWith('.')))).toBe(false);
    const site = files.find((f) => f.path.endsWith('/manifests/site.pp'))!;
    expect(site.content).toContain('assert_type(Openstack_ha::Role, $role_value)');
  });

  it('returns copies, so a caller cannot change the cached payload', () => {
    const first = puppetPayloadFiles();
    first[0].content = 'changed';
    first.pop();
    expect(puppetPayloadFiles()).toEqual(files);
  });
});

describe('findPackageRoot', () => {
  it('finds the package from the compiled output folder as well as the sources', () => {
    const root = findPackageRoot(__dirname);
    expect(findPackageRoot(join(root, 'dist', 'lib', 'documents'))).toBe(root);
    expect(findPackageRoot(join(root, 'lib', 'documents'))).toBe(root);
  });

  it('skips package.json files of other packages on the way up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payload-root-'));
    try {
      mkdirSync(join(dir, 'inner', 'deeper'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'openstack-ha-cdktf' }));
      writeFileSync(join(dir, 'inner', 'package.json'), JSON.stringify({ name: 'something-else' }));
      expect(findPackageRoot(join(dir, 'inner', 'deeper'))).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('nodePathOf', () => {
  it('rejects anything but the wrapper in bin/', () => {
    expect(() => nodePathOf('bin/other-script')).toThrow(/only openstack-ha-apply may live in bin/);
  });
});
