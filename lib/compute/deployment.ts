import { Construct, IConstruct, TerraformStack } from '../core/cdk';
import { HieraData } from '../documents/hiera';
import type { NodeGroup } from './node-group';

/**
 * The deployment-wide state of one stack: the hiera data shared by every node
 * (`common.yaml`) and the node groups, so that every node can list its peers.
 *
 * There is one per stack, created on first use; constructs reach it with
 * {@link Deployment.of}. It creates no resource.
 */
export class Deployment extends Construct {
  /** The deployment of the stack that holds `scope`, created on first use. */
  public static of(scope: IConstruct): Deployment {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(Deployment.ID);
    if (existing) return existing as Deployment;
    return new Deployment(stack, Deployment.ID);
  }

  private static readonly ID = 'Deployment';

  /** The data every node of the stack reads (`common.yaml`); it never holds secrets. */
  public readonly common: HieraData;
  private readonly groups: NodeGroup[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.common = new HieraData(`${this.node.path} (common.yaml)`);
  }

  /** Registers a node group (done by the group itself). */
  public addGroup(group: NodeGroup): void {
    this.groups.push(group);
  }

  /** The node groups of the stack, in construction order. */
  public get nodeGroups(): readonly NodeGroup[] {
    return this.groups;
  }
}
