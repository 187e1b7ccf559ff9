/**
 * openstack_ha::profile::haproxy compiled against puppetlabs-haproxy 2.1.0 for the three
 * sample controllers, and the haproxy.cfg the catalog writes handed to the real HAProxy 2.6.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FrontendSpec, HAPROXY_KEYS } from '../../lib/documents/hiera-keys';
import {
  compileSampleNode,
  keyParameters,
  ownClassParameters,
  CompiledSampleNode,
  CONTROLLER_NAMES,
  haproxyCheck,
  haproxyHiera,
  sampleFrontends,
  sampleNodeCompileError,
  SAMPLE_VIP,
} from './support/api-tier';
import { catalogFile } from './support/catalog-files';
import { findResource, formatUnknownKeys } from './support/puppet';
import { SAMPLE_CONTROLLERS } from './support/sample-nodes';

const CONFIG = '/etc/haproxy/haproxy.cfg';
const compileTimes: number[] = [];
const zeroWarningReports: string[] = [];

afterAll(() => {
  if (compileTimes.length > 0) {
    const seconds = compileTimes.map((ms) => (ms / 1000).toFixed(2));
    console.log(`haproxy profile: ${compileTimes.length} catalog compiles (s): ${seconds.join(', ')}`);
  }
  if (zeroWarningReports.length > 0) console.log(`haproxy -c -dW:\n${zeroWarningReports.join('\n')}`);
});

async function compileController(name: string, node: Record<string, unknown> = haproxyHiera(name)): Promise<CompiledSampleNode> {
  const compiled = await compileSampleNode({ name, profiles: ['haproxy'], node });
  compileTimes.push(compiled.durationMs);
  return compiled;
}

/** The lines of one `listen` section of a rendered haproxy.cfg, trimmed. */
function section(config: string, name: string): string[] {
  const lines = config.split('\n');
  const start = lines.findIndex((line) => line === `listen ${name}`);
  expect(start, `listen ${name} in haproxy.cfg`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && /^\S/.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.trim()).filter((line) => line !== '');
}

function withFrontend(name: string, change: (frontend: FrontendSpec) => unknown): Record<string, unknown> {
  const frontends: Record<string, unknown> = sampleFrontends();
  frontends[name] = change(sampleFrontends()[name]);
  return { ...haproxyHiera('ctl1'), [HAPROXY_KEYS.frontends.name]: frontends };
}

describe.concurrent('HAProxy on three controllers', () => {
  it('declares exactly the parameters that HAPROXY_KEYS writes', async () => {
    expect(await ownClassParameters('openstack_ha::profile::haproxy')).toEqual(keyParameters(HAPROXY_KEYS));
  });

  it.each(CONTROLLER_NAMES)('%s: compiles, every hiera key binds, and haproxy -c accepts the file', async (name) => {
    const compiled = await compileController(name);
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.keys.checkedKeys).toBeGreaterThanOrEqual(4);
    expect(compiled.warnings).toEqual([]);

    const file = catalogFile(compiled.catalog, CONFIG);
    expect(file.source).toBe('concat');
    expect(file.validateCmd).toBe('/usr/sbin/haproxy -f % -c');
    const check = await haproxyCheck(file.content);
    expect(check.output).toMatch(/Configuration file is valid/);
    expect(check.status, check.output).toBe(0);
    const strict = await haproxyCheck(file.content, true);
    zeroWarningReports.push(`${name}: exit ${strict.status}: ${strict.output.trim() || '(no output)'}`);
    expect(strict.status, strict.output).toBe(0);

    // The statistics page listens on this node's address only.
    expect(section(file.content, 'haproxy-stats')).toEqual(
      expect.arrayContaining([`bind ${SAMPLE_CONTROLLERS[name]}:1984`, 'mode http', 'stats enable']),
    );
    expect(file.content.match(/^\s*bind .*:1984/gm)).toHaveLength(1);
    // ... and no API front end publishes one: the module's `stats enable` default is dropped.
    const defaults = file.content.slice(file.content.indexOf('\ndefaults\n'), file.content.indexOf('\nlisten '));
    expect(defaults).toMatch(/^\s*timeout\s+connect 10s$/m);
    expect(defaults).not.toMatch(/^\s*stats/m);
    expect(file.content.match(/^\s*stats\s+enable/gm)).toHaveLength(1);
  });

  it('the galera front end: one writer with the clustercheck, every other server a backup', async () => {
    const config = catalogFile((await compileController('ctl2')).catalog, CONFIG).content;
    const galera = section(config, 'galera');
    expect(galera).toEqual(
      expect.arrayContaining([`bind ${SAMPLE_VIP}:3306`, 'mode tcp', 'option httpchk', 'timeout client 3600s', 'timeout server 3600s']),
    );
    const servers = galera.filter((line) => line.startsWith('server '));
    expect(servers).toHaveLength(3);
    // In the order given (ctl1 is the writer) even though each server is a separate resource.
    expect(servers.map((line) => line.split(' ')[1])).toEqual(['ctl1', 'ctl2', 'ctl3']);
    const writers = servers.filter((line) => !/\bbackup\b/.test(line));
    expect(writers).toHaveLength(1);
    expect(writers[0]).toMatch(/^server ctl1 198\.51\.100\.11:3306 /);
    for (const line of servers) {
      for (const option of ['check', 'port 9200', 'inter 2000', 'rise 2', 'fall 5', 'on-marked-down shutdown-sessions']) {
        expect(` ${line} `).toContain(` ${option} `);
      }
    }
    expect(servers.filter((line) => / backup( |$)/.test(line)).map((line) => line.split(' ')[1])).toEqual(['ctl2', 'ctl3']);
  });

  it('the HTTP front ends: bound on the VIP, an HTTP check of check_path, every server active', async () => {
    const config = catalogFile((await compileController('ctl1')).catalog, CONFIG).content;
    const keystone = section(config, 'keystone');
    expect(keystone).toEqual(
      expect.arrayContaining([
        `bind ${SAMPLE_VIP}:5000`,
        'mode http',
        'option httpchk GET /v3',
        'option forwardfor',
        'timeout client 60s',
      ]),
    );
    const servers = keystone.filter((line) => line.startsWith('server '));
    expect(servers).toEqual([
      'server ctl1 198.51.100.11:5000 check fall 5 inter 2000 rise 2',
      'server ctl2 198.51.100.12:5000 check fall 5 inter 2000 rise 2',
      'server ctl3 198.51.100.13:5000 check fall 5 inter 2000 rise 2',
    ]);
    expect(section(config, 'nova_api')).toContain('option httpchk GET /');
  });

  it('every front end binds on every VIP', async () => {
    const vips = [SAMPLE_VIP, '198.51.100.9'];
    const compiled = await compileController('ctl3', { ...haproxyHiera('ctl3'), [HAPROXY_KEYS.vips.name]: vips });
    const config = catalogFile(compiled.catalog, CONFIG).content;
    for (const [name, frontend] of Object.entries(sampleFrontends())) {
      const binds = section(config, name).filter((line) => line.startsWith('bind '));
      expect(binds.sort()).toEqual(vips.map((vip) => `bind ${vip}:${frontend.port}`).sort());
    }
    expect((await haproxyCheck(config, true)).status).toBe(0);
  });

  it('lets HAProxy bind a VIP the node does not hold: ip_nonlocal_bind, applied before HAProxy', async () => {
    const { catalog } = await compileController('ctl1');
    const sysctl = catalogFile(catalog, '/etc/sysctl.d/60-openstack-ha-haproxy.conf');
    expect(sysctl.content).toMatch(/^net\.ipv4\.ip_nonlocal_bind = 1$/m);
    const apply = findResource(catalog, 'Exec', 'openstack_ha apply net.ipv4.ip_nonlocal_bind');
    expect(apply?.parameters).toMatchObject({
      command: '/usr/sbin/sysctl -p /etc/sysctl.d/60-openstack-ha-haproxy.conf',
      before: 'Class[Haproxy]',
    });
    // Changes reload HAProxy instead of restarting it.
    expect(findResource(catalog, 'Service', 'haproxy')?.parameters).toMatchObject({
      ensure: 'running',
      enable: true,
      restart: '/bin/systemctl reload haproxy',
    });
  });
});

describe.concurrent('HAProxy mistakes that compilation catches', () => {
  it('a front end without backends', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: withFrontend('keystone', (f) => ({ ...f, backends: [] })),
    });
    expect(message).toMatch(
      /Class\[Openstack_ha::Profile::Haproxy\]: parameter 'frontends' entry 'keystone' entry 'backends' expects size to be at least 1, got 0/,
    );
  });

  it('a backend given a host name where an address is expected', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: withFrontend('galera', (f) => ({ ...f, backends: [{ name: 'ctl1', address: 'ctl1.example.test' }] })),
    });
    expect(message).toMatch(/parameter 'frontends' entry 'galera' entry 'backends' index 0 entry 'address' expects a match for Stdlib::IP::Address::V4::Nosubnet/);
  });

  it('a mode that HAProxy front ends do not have here', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: withFrontend('keystone', (f) => ({ ...f, mode: 'https' })),
    });
    expect(message).toMatch(/parameter 'frontends' entry 'keystone' entry 'mode' expects a match for Enum\['http', 'tcp'\], got 'https'/);
  });

  it('an HTTP check without a path', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: withFrontend('keystone', ({ check_path: _, ...f }) => f),
    });
    expect(message).toMatch(/parameter 'frontends' entry 'keystone' has check 'http' but no check_path/);
  });

  it('a Galera check without the health-check port', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: withFrontend('galera', ({ check_port: _, ...f }) => f),
    });
    expect(message).toMatch(/parameter 'frontends' entry 'galera' has check 'galera' but no check_port/);
  });

  it('two front ends on one port', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: withFrontend('nova_api', (f) => ({ ...f, port: 5000 })),
    });
    expect(message).toMatch(/parameter 'frontends' entries '(keystone|nova_api)' and '(keystone|nova_api)' both use port 5000/);
  });

  it('a front end name HAProxy sections here may not have', async () => {
    const frontends = { 'nova-api': sampleFrontends().nova_api };
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: { ...haproxyHiera('ctl1'), [HAPROXY_KEYS.frontends.name]: frontends },
    });
    expect(message).toMatch(/parameter 'frontends' key of entry 'nova-api' expects a match for Pattern\[.*\], got 'nova-api'/);
  });

  it('the statistics page on a VIP', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: { ...haproxyHiera('ctl1'), [HAPROXY_KEYS.nodeAddress.name]: SAMPLE_VIP },
    });
    expect(message).toMatch(/parameter 'node_address' \(198\.51\.100\.10\) is one of the VIPs/);
  });

  it('a statistics port given as a string', async () => {
    const message = await sampleNodeCompileError({
      name: 'ctl1',
      profiles: ['haproxy'],
      node: { ...haproxyHiera('ctl1'), [HAPROXY_KEYS.statsPort.name]: '1984' },
    });
    expect(message).toMatch(/parameter 'stats_port' expects .*Integer.* got String/);
  });
});
