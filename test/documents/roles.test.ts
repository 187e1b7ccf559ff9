import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeRole, Profile, ROLE_PROFILES } from '../../lib/documents/roles';

const TYPES = join(__dirname, '../../lib/puppet/modules/openstack_ha/types');

function enumValues(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const body = /Enum\[([\s\S]*?)\]/.exec(text);
  if (!body) throw new Error(`no Enum in ${file}`);
  return [...body[1].matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]).sort();
}

// The synth-time check and the Puppet types must agree, or a node passes synth and fails
// its first Puppet run (or the other way round).
describe('roles and profiles', () => {
  it('name the same roles as Openstack_ha::Role', () => {
    expect(Object.values(NodeRole).sort()).toEqual(enumValues(join(TYPES, 'role.pp')));
  });

  it.each(Object.values(NodeRole).filter((r) => r !== NodeRole.BASE))('allow the same profiles as Openstack_ha::Profiles::%s', (role) => {
    expect([...ROLE_PROFILES[role]].sort()).toEqual(enumValues(join(TYPES, 'profiles', `${role}.pp`)));
  });

  it('have a type file for every role but base, and list only known profiles', () => {
    const files = readdirSync(join(TYPES, 'profiles')).map((f) => f.replace(/\.pp$/, '')).sort();
    expect(files).toEqual(Object.values(NodeRole).filter((r) => r !== NodeRole.BASE).sort());
    const known = new Set<string>(Object.values(Profile));
    for (const role of Object.values(NodeRole)) for (const p of ROLE_PROFILES[role]) expect(known.has(p)).toBe(true);
  });
});
