import { App, TerraformStack } from '../../lib/core/cdk';
import { buildFirstCluster } from '../../examples/first-cluster/first-cluster';
import { buildHaControlPlane } from '../../examples/ha-control-plane/ha-control-plane';
import { buildMediumCloud } from '../../examples/medium/medium';
import { buildLargeCloud } from '../../examples/large/large';

/** One example app of `examples/`, buildable in a test. */
export interface ExampleStack {
  /** The example's folder name. */
  readonly name: string;
  /** Builds the example's stack in a fresh app. */
  readonly build: () => TerraformStack;
}

/** Every example the checks run over; a new example is added here once. */
export const EXAMPLES: readonly ExampleStack[] = [
  { name: 'first-cluster', build: () => buildFirstCluster(new App()) },
  { name: 'ha-control-plane', build: () => buildHaControlPlane(new App()) },
  { name: 'medium', build: () => buildMediumCloud(new App()) },
  { name: 'large', build: () => buildLargeCloud(new App()) },
];
