import { Secret } from '../core/secret';
import { CEPH_CLIENT_KEYS, CephService, OpenstackPools } from '../documents/storage-keys';
import { Profile } from '../documents/roles';
import { ComputePool } from '../compute/compute-pool';
import { NodeGroup } from '../compute/node-group';
import { TrafficSource } from '../compute/security-group';

/** A Ceph cluster the OpenStack services can use: deployed by the library or existing. */
export interface ICephStorage {
  /** The cluster id (fsid). */
  readonly fsid: string;
  /** Every monitor's address. */
  readonly monitorAddresses: readonly string[];
  /** The pools of the OpenStack services. */
  readonly pools: OpenstackPools;
  /** The key of a service's Ceph user (`client.glance`, `client.cinder`, `client.nova`). */
  keyOf(service: CephService): Secret;
  /** Lets a group or pool of Ceph clients reach the monitors and OSDs. */
  allowClients(clients: { asTrafficSource(): TrafficSource }): void;
}

/** The group a service's keyring is readable by. */
const KEYRING_GROUP: { readonly [s in CephService]: string } = { glance: 'glance', cinder: 'cinder', nova: 'nova' };

// The keys and keyring groups of each client group, shared by every call so that a node that
// serves two services (Glance and Cinder on converged controllers) gets both keys.
const CLIENTS = new WeakMap<NodeGroup | ComputePool, { keys: { [name: string]: Secret }; groups: { [name: string]: string }; secrets: { [uuid: string]: string } }>();

/**
 * Makes a group or pool a Ceph client of some services: the `ceph_client` profile with the
 * cluster's address and the keys of exactly those services' users (nothing more: a Glance
 * node never holds Cinder's key). Calling it again for the same group adds services.
 */
export function addCephClient(
  ceph: ICephStorage,
  group: NodeGroup | ComputePool,
  services: readonly CephService[],
  libvirtSecret?: { uuid: string; service: CephService },
): void {
  let state = CLIENTS.get(group);
  if (!state) {
    state = { keys: {}, groups: {}, secrets: {} };
    CLIENTS.set(group, state);
    const current = state;
    group.addProfile(Profile.CEPH_CLIENT);
    group.setHiera(CEPH_CLIENT_KEYS.fsid, ceph.fsid);
    group.setHiera(CEPH_CLIENT_KEYS.monHosts, [...ceph.monitorAddresses]);
    group.setLazyHiera(CEPH_CLIENT_KEYS.keyringGroups, () => ({ ...current.groups }));
    group.setLazyHiera(CEPH_CLIENT_KEYS.libvirtSecrets, () => ({ ...current.secrets }));
    for (const target of group instanceof NodeGroup ? group.nodes : [group]) {
      target.hiera.setSecretMap(CEPH_CLIENT_KEYS.keys, current.keys);
    }
    ceph.allowClients(group);
  }
  for (const s of services) {
    state.keys[`client.${s}`] = ceph.keyOf(s);
    state.groups[`client.${s}`] = KEYRING_GROUP[s];
  }
  if (libvirtSecret) state.secrets[libvirtSecret.uuid] = `client.${libvirtSecret.service}`;
}
