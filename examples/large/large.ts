import { Construct, LargeCloud, LargeCloudProps, OpenStackStack } from '../../lib';

/** Builds the large blueprint in its own stack. */
export function buildLargeCloud(scope: Construct, props: LargeCloudProps = {}, id = 'large'): OpenStackStack {
  const stack = new OpenStackStack(scope, id, { cloud: 'underlay' });
  new LargeCloud(stack, 'Cloud', props);
  return stack;
}
