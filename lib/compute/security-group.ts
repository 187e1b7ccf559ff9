import { Construct } from '../core/cdk';
import { NetworkingSecgroupRuleV2 } from '../providers/openstack/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '../providers/openstack/networking-secgroup-v2';
import { ServicePort } from './port-table';

/** Where allowed traffic may come from. */
export interface TrafficSource {
  /** A readable name for rule descriptions (`db`, `admin network`). */
  readonly label: string;
  /** The security group id of the peers (a Terraform reference). */
  readonly securityGroupId?: string;
  /** An IPv4 prefix, when the source is not a group. */
  readonly cidr?: string;
}

/**
 * A security group of the underlying cloud whose ingress rules are added by the constructs
 * that need them, from the port table, deduplicated.
 *
 * Egress keeps the cloud's default (allow all).
 */
export class SecurityGroup extends Construct {
  /** The security group resource. */
  public readonly resource: NetworkingSecgroupV2;
  /** The security group id (a Terraform reference, read once). */
  public readonly id: string;
  private readonly ruleKeys = new Set<string>();
  private ruleCount = 0;

  constructor(scope: Construct, id: string, props: { name: string; description: string }) {
    super(scope, id);
    this.resource = new NetworkingSecgroupV2(this, 'Resource', { name: props.name, description: props.description });
    this.id = this.resource.id;
  }

  /** Allows one opening of the port table from a source; a repeated call adds nothing. */
  public allow(port: ServicePort, from: TrafficSource): void {
    const remote = from.securityGroupId ?? from.cidr ?? '0.0.0.0/0';
    const key = `${port.protocol}/${port.port ?? '*'}/${remote}`;
    if (this.ruleKeys.has(key)) return;
    this.ruleKeys.add(key);
    // The id names the opening, not the order of calls, so adding a construct elsewhere
    // never renames (and so replaces) an existing rule.
    const base = `Allow-${port.name}-from-${from.label.replace(/[^A-Za-z0-9]+/g, '-')}`;
    const ruleId = this.node.tryFindChild(base) ? `${base}-${++this.ruleCount}` : base;
    new NetworkingSecgroupRuleV2(this, ruleId, {
      securityGroupId: this.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: port.protocol,
      ...(port.port !== undefined ? { portRangeMin: port.port, portRangeMax: port.portEnd ?? port.port } : {}),
      ...(from.securityGroupId !== undefined ? { remoteGroupId: from.securityGroupId } : { remoteIpPrefix: remote }),
      description: `${port.description} from ${from.label}`,
    });
  }

  /** The number of distinct rules. */
  public get size(): number {
    return this.ruleKeys.size;
  }
}
