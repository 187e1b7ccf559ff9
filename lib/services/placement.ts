import { Construct } from '../core/cdk';
import { Profile } from '../documents/roles';
import { NodeGroup } from '../compute/node-group';
import { PORTS } from '../compute/port-table';
import { wireApiService } from './api-service';
import { ServiceContext } from './service-context';

/** Props of {@link Placement}. */
export interface PlacementProps extends ServiceContext {
  /** The nodes the Placement API runs on. */
  readonly nodes: NodeGroup;
}

/**
 * The Placement API (resource inventories for the scheduler), active on every node of its
 * group behind the VIP.
 *
 * @example
 * const placement = new Placement(stack, 'Placement', { nodes: controllers, ...ctx });
 */
export class Placement extends Construct {
  /** The endpoint on the VIP. */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: PlacementProps) {
    super(scope, id);
    const wired = wireApiService(this, props.nodes, props, {
      profile: Profile.PLACEMENT,
      commonClass: 'openstack_ha::profile::placement',
      user: 'placement',
      frontend: 'placement',
      port: PORTS.placement.port!,
      checkPath: '/',
      database: { name: 'placement', user: 'placement' },
      messaging: false,
    });
    this.endpoint = wired.publicUrl;
  }
}
