import { Construct, MediumCloud, MediumCloudProps, OpenStackStack } from '../../lib';

/** Builds the medium blueprint in its own stack. */
export function buildMediumCloud(scope: Construct, props: MediumCloudProps = {}, id = 'medium'): OpenStackStack {
  const stack = new OpenStackStack(scope, id, { cloud: 'underlay' });
  new MediumCloud(stack, 'Cloud', props);
  return stack;
}
