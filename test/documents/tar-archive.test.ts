import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarGzArchive } from '../../lib/documents/tar-archive';
import { puppetPayloadArchive, puppetPayloadFiles, withoutLeadingComments } from '../../lib/documents/puppet-payload';

describe('tar archives', () => {
  const entries = [
    { path: 'etc/b.txt', content: 'second "file" with ${dollar} and é\n', mode: '0644' },
    { path: 'usr/local/sbin/run', content: '#!/bin/sh\necho hi\n', mode: '0755' },
    { path: `etc/${'deep/'.repeat(25)}name.pp`, content: 'class x {}\n', mode: '0644' },
    { path: 'etc/a.bin', content: Uint8Array.from([0, 1, 2, 255]), mode: '0600' },
  ];

  it('unpack with the real tar to the same files and modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
    try {
      writeFileSync(join(dir, 'a.tar.gz'), tarGzArchive(entries));
      const out = join(dir, 'out');
      execFileSync('mkdir', [out]);
      execFileSync('tar', ['--no-same-owner', '--touch', '-xzf', join(dir, 'a.tar.gz'), '-C', out]);
      for (const e of entries) {
        const p = join(out, e.path);
        expect(readFileSync(p)).toEqual(Buffer.from(e.content as string));
        expect((statSync(p).mode & 0o777).toString(8).padStart(4, '0')).toBe(e.mode);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are byte-identical whatever the order of the entries', () => {
    expect(tarGzArchive([...entries].reverse()).equals(tarGzArchive(entries))).toBe(true);
  });

  it('refuse absolute and parent paths', () => {
    expect(() => tarGzArchive([{ path: '/etc/x', content: '', mode: '0644' }])).toThrow(/unsafe/);
    expect(() => tarGzArchive([{ path: 'etc/../x', content: '', mode: '0644' }])).toThrow(/unsafe/);
  });
});

describe('the Puppet payload archive', () => {
  it('holds every payload file, manifests without their documentation header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payload-test-'));
    try {
      writeFileSync(join(dir, 'p.tar.gz'), puppetPayloadArchive());
      const listing = execFileSync('tar', ['-tzf', join(dir, 'p.tar.gz')], { encoding: 'utf8' }).split('\n');
      for (const f of puppetPayloadFiles()) expect(listing).toContain(f.path.slice(1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('strips only the leading comment block of a manifest', () => {
    expect(withoutLeadingComments('# doc\n#\n# @param x\n\nclass a (\n  # keep me\n  $x,\n) {}\n')).toBe('class a (\n  # keep me\n  $x,\n) {}\n');
  });
});
