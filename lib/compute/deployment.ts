import { Construct, IConstruct, Lazy, TerraformLocal, TerraformStack } from '../core/cdk';
import type { SharedDocumentTail } from '../documents/cloud-config';
import { HieraData } from '../documents/hiera';
import { terraformStringLiteral } from '../documents/terraform-template';
import { puppetPayloadTail } from './node-cloud-config';
import type { NodeGroup } from './node-group';

/**
 * The deployment-wide state of one stack: the hiera data shared by every node
 * (`common.yaml`) and the node groups, so that every node can list its peers.
 *
 * There is one per stack, created on first use; constructs reach it with
 * {@link Deployment.of}. It creates no resource, only the Terraform local
 * `openstack_ha_puppet_payload`: the end every node's user-data shares (the project's Puppet
 * code and the command that applies it), carried once instead of once per node.
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
  /** The shared end of the nodes' user-data, for {@link CloudConfig.renderForTerraform}. */
  public readonly sharedPayload: SharedDocumentTail;
  private readonly groups: NodeGroup[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.common = new HieraData(`${this.node.path} (common.yaml)`);
    let literal: string | undefined;
    const payload = new TerraformLocal(this, 'PuppetPayload', Lazy.stringValue({ produce: () => (literal ??= `\${${terraformStringLiteral(puppetPayloadTail().text)}}`) }));
    payload.overrideLogicalId(Deployment.PAYLOAD_LOCAL);
    // A plain reference, not the local's token: the token would be written with braces when
    // it follows an object literal's closing brace in the same expression.
    const reference = `local.${Deployment.PAYLOAD_LOCAL}`;
    // The tail is rendered on first use (at synth), not when the stack is built.
    this.sharedPayload = {
      get fromFile() {
        return puppetPayloadTail().fromFile;
      },
      expressionFor: (text) => (text === puppetPayloadTail().text ? reference : undefined),
    };
  }

  private static readonly PAYLOAD_LOCAL = 'openstack_ha_puppet_payload';

  /** Registers a node group (done by the group itself). */
  public addGroup(group: NodeGroup): void {
    this.groups.push(group);
  }

  /** The node groups of the stack, in construction order. */
  public get nodeGroups(): readonly NodeGroup[] {
    return this.groups;
  }
}
