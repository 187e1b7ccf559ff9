/**
 * The Galera profiles compiled against the real Debian modules, with hiera as the constructs
 * write it, and what they render checked by the real tools: my.cnf by mariadbd itself, the
 * option files by my_print_defaults, the scripts by bash -n and shellcheck, and the start and
 * recovery decisions by running the rendered scripts against a stub server binary (no
 * mariadbd, garbd or xinetd is ever started here).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GALERA_ARBITRATOR_KEYS, GALERA_KEYS } from '../../lib/documents/hiera-keys';
import { catalogFile } from './support/catalog-files';
import {
  ClusterNode,
  ClusterNodeSpec,
  compileClusterNode,
  compileClusterNodeError,
  CompiledClusterNode,
  entry,
  HieraEntry,
  isOrderedBefore,
  logCompileTimes,
  writeCatalogFile,
} from './support/cluster-node';
import { findResource, formatUnknownKeys, PuppetCatalog } from './support/puppet';
import { CommandResult, makeScratchDir, removeDir, runCommand } from './support/run';

const DB: readonly ClusterNode[] = [
  { hostname: 'db1', address: '198.51.100.31' },
  { hostname: 'db2', address: '198.51.100.32' },
  { hostname: 'db3', address: '198.51.100.33' },
];
const ARBITER: ClusterNode = { hostname: 'mq1', address: '198.51.100.21' };
const LOAD_BALANCERS = ['198.51.100.41', '198.51.100.42'];
const MEMBERS = DB.map((node) => node.address);

/** Secrets with the characters that break naive quoting in option files, SQL and shells. */
const SECRETS = {
  root: 'root-password-for-tests-01',
  sst: `Se#cret"pa\\ss'word; 1`,
  status: 'status "pass#word" for tests',
  keystone: 'keystone-db-password-0001',
  nova: 'nova-db-password-00000001',
} as const;

const MY_CNF = '/etc/mysql/my.cnf';
const CHECK_CNF = '/etc/mysql/openstack-ha-clustercheck.cnf';
const ACCOUNTS_SQL = '/etc/mysql/openstack-ha-accounts.sql';
const START = '/usr/local/sbin/openstack-ha-galera-start';
const RECOVER = '/usr/local/sbin/openstack-ha-galera-recover';
const CLUSTERCHECK = '/usr/local/sbin/openstack-ha-galera-clustercheck';

/** Hiera of a Galera member as the constructs write it; `change` replaces or adds entries. */
function galeraNode(
  node: ClusterNode,
  change: { nodeData?: readonly HieraEntry[]; secrets?: readonly HieraEntry[] } = {},
): ClusterNodeSpec {
  const nodeData = new Map<string, HieraEntry[1]>([
    entry(GALERA_KEYS.clusterName, 'openstack'),
    entry(GALERA_KEYS.nodeAddress, node.address),
    entry(GALERA_KEYS.members, [...MEMBERS]),
    entry(GALERA_KEYS.bootstrapAddress, MEMBERS[0]),
    entry(GALERA_KEYS.statusAllowedAddresses, [...LOAD_BALANCERS]),
    entry(GALERA_KEYS.databases, { keystone: 'keystone', nova: 'nova', nova_api: 'nova', nova_cell0: 'nova' }),
    ...(change.nodeData ?? []),
  ]);
  const secrets = new Map<string, HieraEntry[1]>([
    entry(GALERA_KEYS.rootPassword, SECRETS.root),
    entry(GALERA_KEYS.sstPassword, SECRETS.sst),
    entry(GALERA_KEYS.statusPassword, SECRETS.status),
    entry(GALERA_KEYS.databasePasswords, { keystone: SECRETS.keystone, nova: SECRETS.nova }),
    ...(change.secrets ?? []),
  ]);
  return {
    node,
    role: 'database',
    profiles: ['galera'],
    hosts: [...DB, ARBITER],
    nodeData: [...nodeData],
    secrets: [...secrets],
  };
}

let scratch: string;
let bootstrapMember: CompiledClusterNode;
let joiner: CompiledClusterNode;

beforeAll(async () => {
  scratch = makeScratchDir('galera-test');
  [bootstrapMember, joiner] = await Promise.all([
    compileClusterNode(galeraNode(DB[0]), true),
    compileClusterNode(galeraNode(DB[1]), true),
  ]);
});

afterAll(() => {
  if (scratch) removeDir(scratch);
  logCompileTimes('galera');
});

/** Writes a rendered file of a catalog into the scratch directory; scripts are made executable. */
const staged = new WeakMap<PuppetCatalog, Map<string, string>>();

/**
 * Writes a file of a catalog to the scratch directory, once per catalog: members started
 * together share the file, and rewriting a script while another member's shell reads it would
 * make that shell read a half-written file.
 */
function stage(catalog: PuppetCatalog, nodePath: string, name: string, executable = false): string {
  const done = staged.get(catalog) ?? new Map<string, string>();
  staged.set(catalog, done);
  const key = `${nodePath}\0${name}`;
  const existing = done.get(key);
  if (existing) return existing;
  const path = writeCatalogFile(catalog, nodePath, scratch, name);
  if (executable) chmodSync(path, 0o755);
  done.set(key, path);
  return path;
}

/** The settings mariadbd reports for an option file: `--help --verbose`'s variable table. */
async function mariadbdSettings(optionFile: string): Promise<{ result: CommandResult; values: Map<string, string> }> {
  const result = await runCommand('mariadbd', [`--defaults-file=${optionFile}`, '--help', '--verbose'], { timeoutMs: 60_000 });
  const values = new Map<string, string>();
  const table = result.stdout.split(/\n-{20,} -{10,}\n/)[1] ?? '';
  for (const line of table.split('\n')) {
    const match = /^(\S+)\s+(.*)$/.exec(line);
    if (match) values.set(match[1], match[2].trim());
  }
  return { result, values };
}

/** my.cnf as the tests hand it to mariadbd: without `!includedir`, so this host's files stay out. */
function stagedMyCnf(catalog: PuppetCatalog, name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, catalogFile(catalog, MY_CNF).content.replace(/^!includedir .*$/gm, ''));
  return path;
}

/** Splits an HTTP/1.1 response into its status, header lines and body. */
function parseResponse(response: string): { status: string; headers: string[]; body: string } {
  const [head, ...rest] = response.split('\r\n\r\n');
  const [statusLine, ...headers] = head.split('\r\n');
  return { status: statusLine.replace(/^HTTP\/1\.1 /, ''), headers, body: rest.join('\r\n\r\n') };
}

/**
 * Free TCP ports on the loopback address for the stub runs, below the ephemeral range
 * (32768 and up), so that no outgoing connection of a parallel test takes one of them between
 * this check and the scripts' own listeners.
 */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (ports.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) ports.push(port);
  }
  return ports;
}

const shellcheck = existsSync('/usr/bin/shellcheck');

describe('openstack_ha::profile::galera on a three-node cluster', () => {
  it('compiles the bootstrap member and a joiner, and every hiera key binds to a class parameter', () => {
    for (const member of [bootstrapMember, joiner]) {
      expect(member.keys?.unknown, formatUnknownKeys(member.keys!)).toEqual([]);
      expect(member.keys?.files).toEqual(['common.yaml', expect.stringMatching(/^nodes\/db[12]\.example\.test\.yaml$/), 'secrets.yaml']);
      expect(member.compiled.warnings).toEqual([]);
    }
    const catalog = bootstrapMember.compiled.catalog;
    // Masked before the first install; started by the script, never by the service resource.
    expect(isOrderedBefore(catalog, 'Exec[openstack_ha galera: keep mariadb stopped until configured]', 'Package[mariadb-server]')).toBe(true);
    expect(findResource(catalog, 'Service', 'mariadb')?.parameters).toEqual({ enable: true, require: `File[${MY_CNF}]` });
    expect(findResource(catalog, 'Exec', 'openstack_ha galera: start the member')?.parameters).toMatchObject({
      command: START,
      unless: `${START} --check`,
      timeout: 4200,
    });
    for (const [path, group, mode] of [
      [MY_CNF, 'mysql', '0640'],
      [CHECK_CNF, 'clustercheck', '0640'],
      [ACCOUNTS_SQL, 'root', '0600'],
    ]) {
      const file = findResource(catalog, 'File', path);
      expect(file?.parameters, path).toMatchObject({ owner: 'root', group, mode, show_diff: false });
    }
    expect(catalogFile(catalog, '/etc/xinetd.d/mysqlchk').content).toMatch(
      /port\s+= 9200\n[\s\S]*user\s+= clustercheck\n[\s\S]*server\s+= \/usr\/local\/sbin\/openstack-ha-galera-clustercheck\n\s+bind\s+= 198\.51\.100\.31\n\s+type\s+= UNLISTED\n\s+only_from\s+= 198\.51\.100\.31 198\.51\.100\.41 198\.51\.100\.42\n/,
    );
  });

  it("renders a my.cnf that mariadbd accepts, with exactly the member's Galera settings", async () => {
    for (const [member, node] of [
      [bootstrapMember, DB[0]],
      [joiner, DB[1]],
    ] as const) {
      const { result, values } = await mariadbdSettings(stagedMyCnf(member.compiled.catalog, `${node.hostname}.cnf`));
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('[ERROR]');
      const expected: Record<string, string> = {
        'wsrep-on': 'TRUE',
        'wsrep-provider': '/usr/lib/galera/libgalera_smm.so',
        'wsrep-cluster-name': 'openstack',
        'wsrep-cluster-address': 'gcomm://198.51.100.31:4567,198.51.100.32:4567,198.51.100.33:4567',
        'wsrep-node-address': node.address,
        'wsrep-node-name': node.hostname,
        'wsrep-sst-method': 'mariabackup',
        'wsrep-sst-auth': `sst:${SECRETS.sst}`,
        'wsrep-sst-receive-address': `${node.address}:4444`,
        'wsrep-provider-options': `gmcast.listen_addr=tcp://${node.address}:4567;ist.recv_addr=${node.address}:4568;gcache.size=1G;gcache.recover=yes;pc.recovery=TRUE`,
        'wsrep-slave-threads': '4',
        'binlog-format': 'ROW',
        'innodb-autoinc-lock-mode': '2',
        'bind-address': node.address,
        port: '3306',
        'max-connections': '4096',
        'innodb-buffer-pool-size': String(1024 ** 3),
        'skip-name-resolve': 'TRUE',
        datadir: '/var/lib/mysql/',
      };
      expect(Object.fromEntries(Object.keys(expected).map((name) => [name, values.get(name)]))).toEqual(expected);
    }
  });

  it('renders the settings given instead of the defaults (rsync, sizes, ports)', async () => {
    const { compiled } = await compileClusterNode(
      galeraNode(DB[2], {
        nodeData: [
          entry(GALERA_KEYS.sstMethod, 'rsync'),
          entry(GALERA_KEYS.gcacheSize, '512M'),
          entry(GALERA_KEYS.bufferPoolSize, '6G'),
          entry(GALERA_KEYS.maxConnections, 2000),
          entry(GALERA_KEYS.port, 3307),
          entry(GALERA_KEYS.statusPort, 9201),
          entry(GALERA_KEYS.clusterName, 'cloud #1'),
        ],
      }),
    );
    const { result, values } = await mariadbdSettings(stagedMyCnf(compiled.catalog, 'db3.cnf'));
    expect(result.status, result.stderr).toBe(0);
    expect(values.get('wsrep-sst-method')).toBe('rsync');
    expect(values.get('wsrep-provider-options')).toContain(';gcache.size=512M;');
    expect(values.get('innodb-buffer-pool-size')).toBe(String(6 * 1024 ** 3));
    expect(values.get('max-connections')).toBe('2000');
    expect(values.get('port')).toBe('3307');
    expect(values.get('wsrep-node-incoming-address')).toBe('198.51.100.33:3307');
    expect(values.get('wsrep-cluster-name')).toBe('cloud #1');
    expect(catalogFile(compiled.catalog, '/etc/xinetd.d/mysqlchk').content).toMatch(/port\s+= 9201\n/);
    expect(catalogFile(compiled.catalog, START).content).toContain('members="${OPENSTACK_HA_GALERA_MEMBERS:-198.51.100.31:3307:4444 198.51.100.32:3307:4444 198.51.100.33:3307:4444}"');
    expect(findResource(compiled.catalog, 'Package', 'mariadb-backup')).toBeUndefined();
  });

  it("catches a broken option: mariadbd's own check fails on an unknown variable", async () => {
    const path = join(scratch, 'broken.cnf');
    const good = readFileSync(stagedMyCnf(bootstrapMember.compiled.catalog, 'db1-for-broken.cnf'), 'utf8');
    writeFileSync(path, good.replace('[mysqld]\n', '[mysqld]\ninnodb_bufer_pool_size = 1G\n'));
    const { result } = await mariadbdSettings(path);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("[ERROR] mariadbd: unknown variable 'innodb_bufer_pool_size=1G'");
  });

  it('quotes the secrets so that the option files and the SQL hold them unchanged', async () => {
    const checkFile = stage(bootstrapMember.compiled.catalog, CHECK_CNF, 'clustercheck.cnf');
    const client = await runCommand('my_print_defaults', [`--defaults-file=${checkFile}`, 'client']);
    expect(client.stdout.split('\n')).toEqual([
      '--user=clustercheck',
      `--password=${SECRETS.status}`,
      '--socket=/run/mysqld/mysqld.sock',
      '',
    ]);
    const sql = catalogFile(bootstrapMember.compiled.catalog, ACCOUNTS_SQL).content;
    expect(sql).toContain(
      "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('root-password-for-tests-01');",
    );
    expect(sql).toContain(`ALTER USER 'sst'@'localhost' IDENTIFIED BY 'Se#cret"pa\\\\ss''word; 1';`);
    expect(sql).toContain("GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO 'sst'@'localhost';");
    for (const host of ['localhost', ...MEMBERS]) {
      expect(sql).toContain(`CREATE USER IF NOT EXISTS 'clustercheck'@'${host}' IDENTIFIED BY 'status "pass#word" for tests';`);
    }
    for (const database of ['keystone', 'nova', 'nova_api', 'nova_cell0']) {
      expect(sql).toContain(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8 COLLATE utf8_general_ci;`);
    }
    expect(sql).toContain("CREATE USER IF NOT EXISTS 'nova'@'%' IDENTIFIED BY 'nova-db-password-00000001';");
    expect(sql.match(/^GRANT ALL PRIVILEGES ON .* TO 'nova'@'%';$/gm)).toEqual([
      "GRANT ALL PRIVILEGES ON `nova`.* TO 'nova'@'%';",
      "GRANT ALL PRIVILEGES ON `nova_api`.* TO 'nova'@'%';",
      "GRANT ALL PRIVILEGES ON `nova_cell0`.* TO 'nova'@'%';",
    ]);
  });

  it(`renders start, recovery and health-check scripts that pass bash -n${shellcheck ? ' and shellcheck' : ''}`, async () => {
    for (const [member, node] of [
      [bootstrapMember, DB[0]],
      [joiner, DB[1]],
    ] as const) {
      for (const script of [START, RECOVER, CLUSTERCHECK]) {
        const path = stage(member.compiled.catalog, script, `${node.hostname}-${script.split('/').pop()}`, true);
        const syntax = await runCommand('bash', ['-n', path]);
        expect(syntax.stderr, script).toBe('');
        expect(syntax.status, script).toBe(0);
        if (shellcheck) {
          const lint = await runCommand('shellcheck', ['--severity=style', path]);
          expect(lint.stdout, script).toBe('');
          expect(lint.status, script).toBe(0);
        }
        expect(findResource(member.compiled.catalog, 'File', script)?.parameters).toMatchObject({ mode: '0755', owner: 'root' });
      }
      // The node's own values are the defaults.
      const start = catalogFile(member.compiled.catalog, START).content;
      expect(start).toContain(`node="\${OPENSTACK_HA_GALERA_NODE:-${node.address}:3306:4444}"`);
      expect(start).toContain('bootstrap="${OPENSTACK_HA_GALERA_BOOTSTRAP:-198.51.100.31:3306:4444}"');
      expect(start).toContain('defaults_file="${OPENSTACK_HA_GALERA_DEFAULTS_FILE:-/etc/mysql/my.cnf}"');
    }
    if (!shellcheck) console.log('shellcheck is not installed: the scripts were checked with bash -n only');
  });
});

describe('the rendered scripts against a stub server (no database is started)', () => {
  /** A stub for mariadbd: reports a position for --wsrep-recover, records any other start and exits. */
  function stubServer(dir: string): string {
    const path = join(dir, 'stub-mariadbd');
    writeFileSync(
      path,
      [
        '#!/bin/sh',
        'for argument in "$@"; do',
        '  if [ "$argument" = "--wsrep-recover" ]; then',
        '    echo "2026-01-01  0:00:00 0 [Note] WSREP: Recovered position: $STUB_POSITION" >&2',
        '    exit 0',
        '  fi',
        'done',
        'echo "$*" >>"$STUB_STARTS"',
        'exit 3',
        '',
      ].join('\n'),
    );
    chmodSync(path, 0o755);
    return path;
  }

  const uuid = '5d1a2b3c-0000-4000-8000-00000000abcd';

  /** Lays out three stub members on loopback: option files, data directories, endpoints. */
  async function stubCluster(name: string, grastate: readonly (string | undefined)[]) {
    const dir = join(scratch, name);
    const ports = await freePorts(6);
    const endpoints = [0, 1, 2].map((i) => `127.0.0.1:${ports[i]}:${ports[i + 3]}`);
    const stub = stubServer((mkdirSync(dir, { recursive: true }), dir));
    const members = [0, 1, 2].map((i) => {
      const home = join(dir, `m${i + 1}`);
      mkdirSync(join(home, 'data'), { recursive: true });
      writeFileSync(
        join(home, 'my.cnf'),
        `[client]\nsocket = ${home}/mysqld.sock\n[mysqld]\ndatadir = ${home}/data\npid-file = ${home}/mysqld.pid\nsocket = ${home}/mysqld.sock\n`,
      );
      if (grastate[i] !== undefined) writeFileSync(join(home, 'data', 'grastate.dat'), grastate[i]!);
      return { home, endpoint: endpoints[i] };
    });
    return { dir, stub, members, endpoints };
  }

  function grastate(seqno: number, safe: 0 | 1): string {
    return `# GALERA saved state\nversion: 2.1\nuuid:    ${uuid}\nseqno:   ${seqno}\nsafe_to_bootstrap: ${safe}\n`;
  }

  /** Runs a script of the bootstrap member's catalog for one stub member, remapped by environment only. */
  function runScript(
    script: string,
    cluster: Awaited<ReturnType<typeof stubCluster>>,
    index: number,
    position: string,
    args: string[] = [],
  ): Promise<CommandResult> {
    const member = cluster.members[index];
    return runCommand('bash', [stage(bootstrapMember.compiled.catalog, script, script.split('/').pop()!, true), ...args], {
      timeoutMs: 120_000,
      env: {
        OPENSTACK_HA_GALERA_LAUNCHER: 'direct',
        OPENSTACK_HA_GALERA_DEFAULTS_FILE: join(member.home, 'my.cnf'),
        OPENSTACK_HA_GALERA_MEMBERS: cluster.endpoints.join(' '),
        OPENSTACK_HA_GALERA_NODE: member.endpoint,
        OPENSTACK_HA_GALERA_BOOTSTRAP: cluster.endpoints[0],
        OPENSTACK_HA_GALERA_MARIADBD: cluster.stub,
        OPENSTACK_HA_GALERA_CHECK_FILE: stage(bootstrapMember.compiled.catalog, CHECK_CNF, 'stub-clustercheck.cnf'),
        OPENSTACK_HA_GALERA_PRIMARY_WAIT: '3',
        OPENSTACK_HA_GALERA_POLL: '1',
        // A member that cannot publish fails at once; the others then give up in time.
        OPENSTACK_HA_GALERA_EXCHANGE_WAIT: '40',
        STUB_POSITION: position,
        STUB_STARTS: join(member.home, 'starts'),
      },
    });
  }

  function starts(home: string): string[] {
    const path = join(home, 'starts');
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
  }

  /** The processes still running from a directory (the scripts must leave none behind). */
  async function leftovers(dir: string): Promise<string[]> {
    const ps = await runCommand('ps', ['-eo', 'pid=,args=']);
    return ps.stdout.split('\n').filter((line) => line.includes(dir));
  }

  it('first boot: the bootstrap member bootstraps, an empty joiner waits for a Primary member, a member with data starts on it', async () => {
    const cluster = await stubCluster('first-boot', [undefined, undefined, grastate(-1, 0)]);
    const [bootstrap, empty, withData] = await Promise.all([
      runScript(START, cluster, 0, `${uuid}:-1`),
      runScript(START, cluster, 1, `${uuid}:-1`),
      runScript(START, cluster, 2, `${uuid}:42`),
    ]);
    // The stub exits at once, so each one ends in a failure: what matters is what was started.
    expect(bootstrap.stderr).toContain('this is the bootstrap member');
    expect(starts(cluster.members[0].home)).toEqual([`--defaults-file=${cluster.members[0].home}/my.cnf --wsrep-new-cluster`]);
    expect(empty.stderr).toContain('waiting for a Primary member');
    expect(empty.stderr).toContain('FAILED: no member became Primary within 3 s');
    expect(empty.status).toBe(1);
    expect(starts(cluster.members[1].home)).toEqual([]);
    expect(withData.stderr).toContain(`this member holds the data of cluster ${uuid}`);
    expect(starts(cluster.members[2].home)[0]).toBe(`--defaults-file=${cluster.members[2].home}/my.cnf --wsrep_start_position=${uuid}:42`);
    expect(await leftovers(cluster.dir)).toEqual([]);
  });

  it('--check reports a member that does not answer, and bad settings are usage errors', async () => {
    const cluster = await stubCluster('check', [undefined, undefined, undefined]);
    const check = await runScript(START, cluster, 0, `${uuid}:-1`, ['--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('the server does not answer');
    const badLauncher = await runScript(START, cluster, 0, `${uuid}:-1`, ['--launcher', 'upstart']);
    expect(badLauncher.status).toBe(64);
    const stranger = await runScript(RECOVER, cluster, 0, `${uuid}:-1`, ['--exclude=127.0.0.2:1:2']);
    expect(stranger.status).toBe(64);
    expect(stranger.stderr).toContain('excluded member 127.0.0.2:1:2 is not in the member list');
    expect(starts(cluster.members[0].home)).toEqual([]);
  });

  it('full-cluster recovery: the members exchange positions and all choose the most advanced one', async () => {
    // Members 2 and 3 are ahead; 3 shut down last (safe_to_bootstrap: 1), so it wins the tie.
    const cluster = await stubCluster('recovery', [grastate(-1, 0), grastate(-1, 0), grastate(910, 1)]);
    const positions = [`${uuid}:905`, `${uuid}:910`, `${uuid}:910`];
    const results = await Promise.all([0, 1, 2].map((i) => runScript(RECOVER, cluster, i, positions[i])));
    const logs = results.map((result) => result.stderr).join('\n');
    const chosen = cluster.endpoints[2];
    for (const result of results) {
      expect(result.stderr, logs).toContain(`bootstrapping from member ${chosen}: cluster ${uuid}, seqno 910`);
    }
    expect(starts(cluster.members[2].home)).toEqual([
      `--defaults-file=${cluster.members[2].home}/my.cnf --wsrep-new-cluster --wsrep_start_position=${uuid}:910`,
    ]);
    expect(readFileSync(join(cluster.members[2].home, 'data', 'grastate.dat'), 'utf8')).toContain('safe_to_bootstrap: 1\n');
    for (const i of [0, 1]) {
      expect(results[i].stderr).toContain(`waiting until member ${chosen} is Primary`);
      expect(starts(cluster.members[i].home)).toEqual([]);
      expect(readFileSync(join(cluster.members[i].home, 'data', 'grastate.dat'), 'utf8')).toContain('safe_to_bootstrap: 0\n');
    }
    expect(await leftovers(cluster.dir)).toEqual([]);
  });

  it('full-cluster recovery refuses members that hold data of different clusters', async () => {
    const cluster = await stubCluster('two-clusters', [grastate(-1, 0), grastate(-1, 0), grastate(-1, 0)]);
    const other = '9e9e9e9e-0000-4000-8000-00000000ffff';
    const positions = [`${uuid}:5`, `${other}:7`, `${uuid}:6`];
    const results = await Promise.all([0, 1, 2].map((i) => runScript(RECOVER, cluster, i, positions[i])));
    const logs = results.map((result) => result.stderr).join('\n');
    for (const result of results) {
      expect(result.status, logs).toBe(1);
      expect(result.stderr, logs).toContain('the members hold data of different clusters');
    }
    expect(cluster.members.flatMap((member) => starts(member.home))).toEqual([]);
    expect(await leftovers(cluster.dir)).toEqual([]);
  });

  it('the health check answers 503 when the server does not answer, and when the member is drained', async () => {
    const script = stage(bootstrapMember.compiled.catalog, CLUSTERCHECK, 'clustercheck', true);
    const checkFile = join(scratch, 'absent-server.cnf');
    writeFileSync(checkFile, `[client]\nuser = clustercheck\npassword = x\nsocket = ${scratch}/absent.sock\n`);
    const env = { OPENSTACK_HA_GALERA_CHECK_FILE: checkFile, OPENSTACK_HA_GALERA_DRAIN_FILE: join(scratch, 'drained') };
    const down = parseResponse((await runCommand('bash', [script], { env, input: 'GET / HTTP/1.0\r\n\r\n' })).stdout);
    expect(down).toEqual({
      status: '503 Service Unavailable',
      headers: ['Content-Type: text/plain', 'Connection: close', `Content-Length: ${down.body.length}`],
      body: 'Galera member does not answer.\r\n',
    });
    writeFileSync(join(scratch, 'drained'), '');
    const drained = parseResponse((await runCommand('bash', [script], { env, input: '' })).stdout);
    expect(drained.status).toBe('503 Service Unavailable');
    expect(drained.body).toBe('Galera member drained for maintenance.\r\n');
  });
});

describe('openstack_ha::profile::galera_arbitrator', () => {
  it('compiles on a messaging node, with a garb configuration that garb-systemd reads as intended', async () => {
    const { compiled, keys } = await compileClusterNode(
      {
        node: ARBITER,
        role: 'messaging',
        profiles: ['galera_arbitrator'],
        hosts: [...DB, ARBITER],
        nodeData: [
          entry(GALERA_ARBITRATOR_KEYS.clusterName, 'cloud #1'),
          entry(GALERA_ARBITRATOR_KEYS.members, [...MEMBERS.slice(0, 2), ARBITER.address]),
        ],
      },
      true,
    );
    expect(keys?.unknown, formatUnknownKeys(keys!)).toEqual([]);
    expect(compiled.warnings).toEqual([]);
    const garb = stage(compiled.catalog, '/etc/default/garb', 'garb');
    // garb-systemd sources the file with bash -u, then builds garbd's command line.
    const sourced = await runCommand('bash', ['-uc', `. "$1" && printf '%s\\n' "$GALERA_NODES" "$GALERA_GROUP" "$WORK_DIR"`, 'check', garb]);
    expect(sourced.stderr).toBe('');
    expect(sourced.stdout).toBe('198.51.100.31:4567 198.51.100.32:4567 198.51.100.21:4567\ncloud #1\n/var/lib/galera-arbitrator\n');
    expect(findResource(compiled.catalog, 'Package', 'galera-arbitrator-4')).toBeDefined();
    expect(findResource(compiled.catalog, 'Service', 'garb')?.parameters).toMatchObject({ ensure: 'running', enable: true });
    expect(catalogFile(compiled.catalog, '/etc/systemd/system/garb.service.d/openstack-ha.conf').content).toMatch(
      /\[Unit\]\n(#.*\n)*StartLimitIntervalSec=0\n\n\[Service\]\nRestart=always\nRestartSec=10\n(#.*\n)*StateDirectory=galera-arbitrator\n/,
    );
  });
});

describe.concurrent('mistakes that compilation catches', () => {
  it.each<[string, readonly HieraEntry[], RegExp]>([
    [
      'a single member',
      [entry(GALERA_KEYS.members, [MEMBERS[0]])],
      /Class\[Openstack_ha::Profile::Galera\]: parameter 'members' expects size to be at least 2, got 1/,
    ],
    [
      'the port as a string',
      [['openstack_ha::profile::galera::port', '3306']],
      /Class\[Openstack_ha::Profile::Galera\]: parameter 'port' expects .*Integer.*, got String/,
    ],
    [
      'an SST method that is not supported',
      [['openstack_ha::profile::galera::sst_method', 'xtrabackup-v2']],
      /parameter 'sst_method' expects a match for Enum\['mariabackup', 'rsync'\], got 'xtrabackup-v2'/,
    ],
    [
      'a cache size in terabytes',
      [entry(GALERA_KEYS.gcacheSize, '1T')],
      /parameter 'gcache_size' expects a match for Openstack_ha::Byte_size = Pattern\[.*\], got '1T'/,
    ],
    [
      'a database name with a dash',
      [entry(GALERA_KEYS.databases, { 'nova-api': 'nova' })],
      /parameter 'databases' .*expects a match for Openstack_ha::Sql_name/,
    ],
    [
      'a node that is not a member',
      [entry(GALERA_KEYS.nodeAddress, '198.51.100.39')],
      /openstack_ha::profile::galera: node_address 198\.51\.100\.39 is not one of the members/,
    ],
    [
      'a bootstrap member that is not a member',
      [entry(GALERA_KEYS.bootstrapAddress, '198.51.100.39')],
      /openstack_ha::profile::galera: bootstrap_address 198\.51\.100\.39 is not one of the members/,
    ],
  ])('%s', async (_name, nodeData, message) => {
    expect(await compileClusterNodeError(galeraNode(DB[0], { nodeData }))).toMatch(message);
  });

  it('a Galera member that is also an arbitrator', async () => {
    const member = galeraNode(DB[0]);
    const message = await compileClusterNodeError({
      ...member,
      role: 'controller',
      profiles: ['galera', 'galera_arbitrator'],
      nodeData: [
        ...member.nodeData,
        entry(GALERA_ARBITRATOR_KEYS.clusterName, 'openstack'),
        entry(GALERA_ARBITRATOR_KEYS.members, [...MEMBERS]),
      ],
    });
    expect(message).toMatch(/a node cannot be both a Galera member and a Galera arbitrator \(both listen on port 4567\)/);
  });

  it('a secret shorter than 16 characters', async () => {
    const message = await compileClusterNodeError(galeraNode(DB[0], { secrets: [entry(GALERA_KEYS.sstPassword, 'short')] }));
    expect(message).toMatch(/parameter 'sst_password' expects a String\[16\] value, got String/);
  });

  it('a database password for a user who owns no database', async () => {
    const message = await compileClusterNodeError(
      galeraNode(DB[0], { secrets: [entry(GALERA_KEYS.databasePasswords, { glance: 'glance-db-password-0001' })] }),
    );
    expect(message).toMatch(/database_passwords has passwords for \[glance\], who own none of the databases/);
  });
});
