/**
 * openstack_ha::profile::keepalived for the three sample controllers, and the
 * keepalived.conf the catalog writes handed to the real keepalived 2.2.7 (`keepalived -t`)
 * inside throwaway network namespaces: one with the node's interface, where it must pass,
 * and one without, where it must fail (so the check is known to look at the interface).
 */
import { existsSync } from 'fs';
import { afterAll, describe, expect, it } from 'vitest';
import { KEEPALIVED_KEYS, VrrpInstanceSpec } from '../../lib/documents/hiera-keys';
import {
  compileSampleNode,
  keyParameters,
  ownClassParameters,
  CompiledSampleNode,
  CONTROLLER_NAMES,
  keepalivedCheck,
  keepalivedHiera,
  leftoverNamespaces,
  sampleNodeCompileError,
  SAMPLE_INTERFACE,
  SAMPLE_VIP,
} from './support/api-tier';
import { catalogFile } from './support/catalog-files';
import { findResource, formatUnknownKeys } from './support/puppet';
import { SAMPLE_CONTROLLERS } from './support/sample-nodes';

const CONFIG = '/etc/keepalived/keepalived.conf';
const compileTimes: number[] = [];
const checkTimes: number[] = [];

afterAll(async () => {
  if (compileTimes.length > 0) {
    console.log(`keepalived profile: ${compileTimes.length} catalog compiles (s): ${compileTimes.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`);
  }
  if (checkTimes.length > 0) {
    console.log(`keepalived -t in a namespace (ms, namespace set-up included): ${checkTimes.map((ms) => ms.toFixed(0)).join(', ')}`);
  }
  expect(await leftoverNamespaces()).toEqual([]);
});

async function compileController(name: string, instance?: Partial<VrrpInstanceSpec>): Promise<CompiledSampleNode> {
  const compiled = await compileSampleNode({ name, profiles: ['keepalived'], node: keepalivedHiera(name, instance) });
  compileTimes.push(compiled.durationMs);
  return compiled;
}

async function timedCheck(content: string, interfaceName?: string) {
  const started = performance.now();
  try {
    return await keepalivedCheck(content, interfaceName);
  } finally {
    checkTimes.push(performance.now() - started);
  }
}

function instanceHiera(name: string, instances: Record<string, unknown>): Record<string, unknown> {
  return { ...keepalivedHiera(name), [KEEPALIVED_KEYS.instances.name]: instances };
}

describe.concurrent('keepalived on three controllers', () => {
  it('declares exactly the parameters that KEEPALIVED_KEYS writes', async () => {
    expect(await ownClassParameters('openstack_ha::profile::keepalived')).toEqual(keyParameters(KEEPALIVED_KEYS));
  });

  it.each(CONTROLLER_NAMES.map((name, index) => [name, index] as const))(
    '%s: compiles, every key binds, and keepalived -t accepts the file only where the interface exists',
    async (name, index) => {
      const compiled = await compileController(name);
      expect(formatUnknownKeys(compiled.keys)).toBe('');
      expect(compiled.keys.checkedKeys).toBeGreaterThanOrEqual(4);
      expect(compiled.warnings).toEqual([]);

      const file = catalogFile(compiled.catalog, CONFIG);
      expect(file.validateCmd).toBe('/usr/sbin/keepalived --config-test --use-file %');
      const config = file.content;
      const address = SAMPLE_CONTROLLERS[name];
      const peers = CONTROLLER_NAMES.filter((n) => n !== name).map((n) => SAMPLE_CONTROLLERS[n]);
      expect(config).toMatch(/^global_defs \{\n  router_id \S+\n  enable_script_security\n  script_user root\n\}$/m);
      expect(config).toMatch(/^vrrp_script chk_haproxy \{\n  script "\/usr\/bin\/pgrep --exact haproxy"\n/m);
      expect(config).toContain(
        [
          'vrrp_instance api {',
          '  state BACKUP',
          '  nopreempt',
          `  interface ${SAMPLE_INTERFACE}`,
          '  version 2',
          '  virtual_router_id 51',
          `  priority ${150 - 50 * index}`,
          '  advert_int 1',
          `  unicast_src_ip ${address}`,
          '  unicast_peer {',
          ...peers.map((peer) => `    ${peer}`),
          '  }',
          '  virtual_ipaddress {',
          `    ${SAMPLE_VIP}/24 dev ${SAMPLE_INTERFACE}`,
          '  }',
          '  track_script {',
          '    chk_haproxy',
          '  }',
          '}',
        ].join('\n'),
      );
      // The check's program exists here as on the node (procps);
      // keepalived -t would reject the script otherwise.
      expect(existsSync('/usr/bin/pgrep')).toBe(true);

      const withInterface = await timedCheck(config, SAMPLE_INTERFACE);
      expect(withInterface.status, withInterface.output).toBe(0);
      expect(withInterface.output).toBe('');

      const withoutInterface = await timedCheck(config);
      expect(withoutInterface.status).not.toBe(0);
      expect(withoutInterface.output).toMatch(/interface ens3 for vrrp_instance api doesn't exist/);
    },
  );

  it('keeps the service running and reloads it on a change', async () => {
    const { catalog } = await compileController('ctl2');
    expect(findResource(catalog, 'Package', 'keepalived')?.parameters).toMatchObject({ ensure: 'installed' });
    expect(findResource(catalog, 'Service', 'keepalived')?.parameters).toMatchObject({
      ensure: 'running',
      enable: true,
      restart: '/bin/systemctl reload keepalived',
    });
    expect(findResource(catalog, 'File', CONFIG)?.parameters).toMatchObject({ notify: 'Service[keepalived]' });
  });

  it('a sub-second advertisement interval with VRRP version 3 (and keepalived accepts it)', async () => {
    const compiled = await compileController('ctl1', { advert_interval: 0.2, vrrp_version: 3, nopreempt: false });
    const config = catalogFile(compiled.catalog, CONFIG).content;
    expect(config).toMatch(/^  version 3\n/m);
    expect(config).toMatch(/^  advert_int 0\.2$/m);
    expect(config).not.toMatch(/nopreempt/);
    const check = await timedCheck(config, SAMPLE_INTERFACE);
    expect(check.status, check.output).toBe(0);
  });

  it('two instances (two VIPs), and a lone load balancer without peers', async () => {
    const instances = {
      api: { vip: SAMPLE_VIP, prefix_length: 24, virtual_router_id: 51, priority: 100, advert_interval: 1, vrrp_version: 2, nopreempt: true },
      internal: { vip: '198.51.100.9', prefix_length: 24, virtual_router_id: 52, priority: 100, advert_interval: 1, vrrp_version: 2, nopreempt: true },
    } satisfies Record<string, VrrpInstanceSpec>;
    const compiled = await compileSampleNode({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: { ...instanceHiera('ctl1', instances), [KEEPALIVED_KEYS.peers.name]: [] },
    });
    const config = catalogFile(compiled.catalog, CONFIG).content;
    expect(config.match(/^vrrp_instance /gm)).toHaveLength(2);
    expect(config).not.toMatch(/unicast/);
    const check = await timedCheck(config, SAMPLE_INTERFACE);
    expect(check.status, check.output).toBe(0);
  });
});

describe.concurrent('keepalived mistakes that compilation catches', () => {
  it('a sub-second advertisement interval with VRRP version 2', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { advert_interval: 0.5, vrrp_version: 2 }),
    });
    expect(message).toMatch(/parameter 'instances' entry 'api': advert_interval 0\.5 needs vrrp_version 3/);
  });

  it('a fractional interval above a second with VRRP version 2 (keepalived would round it)', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { advert_interval: 1.5, vrrp_version: 2 }),
    });
    expect(message).toMatch(/advert_interval 1\.5 needs vrrp_version 3/);
  });

  it('an interval VRRP version 3 cannot carry', async () => {
    const tooLong = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { advert_interval: 41, vrrp_version: 3 }),
    });
    expect(tooLong).toMatch(/advert_interval 41 is above 40\.95/);
    const tooFine = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { advert_interval: 0.015, vrrp_version: 3 }),
    });
    expect(tooFine).toMatch(/advert_interval 0\.015 is not a whole number of hundredths/);
  });

  it('a virtual router id above 255', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { virtual_router_id: 256 }),
    });
    expect(message).toMatch(
      /Class\[Openstack_ha::Profile::Keepalived\]: parameter 'instances' entry 'api' entry 'virtual_router_id' expects an Integer\[1, 255\] value, got Integer\[256, 256\]/,
    );
  });

  it('priority 255, which only an address owner may have', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { priority: 255 }),
    });
    expect(message).toMatch(/parameter 'instances' entry 'api' entry 'priority' expects an Integer\[1, 254\] value/);
  });

  it('two instances with one virtual router id', async () => {
    const instance: VrrpInstanceSpec = { vip: SAMPLE_VIP, prefix_length: 24, virtual_router_id: 51, priority: 100, advert_interval: 1, vrrp_version: 2, nopreempt: true };
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: instanceHiera('ctl1', { api: instance, internal: { ...instance, vip: '198.51.100.9' } }),
    });
    expect(message).toMatch(/entry '(api|internal)': virtual_router_id 51 is also used by entry '(api|internal)'/);
  });

  it('the node itself among its peers', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: { ...keepalivedHiera('ctl1'), [KEEPALIVED_KEYS.peers.name]: ['198.51.100.11', '198.51.100.12'] },
    });
    expect(message).toMatch(/parameter 'peers' includes the node's own address 198\.51\.100\.11/);
  });

  it('a VIP with a prefix length written into the address', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['keepalived'],
      node: keepalivedHiera('ctl1', { vip: `${SAMPLE_VIP}/24` }),
    });
    expect(message).toMatch(/parameter 'instances' entry 'api' entry 'vip' expects a match for Stdlib::IP::Address::V4::Nosubnet/);
  });
});
