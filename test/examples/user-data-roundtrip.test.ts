// What Terraform hands to Nova is, once decompressed, exactly the document the offline checks
// validate: the real terraform binary evaluates every node's synthesized user_data (secrets
// replaced by their test values) and the result is compared byte for byte.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FRAMEWORK_PACKAGE, TerraformStack } from '../../lib/core/cdk';
import { synthesizeToJson } from '../../lib/core/synth-json';
import { ComputePool } from '../../lib/compute/compute-pool';
import { ServerNode } from '../../lib/compute/server-node';
import { EXAMPLES } from '../support/examples';
import { evaluateWithTerraform } from '../support/terraform-console';

const tokens: { resolve: (scope: unknown, obj: unknown) => unknown } = require(`${FRAMEWORK_PACKAGE}/lib/_tokens`);

function userDataOf(json: any, node: ServerNode | ComputePool): string {
  const instances = Object.values<any>(json.resource.openstack_compute_instance_v2);
  if (node instanceof ServerNode) return instances.find((i) => i.name === node.hostname).user_data;
  const pooled = instances.find((i) => i.metadata?.['openstack-ha:group'] === node.hostnamePrefix && i.for_each);
  const local = /^\$\{local\.(\w+)\}$/.exec(pooled.user_data)![1];
  return json.locals[local];
}

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('examples/%s user-data, evaluated by terraform', (_name, example) => {
  const stack = example.build();
  const json = synthesizeToJson(stack);
  const nodes = stack.node.findAll().filter((c): c is ServerNode | ComputePool => c instanceof ServerNode || c instanceof ComputePool);
  // One node per group: the others differ only in names and addresses.
  const representative = nodes.filter((n) => !(n instanceof ServerNode) || n.index === 0);

  it.each(representative.map((n) => [n.node.path, n] as const))('%s', (_path, node) => {
    const docs = node.renderDocuments();
    let userData = userDataOf(json, node);
    const locals: { [key: string]: string } = {};
    docs.secrets.forEach((secret, i) => {
      const expression = (tokens.resolve(TerraformStack.of(node), secret.token) as string).replace(/^\$\{|\}$/g, '');
      locals[`secret_${i}`] = secret.testValue;
      userData = userData.split(expression).join(`local.secret_${i}`);
    });
    expect(userData).toMatch(/^\$\{base64gzip\(/);
    // The shared end of every node's document is one local of the stack; it goes along.
    const shared = Object.fromEntries(Object.entries<string>(json.locals).filter(([name]) => userData.includes(`local.${name}`)));
    expect(Object.keys(shared), 'the Puppet payload is carried once, as a local').toEqual(['openstack_ha_puppet_payload']);
    const printed = evaluateWithTerraform({ locals: { ...shared, ...locals, user_data: userData } }, 'local.user_data');
    const base64 = JSON.parse(printed.trim());
    expect(base64.length).toBeLessThanOrEqual(65535);
    const evaluated = gunzipSync(Buffer.from(base64, 'base64')).toString('utf8');
    expect(evaluated).toBe(docs.userDataOffline);
  });
});
