import { Construct } from '../core/cdk';
import { validateRules, ValidationRule } from '../core/rules';
import { GLANCE_KEYS } from '../documents/storage-keys';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { wireApiService } from '../services/api-service';
import { ServiceContext } from '../services/service-context';
import { addCephClient, ICephStorage } from './ceph-storage';

/** Props of {@link Glance}. */
export interface GlanceProps extends ServiceContext {
  /** The nodes the Image API runs on. */
  readonly nodes: NodeGroup;
  /**
   * The Ceph cluster that stores the images. Without one, images go to the node's local
   * disk, which only works with a single Glance API.
   *
   * @default - a local file store (one node only)
   */
  readonly ceph?: ICephStorage;
}

const RULES: ValidationRule<GlanceProps>[] = [
  {
    code: 'HA1701',
    prop: 'ceph',
    value: (p) => `${p.nodes.nodes.length} Glance APIs, no shared store`,
    failsWhen: (p) => p.ceph === undefined && p.nodes.nodes.length > 1,
  },
];

/**
 * The Image service. With a shared store (Ceph) it runs on every node of its group behind
 * the VIP; with the local file store it must run on a single node, since each node would
 * hold different images.
 */
export class Glance extends Construct {
  /** The endpoint on the VIP. */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: GlanceProps) {
    super(scope, id);
    validateRules(this, props, RULES);
    const wired = wireApiService(this, props.nodes, props, {
      profile: Profile.GLANCE,
      commonClass: 'openstack_ha::profile::glance',
      user: 'glance',
      frontend: 'glance',
      port: PORTS.glance.port!,
      checkPath: '/healthcheck',
      database: { name: 'glance', user: 'glance' },
      messaging: false,
    });
    this.endpoint = wired.publicUrl;
    if (props.ceph) {
      props.nodes.setHiera(GLANCE_KEYS.store, 'rbd');
      props.nodes.setHiera(GLANCE_KEYS.rbdPool, props.ceph.pools.images);
      props.nodes.setHiera(GLANCE_KEYS.rbdUser, 'glance');
      addCephClient(props.ceph, props.nodes, ['glance']);
    } else {
      props.nodes.setHiera(GLANCE_KEYS.store, 'file');
    }
  }
}

/** Props of {@link CephBackedGlance}. */
export interface CephBackedGlanceProps extends ServiceContext {
  /** The nodes the Image API runs on (every one of them, behind the VIP). */
  readonly nodes: NodeGroup;
  /** The Ceph cluster that stores the images. */
  readonly ceph: ICephStorage;
}

/**
 * The Image service on Ceph: Glance API on every node behind the VIP, images in their own
 * RBD pool through Glance's multistore RBD backend, its own Ceph user limited to that pool,
 * and image locations shown (`show_image_direct_url`) so Cinder and Nova clone images
 * instead of copying them.
 *
 * @example
 * new CephBackedGlance(stack, 'Glance', { nodes: controllers, ceph, ...ctx });
 */
export class CephBackedGlance extends Glance {
  constructor(scope: Construct, id: string, props: CephBackedGlanceProps) {
    super(scope, id, props);
  }
}
