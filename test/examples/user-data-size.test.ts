import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { NOVA_USER_DATA_LIMIT } from '../../lib/documents/cloud-config';
import { ComputePool } from '../../lib/compute/compute-pool';
import { ServerNode } from '../../lib/compute/server-node';
import { EXAMPLES } from '../support/examples';

// Nova refuses user-data whose base64 form exceeds 65,535 bytes. Nodes deliver their document
// gzip-compressed, so that limit applies to base64(gzip(document)), whatever the number of
// services on the node.
const sizes: string[] = [];
afterAll(() => console.log(`user-data sizes (base64 of gzip, bytes):\n  ${sizes.join('\n  ')}`));

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('examples/%s user-data size', (name, example) => {
  const nodes = example
    .build()
    .node.findAll()
    .filter((c): c is ServerNode | ComputePool => c instanceof ServerNode || c instanceof ComputePool);

  it.each(nodes.map((n) => [n.node.path, n] as const))('%s fits in a Nova user-data', (path, node) => {
    const estimate = node.buildCloudConfig().terraformSizeEstimate();
    const offline = node.renderDocuments().userDataOffline;
    const actual = Math.ceil(gzipSync(offline, { level: 6 }).length / 3) * 4;
    sizes.push(`${name} ${path}: ${actual} (estimate ${estimate.encodedBytes}, document ${Buffer.byteLength(offline)})`);
    expect(estimate.encodedBytes).toBeLessThanOrEqual(NOVA_USER_DATA_LIMIT);
    expect(actual).toBeLessThanOrEqual(estimate.encodedBytes);
  });
});
