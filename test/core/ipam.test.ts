import { describe, expect, it } from 'vitest';
import { HaValidationError } from '../../lib/core/errors';
import { AddressPlan, formatIpv4, networkContains, parseCidr, parseIpv4 } from '../../lib/core/ipam';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as HaValidationError).codes?.[0];
  }
  return undefined;
}

describe('IPv4 parsing', () => {
  it.each(['10.0.0.1', '0.0.0.0', '255.255.255.255', '192.168.1.10'])('round-trips %s', (a) => {
    expect(formatIpv4(parseIpv4(a)!)).toBe(a);
  });
  it.each(['10.0.0', '10.0.0.256', '10.0.0.01', 'a.b.c.d', '', '10.0.0.1/24'])('rejects %j', (a) => {
    expect(parseIpv4(a)).toBeUndefined();
  });
  it.each(['10.0.0.0/33', '10.0.0.1/24', '10.0.0.0', '10.0.0.0/', '10.0.0.0/24/1', 'x/24'])('rejects CIDR %j', (c) => {
    expect(parseCidr(c)).toBeUndefined();
  });
  it('parses a CIDR', () => {
    const n = parseCidr('10.20.0.0/24')!;
    expect(n).toMatchObject({ prefix: 24, size: 256 });
    expect(networkContains(n, '10.20.0.200')).toBe(true);
    expect(networkContains(n, '10.20.1.0')).toBe(false);
  });
});

describe('AddressPlan', () => {
  const plan = () => new AddressPlan(parseCidr('10.20.0.0/24')!);

  it('hands out blocks deterministically, lowest free offset first', () => {
    const p = plan();
    expect(p.reserveNextBlock('a', 16)).toEqual({ owner: 'a', first: 2, size: 16 });
    p.reserveAddress('vip', '10.20.0.20');
    expect(p.reserveNextBlock('b', 4).first).toBe(21);
    expect(p.reserveNextBlock('c', 2).first).toBe(18);
  });

  it('keeps a group at its offset whatever else is reserved', () => {
    const p1 = plan();
    p1.reserveBlock('ctl', 32, 16);
    const p2 = plan();
    p2.reserveNextBlock('other', 20);
    p2.reserveBlock('ctl', 32, 16);
    expect(p1.addressAt(32 + 2)).toBe(p2.addressAt(32 + 2));
  });

  it.each([
    ['overlapping block', (p: AddressPlan) => (p.reserveBlock('a', 10, 10), p.reserveBlock('b', 15, 2)), 'HA1105'],
    ['block past the end', (p: AddressPlan) => p.reserveBlock('a', 250, 10), 'HA1104'],
    ['network address', (p: AddressPlan) => p.reserveBlock('a', 0, 1), 'HA1104'],
    ['address outside', (p: AddressPlan) => p.reserveAddress('v', '10.21.0.5'), 'HA1004'],
    ['address taken', (p: AddressPlan) => (p.reserveBlock('a', 10, 10), p.reserveAddress('v', '10.20.0.12')), 'HA1006'],
    ['subnet full', (p: AddressPlan) => p.reserveNextBlock('a', 300), 'HA1005'],
  ])('reports %s', (_name, act, code) => {
    expect(codeOf(() => act(plan()))).toBe(code);
  });
});
