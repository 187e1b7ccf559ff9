import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (the RFC 4122 version-5 layout over SHA-256): the same name
 * always gives the same UUID, so identifiers such as a Ceph cluster's fsid or a libvirt
 * secret UUID are concrete at synth time, appear in the reviewed output, and never change
 * between synths.
 */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(`openstack-ha-cdktf:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
