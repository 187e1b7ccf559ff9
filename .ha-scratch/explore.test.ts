import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { it } from 'vitest';
import { RABBITMQ_KEYS, GALERA_KEYS, HAPROXY_KEYS, KEEPALIVED_KEYS } from '../lib/documents/hiera-keys';
import { catalogFiles } from '../test/real/support/catalog-files';
import { compileClusterNode, entry } from '../test/real/support/cluster-node';

const OUT = '/tmp/oha-explore';
function dump(name: string, catalog: any) {
  for (const [path, f] of catalogFiles(catalog)) {
    const p = join(OUT, name, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  writeFileSync(join(OUT, name, 'catalog.json'), JSON.stringify(catalog, null, 1));
}
it('explore', async () => {
  const mq = [1, 2, 3].map((i) => ({ hostname: `mq${i}`, address: `10.199.2.${10 + i}` }));
  const r = await compileClusterNode({
    node: mq[0], role: 'messaging', profiles: ['rabbitmq'], hosts: mq,
    nodeData: [entry(RABBITMQ_KEYS.nodeAddress, mq[0].address), entry(RABBITMQ_KEYS.clusterNodes, mq.map((m) => m.hostname))],
    secrets: [entry(RABBITMQ_KEYS.erlangCookie, 'Cookie-For-Tests-0123456789abcdef'), entry(RABBITMQ_KEYS.password, 'rabbit-password-0123456789')],
  });
  dump('mq1', r.compiled.catalog);
  const lb = [{ hostname: 'lb1', address: '10.199.3.11' }, { hostname: 'lb2', address: '10.199.3.12' }];
  const l = await compileClusterNode({
    node: lb[0], role: 'loadbalancer', profiles: ['haproxy', 'keepalived'], hosts: lb,
    nodeData: [
      entry(HAPROXY_KEYS.vips, ['10.199.3.10']),
      entry(HAPROXY_KEYS.nodeAddress, '10.199.3.11'),
      entry(HAPROXY_KEYS.frontends, { keystone: { port: 5000, backend_port: 5000, mode: 'http', check: 'http', check_path: '/v3', single_writer: false, timeout_seconds: 60, backends: [{ name: 'ctl1', address: '10.199.3.21' }] } }),
      entry(KEEPALIVED_KEYS.interface, 'ens3'),
      entry(KEEPALIVED_KEYS.nodeAddress, '10.199.3.11'),
      entry(KEEPALIVED_KEYS.peers, ['10.199.3.12']),
      entry(KEEPALIVED_KEYS.instances, { vip_51: { vip: '10.199.3.10', prefix_length: 24, virtual_router_id: 51, priority: 150, advert_interval: 1, vrrp_version: 3, nopreempt: true } }),
    ],
  });
  dump('lb1', l.compiled.catalog);
});
