import { Construct } from '../core/cdk';
import { stableUuid } from '../core/stable-uuid';
import { Nova } from '../services/nova';
import { addCephClient, ICephStorage } from './ceph-storage';
import { CephBackedCinder } from './cinder';

/** Props of {@link NovaOnCeph}. */
export interface NovaOnCephProps {
  /** The Compute service whose computes use Ceph. */
  readonly nova: Nova;
  /** The Ceph cluster. */
  readonly ceph: ICephStorage;
  /** The Block Storage service, whose libvirt secret the computes share. */
  readonly cinder: CephBackedCinder;
  /**
   * Put the instances' ephemeral disks on RBD too (live migration without shared files,
   * instant boot from cloned images); otherwise only volumes are on Ceph.
   *
   * @default true
   */
  readonly ephemeralDisks?: boolean;
}

/**
 * Connects the computes to Ceph: the `ceph_client` profile with two libvirt secrets, the
 * Cinder user's key under Cinder's secret UUID (Cinder hands volumes to Nova as that user)
 * and the Nova user's key under its own UUID for the instances' ephemeral disks in the
 * `vms` pool (optional).
 */
export class NovaOnCeph extends Construct {
  /** The libvirt secret UUID of the Nova user's key. */
  public readonly novaSecretUuid: string;

  constructor(scope: Construct, id: string, props: NovaOnCephProps) {
    super(scope, id);
    this.novaSecretUuid = stableUuid(`${this.node.path}/libvirt-secret`);
    const ephemeral = props.ephemeralDisks ?? true;
    for (const computes of props.nova.computes) {
      addCephClient(props.ceph, computes, ['cinder'], { uuid: props.cinder.libvirtSecretUuid, service: 'cinder' });
      if (ephemeral) addCephClient(props.ceph, computes, ['nova'], { uuid: this.novaSecretUuid, service: 'nova' });
    }
    if (ephemeral) {
      props.nova.useRbdDisks({
        pool: props.ceph.pools.vms,
        user: 'nova',
        key: props.ceph.keyOf('nova'),
        secretUuid: this.novaSecretUuid,
      });
    }
  }
}
