/**
 * Live proof of the Ceph side of the storage profiles, against a real throw-away Ceph cluster
 * with cephx (see support/throwaway-ceph.ts):
 *
 * 1. A hyperconverged monitor node (`ceph_mon`, `ceph_mgr`, `ceph_osd`, `ceph_client`, first
 *    monitor) is compiled with the real Puppet modules from hiera written through the
 *    library's keys, with the users' capabilities from {@link cephxCaps}.
 * 2. The cluster is bootstrapped from the keyrings that catalog renders: the initial monitor
 *    keyring (`mon.`, `client.admin`, `client.bootstrap-osd`), the admin keyring, and the OSD
 *    bootstrap keyring, which creates the OSD.
 * 3. The catalog's own pool and user `Exec`s run against the cluster as Puppet runs them:
 *    `unless`, then `command` if needed, then `unless` again, which must now succeed (so a
 *    second Puppet run changes nothing).
 * 4. The OpenStack users, with the key-only keyrings `ceph_client` renders, can do what their
 *    service needs and nothing more: Glance writes images and not volumes; Cinder clones a
 *    protected image snapshot into volumes and writes the clone, and cannot write images; Nova
 *    creates instance disks.
 *
 * Run with `npx vitest run -c vitest.live.config.mts` (after `bash scripts/install-real-tools.sh`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CEPH_CLIENT_KEYS,
  CEPH_MGR_KEYS,
  CEPH_MON_KEYS,
  CEPH_OSD_KEYS,
  cephClientCaps,
  cephxCaps,
  CephService,
  DEFAULT_OPENSTACK_POOLS,
} from '../../lib/documents/storage-keys';
import { catalogFile } from '../real/support/catalog-files';
import { buildStagedFixture } from '../real/support/fixture';
import { compileCatalog, findResource, PuppetCatalog } from '../real/support/puppet';
import { CommandResult, runCommand, withScratchDir } from '../real/support/run';
import { sampleCommonHiera, sampleFacts } from '../real/support/sample-nodes';
import { assertSucceeded, ThrowawayCeph } from './support/throwaway-ceph';

const SERVICES: readonly CephService[] = ['glance', 'cinder', 'nova'];
const POOL_NAMES = Object.values(DEFAULT_OPENSTACK_POOLS);
/** The node the catalog is compiled for; its short name is the monitor and manager id. */
const NODE = { name: 'stor1', address: '198.51.100.31' };

const testStarted = performance.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const timings: string[] = [];

let cluster: ThrowawayCeph | undefined;
let catalog: PuppetCatalog;
/** The files the catalog renders, written into the cluster's directory: node path → local path. */
const rendered = new Map<string, string>();
const killOnExit = () => cluster?.killNow();

/** A file of the catalog, written under the cluster's directory; returns its local path. */
function writeRendered(nodePath: string): string {
  const local = join(cluster!.dir, 'rendered', nodePath);
  mkdirSync(dirname(local), { recursive: true });
  writeFileSync(local, catalogFile(catalog, nodePath).content, { mode: 0o600 });
  rendered.set(nodePath, local);
  return local;
}

/** The local copy of a rendered file. */
function local(nodePath: string): string {
  const path = rendered.get(nodePath);
  if (!path) throw new Error(`${nodePath} was not written`);
  return path;
}

/** A key-only client keyring as `ceph_client` renders it. */
function clientKeyring(service: CephService): string {
  return local(`/etc/ceph/ceph.client.${service}.keyring`);
}

/** Runs a shell command of the catalog as Puppet's exec would on the node, as `client.admin`. */
function nodeShell(command: string): Promise<CommandResult> {
  // Node paths of rendered files point at their local copies.
  let localCommand = command;
  for (const [nodePath, path] of rendered) localCommand = localCommand.split(nodePath).join(path);
  return runCommand('sh', ['-c', localCommand], {
    env: { CEPH_CONF: cluster!.conf, CEPH_ARGS: `--keyring ${local('/etc/ceph/ceph.client.admin.keyring')}` },
    timeoutMs: 120_000,
  });
}

/** Applies one `Exec` of the catalog the way Puppet does, and proves a second run would skip it. */
async function applyExec(title: string): Promise<'changed' | 'unchanged'> {
  const exec = findResource(catalog, 'Exec', title);
  if (!exec) throw new Error(`Exec[${title}] is not in the catalog`);
  const { command, unless } = exec.parameters as { command: string; unless?: string };
  if (unless !== undefined && (await nodeShell(unless)).status === 0) return 'unchanged';
  assertSucceeded(await nodeShell(command), `Exec[${title}]`);
  if (unless !== undefined) {
    const again = await nodeShell(unless);
    expect(again.status, `Exec[${title}]: its unless check still fails after the command ran:\n${again.stderr}`).toBe(0);
  }
  return 'changed';
}

/** `rbd`/`rados` as one of the OpenStack users, with its key-only keyring. */
function asService(service: CephService, tool: 'rbd' | 'rados', args: readonly string[]): Promise<CommandResult> {
  return cluster!.as(tool, service, clientKeyring(service), args);
}

/** Expects a command to have been refused by cephx. */
function expectPermissionDenied(result: CommandResult): void {
  expect(result.status, `expected a refusal, got:\n${result.stdout}${result.stderr}`).not.toBe(0);
  expect(result.stderr).toMatch(/Operation not permitted|Permission denied/);
}

async function compileMonitorNode(keys: Record<string, string>, fsid: string): Promise<PuppetCatalog> {
  const clients = Object.fromEntries(SERVICES.map((s) => [`client.${s}`, cephClientCaps(cephxCaps(s, DEFAULT_OPENSTACK_POOLS))]));
  const clientKeys = Object.fromEntries(SERVICES.map((s) => [`client.${s}`, keys[s]]));
  const cluster = (k: { fsid: { name: string }; monHosts: { name: string } }) => ({ [k.fsid.name]: fsid, [k.monHosts.name]: ['127.0.0.1'] });
  return withScratchDir('live-ceph-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: 'storage',
      profiles: ['ceph_mon', 'ceph_mgr', 'ceph_osd', 'ceph_client'],
      facts: sampleFacts(NODE.name, NODE.address),
      hiera: {
        common: {
          ...sampleCommonHiera(),
          ...cluster(CEPH_MON_KEYS),
          ...cluster(CEPH_MGR_KEYS),
          ...cluster(CEPH_OSD_KEYS),
          ...cluster(CEPH_CLIENT_KEYS),
          [CEPH_MON_KEYS.publicNetwork.name]: '127.0.0.0/8',
          [CEPH_MGR_KEYS.publicNetwork.name]: '127.0.0.0/8',
          [CEPH_OSD_KEYS.publicNetwork.name]: '127.0.0.0/8',
          [CEPH_OSD_KEYS.clusterNetwork.name]: '127.0.0.0/8',
          // One OSD: one copy, as the throw-away cluster's configuration also says.
          [CEPH_MON_KEYS.poolSize.name]: 1,
          [CEPH_MON_KEYS.poolMinSize.name]: 1,
          [CEPH_MON_KEYS.pools.name]: Object.fromEntries(POOL_NAMES.map((p) => [p, { pg_num: 8, application: 'rbd' }])),
          [CEPH_MON_KEYS.clients.name]: clients,
        },
        node: {
          [CEPH_MON_KEYS.publicAddress.name]: '127.0.0.1',
          [CEPH_MON_KEYS.bootstrapNode.name]: true,
          [CEPH_CLIENT_KEYS.keyringGroups.name]: {},
        },
        secrets: {
          [CEPH_MON_KEYS.monKey.name]: keys.mon,
          [CEPH_MON_KEYS.adminKey.name]: keys.admin,
          [CEPH_MON_KEYS.bootstrapOsdKey.name]: keys.bootstrapOsd,
          [CEPH_MON_KEYS.clientKeys.name]: clientKeys,
          [CEPH_MGR_KEYS.adminKey.name]: keys.admin,
          [CEPH_OSD_KEYS.bootstrapOsdKey.name]: keys.bootstrapOsd,
          [CEPH_CLIENT_KEYS.keys.name]: clientKeys,
        },
      },
    });
    return (await compileCatalog(fixture)).catalog;
  });
}

beforeAll(async () => {
  process.once('exit', killOnExit);
  const fsid = (await runCommand('uuidgen', [])).stdout.trim();
  const keyNames = ['mon', 'admin', 'bootstrapOsd', ...SERVICES];
  const generated = await Promise.all(keyNames.map(() => runCommand('ceph-authtool', ['--gen-print-key'])));
  const keys = Object.fromEntries(keyNames.map((name, i) => [name, assertSucceeded(generated[i], 'ceph-authtool').stdout.trim()]));

  const compileStarted = performance.now();
  catalog = await compileMonitorNode(keys, fsid);
  timings.push(`catalog compile ${seconds(performance.now() - compileStarted)}`);

  cluster = await ThrowawayCeph.prepare(fsid);
  for (const path of [
    '/etc/ceph/ceph.mon.keyring',
    '/etc/ceph/ceph.client.admin.keyring',
    '/var/lib/ceph/bootstrap-osd/ceph.keyring',
    ...SERVICES.map((s) => `/etc/ceph/ceph.client.${s}.keyring`),
    ...SERVICES.map((s) => `/etc/ceph/openstack-ha/client.${s}.keyring`),
  ]) {
    writeRendered(path);
  }

  const started = performance.now();
  await cluster.start({
    monitor: local('/etc/ceph/ceph.mon.keyring'),
    admin: local('/etc/ceph/ceph.client.admin.keyring'),
    bootstrapOsd: local('/var/lib/ceph/bootstrap-osd/ceph.keyring'),
  });
  timings.push(`mon + mgr + OSD up ${seconds(performance.now() - started)}`);

  // The first monitor's pools and users, exactly as the catalog declares them.
  for (const pool of POOL_NAMES) {
    for (const title of [`create-${pool}`, `set-${pool}-pg_num`, `set-${pool}-size`, `openstack_ha: enable rbd on ${pool}`, `openstack_ha: set ${pool} min_size`]) {
      await applyExec(title);
    }
  }
  for (const service of SERVICES) await applyExec(`openstack_ha: import client.${service}`);
  timings.push(`pools and users ${seconds(performance.now() - started)}`);

  await cluster.waitForHealthOk(local('/etc/ceph/ceph.client.admin.keyring'));
  timings.push(`start to HEALTH_OK ${seconds(performance.now() - started)}`);
});

afterAll(async () => {
  const pids = cluster?.pids ?? [];
  const dir = cluster?.dir;
  await cluster?.stop();
  process.removeListener('exit', killOnExit);
  timings.push(`whole test ${seconds(performance.now() - testStarted)}`);
  console.log(`live Ceph: ${timings.join(', ')}`);
  // Nothing of ours is left running: no recorded PID, no process mentioning the directory.
  for (const pid of pids) expect(() => process.kill(pid, 0), `PID ${pid} is still running`).toThrow();
  if (dir) {
    const ps = await runCommand('ps', ['-eo', 'pid,args']);
    expect(ps.stdout.split('\n').filter((line) => line.includes(dir))).toEqual([]);
  }
});

describe('a cephx Ceph cluster bootstrapped from the Puppet-rendered keyrings', () => {
  it('holds each OpenStack user with exactly the capabilities cephxCaps gives, as the rendered keyring says', async () => {
    for (const service of SERVICES) {
      const got = assertSucceeded(
        await cluster!.ceph(['auth', 'get', `client.${service}`], local('/etc/ceph/ceph.client.admin.keyring')),
        `ceph auth get client.${service}`,
      );
      const caps = cephxCaps(service, DEFAULT_OPENSTACK_POOLS);
      expect(got.stdout).toContain(`\tcaps mon = "${caps.mon}"\n\tcaps osd = "${caps.osd}"\n`);
      // byte for byte what ceph_mon renders, so its `unless` (cmp) holds and Puppet does not re-import
      expect(got.stdout).toBe(readFileSync(local(`/etc/ceph/openstack-ha/client.${service}.keyring`), 'utf8'));
    }
  });

  it('has the pools with the size, min_size and application the catalog sets', async () => {
    const admin = local('/etc/ceph/ceph.client.admin.keyring');
    for (const pool of POOL_NAMES) {
      const size = await cluster!.ceph(['osd', 'pool', 'get', pool, 'size'], admin);
      expect(size.stdout.trim()).toBe('size: 1');
      const application = await cluster!.ceph(['osd', 'pool', 'application', 'get', pool, '--format', 'json'], admin);
      expect(Object.keys(JSON.parse(application.stdout))).toEqual(['rbd']);
    }
    // A second Puppet run changes nothing.
    for (const title of ['create-images', 'openstack_ha: enable rbd on images', 'openstack_ha: set images min_size', 'openstack_ha: import client.glance']) {
      expect(await applyExec(title), title).toBe('unchanged');
    }
  });
});

describe('what each OpenStack user may do', () => {
  it('Glance creates and writes an image in images', async () => {
    const image = join(cluster!.dir, 'image.raw');
    writeFileSync(image, Buffer.alloc(1 << 20, 'openstack-ha'));
    assertSucceeded(await asService('glance', 'rbd', ['import', image, `${DEFAULT_OPENSTACK_POOLS.images}/img`]), 'rbd import as glance');
    const back = join(cluster!.dir, 'image.back');
    assertSucceeded(await asService('glance', 'rbd', ['export', `${DEFAULT_OPENSTACK_POOLS.images}/img`, back]), 'rbd export as glance');
    expect(readFileSync(back).equals(readFileSync(image))).toBe(true);
  });

  it('Glance cannot write to volumes', async () => {
    expectPermissionDenied(await asService('glance', 'rbd', ['create', `${DEFAULT_OPENSTACK_POOLS.volumes}/from-glance`, '--size', '16']));
    expectPermissionDenied(await asService('glance', 'rados', ['-p', DEFAULT_OPENSTACK_POOLS.volumes, 'put', 'from-glance', cluster!.conf]));
  });

  it('Glance protects a snapshot of its image; Cinder clones it into volumes and writes the clone', async () => {
    const snapshot = `${DEFAULT_OPENSTACK_POOLS.images}/img@snap`;
    assertSucceeded(await asService('glance', 'rbd', ['snap', 'create', snapshot]), 'rbd snap create as glance');
    assertSucceeded(await asService('glance', 'rbd', ['snap', 'protect', snapshot]), 'rbd snap protect as glance');
    const volume = `${DEFAULT_OPENSTACK_POOLS.volumes}/vol`;
    assertSucceeded(await asService('cinder', 'rbd', ['clone', snapshot, volume]), 'rbd clone as cinder');
    const info = assertSucceeded(await asService('cinder', 'rbd', ['info', volume, '--format', 'json']), 'rbd info as cinder');
    expect(JSON.parse(info.stdout).parent).toMatchObject({ pool: DEFAULT_OPENSTACK_POOLS.images, image: 'img', snapshot: 'snap' });
    assertSucceeded(
      await asService('cinder', 'rbd', ['bench', '--io-type', 'write', '--io-size', '4096', '--io-total', '65536', volume]),
      'writing the clone as cinder',
    );
  });

  it('Cinder cannot write to images', async () => {
    expectPermissionDenied(await asService('cinder', 'rbd', ['create', `${DEFAULT_OPENSTACK_POOLS.images}/from-cinder`, '--size', '16']));
    expectPermissionDenied(await asService('cinder', 'rados', ['-p', DEFAULT_OPENSTACK_POOLS.images, 'put', 'from-cinder', cluster!.conf]));
  });

  it('Nova creates and writes an instance disk in vms', async () => {
    const disk = `${DEFAULT_OPENSTACK_POOLS.vms}/instance-disk`;
    assertSucceeded(await asService('nova', 'rbd', ['create', disk, '--size', '16']), 'rbd create as nova');
    assertSucceeded(
      await asService('nova', 'rbd', ['bench', '--io-type', 'write', '--io-size', '4096', '--io-total', '65536', disk]),
      'writing the disk as nova',
    );
  });
});
