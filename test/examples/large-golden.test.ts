/**
 * The large blueprint's Terraform JSON against its reviewed golden file. Kept apart from the
 * behaviour tests of `large.test.ts` so that it runs on its own in a few seconds (`npm run
 * bench` times it as G6). A change here is reviewed like code: update the golden file only
 * with `npx vitest run -u test/examples/large-golden.test.ts` after reading the diff.
 */
import { expect, it } from 'vitest';
import { App } from '../../lib/core/cdk';
import { stringifyTerraformJson, synthesizeToJson } from '../../lib/core/synth-json';
import { buildLargeCloud } from '../../examples/large/large';

it('examples/large matches the reviewed Terraform JSON', async () => {
  const json = synthesizeToJson(buildLargeCloud(new App()));
  await expect(stringifyTerraformJson(json)).toMatchFileSnapshot('../golden/large/cdk.tf.json');
});
