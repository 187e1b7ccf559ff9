// The documents of one representative node per group of each blueprint, reviewed like code:
// its cloud-init (with the shipped Puppet module files shown by their SHA-256, as the module
// is reviewed in lib/puppet), its hiera files and its facts.
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ComputePool } from '../../lib/compute/compute-pool';
import { ServerNode } from '../../lib/compute/server-node';
import { EXAMPLES } from '../support/examples';

const BLUEPRINTS = new Set(['medium', 'large']);

function withModuleDigests(userData: string): string {
  const doc = parseDocument(userData.replace(/^#cloud-config\n/, ''));
  const files = doc.get('write_files') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  for (const item of files.items) {
    const path = String(item.get('path'));
    if (path.includes('/puppet/modules/') || path.includes('/puppet/manifests/') || path.startsWith('/usr/local/sbin/')) {
      item.set('content', `sha256:${createHash('sha256').update(String(item.get('content'))).digest('hex')}`);
    }
  }
  return `#cloud-config\n${doc.toString({ lineWidth: 0 })}`;
}

for (const example of EXAMPLES.filter((e) => BLUEPRINTS.has(e.name))) {
  describe(`examples/${example.name} node documents`, () => {
    const nodes = example
      .build()
      .node.findAll()
      .filter((c): c is ServerNode | ComputePool => c instanceof ServerNode || c instanceof ComputePool)
      .filter((n) => !(n instanceof ServerNode) || n.index === 0);

    it.each(nodes.map((n) => [n.node.path.split('/').slice(-2).join('-'), n] as const))('%s', async (name, node) => {
      const docs = node.renderDocuments();
      const dir = `../golden/${example.name}/${name}`;
      await expect(withModuleDigests(docs.userDataOffline)).toMatchFileSnapshot(`${dir}/cloud-init.yaml`);
      await expect(docs.commonYaml).toMatchFileSnapshot(`${dir}/hiera-common.yaml`);
      await expect(docs.nodeYaml).toMatchFileSnapshot(`${dir}/hiera-node.yaml`);
      await expect(`${JSON.stringify(docs.facts, null, 2)}\n`).toMatchFileSnapshot(`${dir}/facts.json`);
    });
  });
}
