// Every node of every example, checked by the real consumers: cloud-init validates its
// user-data, and Puppet compiles its catalog from the files exactly as cloud-init would write
// them to the node (staged from the user-data, not from the library's in-memory objects).
import { afterAll, describe, expect, it } from 'vitest';
import { collectNodeDocuments } from '../../lib/compute/node-documents';
import { EXAMPLES } from '../support/examples';
import { checkCloudInitSchema } from './support/cloud-init';
import { checkHieraKeys, compileCatalog, formatUnknownKeys } from './support/puppet';
import { makeScratchDir, removeDir } from './support/run';
import { stageNode } from './support/stage';
import { checkRenderedDaemonConfigs } from './support/daemon-checks';

const timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) console.log(`per-node compile times:\n  ${timings.join('\n  ')}`);
});

for (const example of EXAMPLES) {
  const nodes = collectNodeDocuments(example.build());

  describe(`examples/${example.name}`, () => {
    it('has nodes to check', () => {
      expect(nodes.length).toBeGreaterThan(0);
    });

    it.each(nodes.map((n) => [n.fqdn, n] as const))('%s: user-data passes cloud-init schema', async (_fqdn, node) => {
      const check = await checkCloudInitSchema(node.userDataOffline);
      expect(check.problems, check.schemaOutput).toEqual([]);
    });

    it.each(nodes.map((n) => [n.fqdn, n] as const))('%s: catalog compiles from the staged user-data', async (_fqdn, node) => {
      const dir = makeScratchDir(`node-${node.fqdn}`);
      try {
        stageNode(node.userDataOffline, dir);
        const keys = await checkHieraKeys(dir);
        expect(keys.unknown, formatUnknownKeys(keys)).toEqual([]);
        const compiled = await compileCatalog({ stagedDir: dir, certname: node.fqdn, facts: node.facts });
        timings.push(`${example.name}/${node.fqdn} (${node.role}): ${(compiled.durationMs / 1000).toFixed(1)} s`);
        const classes = compiled.catalog.resources.filter((r) => r.type === 'Class').map((r) => r.title.toLowerCase());
        expect(classes).toContain(`openstack_ha::role::${node.role}`);
        for (const profile of node.profiles) expect(classes).toContain(`openstack_ha::profile::${profile}`);
        const daemons = await checkRenderedDaemonConfigs(compiled.catalog, 'ens3');
        const expected = [
          ...(node.profiles.includes('haproxy' as never) ? ['haproxy -c'] : []),
          ...(node.profiles.includes('keepalived' as never) ? ['keepalived -t'] : []),
          ...(node.profiles.includes('galera' as never) ? ['mariadbd --help --verbose'] : []),
          ...(node.profiles.includes('rabbitmq' as never) ? ['erl file:consult'] : []),
        ];
        expect(daemons.map((d) => d.checker)).toEqual(expect.arrayContaining(expected));
        for (const d of daemons) expect(d.ok, `${d.checker} rejected ${d.path}:\n${d.output}`).toBe(true);
      } finally {
        removeDir(dir);
      }
    });
  });
}
