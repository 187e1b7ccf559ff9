import { Construct } from '../core/cdk';
import { parseIpv4 } from '../core/ipam';
import { validateRules, ValidationRule } from '../core/rules';
import { Secret } from '../core/secret';
import { CephService, DEFAULT_OPENSTACK_POOLS, OpenstackPools } from '../documents/storage-keys';
import { TrafficSource } from '../compute/security-group';
import { ICephStorage } from './ceph-storage';

/** Props of {@link ExternalCeph}. */
export interface ExternalCephProps {
  /** The cluster id (fsid), a UUID. */
  readonly fsid: string;
  /** The monitors' addresses. */
  readonly monitorAddresses: string[];
  /**
   * The keys of the services' Ceph users, as secrets from sensitive Terraform variables
   * (`Secret.fromToken('glance-key', new TerraformVariable(stack, 'glance_key', { sensitive: true }).stringValue)`).
   */
  readonly keys: { readonly glance: Secret; readonly cinder: Secret; readonly nova: Secret };
  /** The pool names. @default images, volumes, vms */
  readonly pools?: OpenstackPools;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const RULES: ValidationRule<ExternalCephProps>[] = [
  { code: 'HA1706', prop: 'fsid', failsWhen: (p) => !UUID.test(p.fsid) },
  {
    code: 'HA1706',
    prop: 'monitorAddresses',
    failsWhen: (p) => p.monitorAddresses.length === 0 || p.monitorAddresses.some((a) => parseIpv4(a) === undefined),
  },
  {
    code: 'HA1703',
    prop: 'pools',
    value: (p) => p.pools,
    failsWhen: (p) => !!p.pools && new Set([p.pools.images, p.pools.volumes, p.pools.vms]).size < 3,
  },
];

/**
 * An existing Ceph cluster: the library deploys no Ceph node and only configures the
 * OpenStack services as its clients. The pools and users must exist, with the capabilities
 * `cephxCaps` documents.
 *
 * @example
 * const ceph = new ExternalCeph(stack, 'Ceph', { fsid, monitorAddresses: ['10.0.9.1', '10.0.9.2', '10.0.9.3'], keys });
 */
export class ExternalCeph extends Construct implements ICephStorage {
  /** The cluster id. */
  public readonly fsid: string;
  /** The monitors' addresses. */
  public readonly monitorAddresses: readonly string[];
  /** The pool names. */
  public readonly pools: OpenstackPools;
  private readonly keys: ExternalCephProps['keys'];

  constructor(scope: Construct, id: string, props: ExternalCephProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    this.fsid = props.fsid;
    this.monitorAddresses = [...props.monitorAddresses];
    this.pools = props.pools ?? DEFAULT_OPENSTACK_POOLS;
    this.keys = props.keys;
  }

  /** The key of a service's Ceph user. */
  public keyOf(service: CephService): Secret {
    return this.keys[service];
  }

  /** Nothing to open: the cluster's own firewall is not managed here. */
  public allowClients(_clients: { asTrafficSource(): TrafficSource }): void {}
}
