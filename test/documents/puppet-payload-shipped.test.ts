import { describe, expect, it } from 'vitest';
import { puppetPayloadFiles, puppetPayloadShippedFiles, withoutLeadingComments } from '../../lib/documents/puppet-payload';

describe('the shipped Puppet payload', () => {
  it('holds every payload file, manifests without their documentation header', () => {
    const shipped = puppetPayloadShippedFiles();
    expect(shipped.map((f) => f.path)).toEqual(puppetPayloadFiles().map((f) => f.path));
    for (const f of shipped.filter((x) => x.path.endsWith('.pp'))) expect(f.content).not.toMatch(/^\s*# @param/);
  });

  it('strips only the leading comment block of a manifest', () => {
    expect(withoutLeadingComments('# doc\n#\n# @param x\n\nclass a (\n  # keep me\n  $x,\n) {}\n')).toBe('class a (\n  # keep me\n  $x,\n) {}\n');
  });
});
