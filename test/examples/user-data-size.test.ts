import { describe, expect, it } from 'vitest';
import { MAX_USER_DATA_BYTES } from '../../lib/documents/cloud-config';
import { ServerNode } from '../../lib/compute/server-node';
import { EXAMPLES } from '../support/examples';

// Nova refuses user-data whose base64 form exceeds 65,535 bytes, so the document itself must
// stay under 49,149 bytes whatever the number of services on the node.
describe.each(EXAMPLES.map((e) => [e.name, e] as const))('examples/%s user-data size', (_name, example) => {
  const nodes = example.build().node.findAll().filter((c): c is ServerNode => c instanceof ServerNode);

  it.each(nodes.map((n) => [n.fqdn, n] as const))('%s fits in a Nova user-data', (_fqdn, node) => {
    const size = node.buildCloudConfig().terraformSizeEstimate();
    expect(size.documentBytes).toBeGreaterThan(1000);
    expect(size.encodedBytes).toBeLessThanOrEqual(size.limit);
    expect(Buffer.byteLength(node.renderDocuments().userDataOffline)).toBeLessThanOrEqual(MAX_USER_DATA_BYTES);
  });
});
