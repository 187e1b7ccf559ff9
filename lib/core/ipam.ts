/**
 * Synth-time IPv4 address management.
 *
 * Node addresses are chosen when the stack is synthesized, not by the underlying cloud at
 * apply time, so that hiera data and rendered configurations (HAProxy backends, the Galera
 * `gcomm://` list, RabbitMQ peers) are concrete and can be checked before deploy.
 *
 * Allocation is deterministic and stable: each owner (a node group, a VIP) gets a block at
 * a fixed offset from the start of the subnet, and node `i` of a group always gets
 * `offset + i`. Adding a node to a group, or removing the last one, leaves every other
 * address where it was. Blocks are checked for overlap.
 *
 * @module
 */
import { fail } from './errors';

/** A parsed IPv4 network in CIDR form. */
export interface Ipv4Network {
  /** The CIDR as written, for example `10.20.0.0/24`. */
  readonly cidr: string;
  /** The network address as a 32-bit unsigned number. */
  readonly base: number;
  /** The prefix length, 0 to 32. */
  readonly prefix: number;
  /** The number of addresses in the network, network and broadcast included. */
  readonly size: number;
}

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit number, or undefined when invalid. */
export function parseIpv4(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Formats an unsigned 32-bit number as a dotted-quad IPv4 address. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Parses an IPv4 CIDR such as `10.20.0.0/24`, or returns undefined when invalid or when host bits are set. */
export function parseCidr(cidr: string): Ipv4Network | undefined {
  if (typeof cidr !== 'string') return undefined;
  const [addr, prefixText, extra] = cidr.split('/');
  if (extra !== undefined || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const base = parseIpv4(addr);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { cidr, base, prefix, size };
}

/** True when the address (dotted quad) lies inside the network. */
export function networkContains(network: Ipv4Network, address: string): boolean {
  const a = parseIpv4(address);
  return a !== undefined && a >= network.base && a < network.base + network.size;
}

/** One reserved range of a subnet: `[first, first + size)` offsets from the network address. */
export interface AddressBlock {
  /** Who holds the block, as a construct path or a readable name. */
  readonly owner: string;
  /** The first offset of the block from the network address. */
  readonly first: number;
  /** How many addresses the block holds. */
  readonly size: number;
}

/**
 * The address plan of one subnet: which offsets are held by whom.
 *
 * Offsets 0 (network), 1 (gateway) and the last one (broadcast) are never handed out.
 */
export class AddressPlan {
  /** The subnet this plan manages. */
  public readonly network: Ipv4Network;
  private readonly blocks: AddressBlock[] = [];

  constructor(network: Ipv4Network) {
    this.network = network;
  }

  /** The first offset that may be given to a node or VIP (after network and gateway). */
  public get firstUsableOffset(): number {
    return 2;
  }

  /** The last offset that may be given out (before broadcast). */
  public get lastUsableOffset(): number {
    return this.network.size - 2;
  }

  /** The blocks reserved so far, in the order they were reserved. */
  public get reserved(): readonly AddressBlock[] {
    return this.blocks;
  }

  /** The address at an offset from the network address. */
  public addressAt(offset: number): string {
    return formatIpv4(this.network.base + offset);
  }

  /** The offset of an address inside this subnet, or undefined when outside. */
  public offsetOf(address: string): number | undefined {
    const a = parseIpv4(address);
    if (a === undefined || a < this.network.base || a >= this.network.base + this.network.size) return undefined;
    return a - this.network.base;
  }

  /**
   * Reserves `size` consecutive addresses starting at `first`.
   *
   * @throws HaValidationError HA1104 when the block leaves the usable range, HA1105 when it overlaps another
   */
  public reserveBlock(owner: string, first: number, size: number, prop = 'addressOffset'): AddressBlock {
    if (first < this.firstUsableOffset || first + size - 1 > this.lastUsableOffset) {
      fail(owner, {
        code: 'HA1104',
        prop,
        value: first,
        message: `a block of ${size} addresses at offset ${first} does not fit in the usable offsets ${this.firstUsableOffset}..${this.lastUsableOffset} of ${this.network.cidr}`,
      });
    }
    const clash = this.blocks.find((b) => first < b.first + b.size && b.first < first + size);
    if (clash) {
      fail(owner, {
        code: 'HA1105',
        prop,
        value: first,
        message: `offsets ${first}..${first + size - 1} overlap ${clash.first}..${clash.first + clash.size - 1}, held by ${clash.owner}`,
      });
    }
    const block = { owner, first, size };
    this.blocks.push(block);
    return block;
  }

  /** Reserves one given address (a VIP, for example). */
  public reserveAddress(owner: string, address: string, prop = 'address'): AddressBlock {
    const offset = this.offsetOf(address);
    if (offset === undefined) {
      fail(owner, { code: 'HA1004', prop, value: address, message: `${address} is not inside ${this.network.cidr}` });
    }
    const clash = this.blocks.find((b) => offset >= b.first && offset < b.first + b.size);
    if (clash) {
      fail(owner, { code: 'HA1006', prop, value: address, message: `${address} is already held by ${clash.owner}` });
    }
    return this.reserveBlock(owner, offset, 1, prop);
  }

  /**
   * Reserves the next free block of `size` addresses at or after `from`, in a deterministic
   * way: the lowest free offset wins.
   *
   * @throws HaValidationError HA1005 when the subnet has no such gap
   */
  public reserveNextBlock(owner: string, size: number, from = this.firstUsableOffset): AddressBlock {
    let candidate = Math.max(from, this.firstUsableOffset);
    const sorted = [...this.blocks].sort((a, b) => a.first - b.first);
    for (const b of sorted) {
      if (candidate + size <= b.first) break;
      if (candidate < b.first + b.size) candidate = b.first + b.size;
    }
    if (candidate + size - 1 > this.lastUsableOffset) {
      fail(owner, {
        code: 'HA1005',
        prop: 'count',
        value: size,
        message: `no free block of ${size} addresses is left in ${this.network.cidr}`,
      });
    }
    return this.reserveBlock(owner, candidate, size);
  }
}
