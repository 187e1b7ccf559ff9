/**
 * The Nova profiles in the multi-cell (cells v2) layout, compiled against puppet-nova 21.x with
 * hiera written through the library's keys (nova-keys.ts):
 * - the bootstrap node of the API tier, whose `[database]` is cell0's and which maps two
 *   cells, each with its own database host and brokers;
 * - a controller of one cell, running that cell's conductor (which syncs the cell database)
 *   and console proxy;
 * - the data mistakes that compilation must refuse.
 *
 * The single-cell layout (`nova::cell_v2::simple_setup`) is covered by nova.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { HieraKey, HieraValue } from '../../lib/documents/hiera';
import {
  NOVA_API_KEYS,
  NOVA_COMMON_KEYS,
  NOVA_CONDUCTOR_KEYS,
  NOVA_NOVNCPROXY_KEYS,
  NOVA_SCHEDULER_KEYS,
  NovaCellMapping,
} from '../../lib/documents/nova-keys';
import { SAMPLE_VIP } from './support/api-tier';
import { buildStagedFixture } from './support/fixture';
import {
  catalogClasses,
  checkHieraKeys,
  compileCatalog,
  CompiledCatalog,
  findResource,
  formatUnknownKeys,
  HieraKeyReport,
  PuppetCatalog,
} from './support/puppet';
import { runCommand, withScratchDir } from './support/run';
import { SAMPLE_CONTROLLERS, sampleCommonHiera, sampleFacts } from './support/sample-nodes';

/** The VIP of cell1's own controllers (its database front end and console proxy). */
const CELL1_VIP = '198.51.100.40';
/** cell2's database front end, by name (a cell's database host may be a DNS name). */
const CELL2_DATABASE_HOST = 'db.cell2.example.test';

/** A controller of cell1, and cell1's brokers. */
const CELL1_CONTROLLER = { name: 'c1ctl1', address: '198.51.100.41' } as const;
const CELL1_BROKERS = ['198.51.100.41:5672', '198.51.100.42:5672'];
const CELL2_BROKERS = ['198.51.100.51:5672'];

const API_BROKERS = Object.values(SAMPLE_CONTROLLERS).map((address) => `${address}:5672`);
const MEMCACHED_SERVERS = Object.values(SAMPLE_CONTROLLERS).map((address) => `${address}:11211`);
const KEYSTONE_URL = `http://${SAMPLE_VIP}:5000`;
const NEUTRON_URL = `http://${SAMPLE_VIP}:9696`;

/**
 * The sample secrets. Some carry characters that must be URL-encoded in a connection or
 * transport URL, and one a `%`, which the shell must also leave alone.
 */
const SECRETS = {
  rabbit: 'rabbit-password-0123456789',
  novaService: 'nova-service-password-0123',
  novaDatabase: 'nova-db-pw/50%-0123456789',
  novaApiDatabase: 'nova-api-db-password-012345',
  placementService: 'placement-service-pw-012345',
  neutronService: 'neutron-service-pw-0123456',
  metadata: 'metadata-secret-0123456789',
  cell1Database: 'cell1-db-pw/with@signs:0123',
  cell1Rabbit: 'cell1-rabbit-password-0123',
  cell2Database: 'cell2-database-password-01',
  cell2Rabbit: 'cell2 rabbit pw+&-0123',
} as const;

/** The two cells, as the API tier reaches them. */
const CELLS: Record<string, NovaCellMapping> = {
  cell1: { database_host: CELL1_VIP, database_name: 'nova_cell1', rabbit_hosts: CELL1_BROKERS, rabbit_user: 'cell1' },
  cell2: { database_host: CELL2_DATABASE_HOST, database_name: 'nova_cell2', rabbit_hosts: CELL2_BROKERS, rabbit_user: 'openstack-cell2' },
};

/** Hiera data assembled through the library's keys, so each value has its key's type. */
class HieraFile {
  public readonly data: Record<string, unknown> = {};

  public set<T extends HieraValue>(key: HieraKey<T>, value: T): this {
    this.data[key.name] = value;
    return this;
  }
}

/** The shared Nova settings every node here has, whichever tier it is in. */
function sharedNovaHiera(): HieraFile {
  return new HieraFile()
    .set(NOVA_COMMON_KEYS.keystoneUrl, KEYSTONE_URL)
    .set(NOVA_COMMON_KEYS.memcachedServers, MEMCACHED_SERVERS)
    .set(NOVA_COMMON_KEYS.neutronUrl, NEUTRON_URL)
    .set(NOVA_COMMON_KEYS.region, 'RegionOne');
}

/** The API tier's deployment-wide data: cell0 as its database, and the two cells. */
function apiCommonHiera(cells: Record<string, NovaCellMapping> = CELLS): Record<string, unknown> {
  const file = sharedNovaHiera()
    .set(NOVA_COMMON_KEYS.databaseHost, SAMPLE_VIP)
    .set(NOVA_COMMON_KEYS.databaseName, 'nova_cell0')
    .set(NOVA_COMMON_KEYS.rabbitHosts, API_BROKERS)
    .set(NOVA_COMMON_KEYS.rabbitUser, 'openstack')
    .set(NOVA_API_KEYS.publicUrl, `http://${SAMPLE_VIP}:8774/v2.1`)
    .set(NOVA_API_KEYS.cells, cells)
    .set(NOVA_SCHEDULER_KEYS.discoverHostsInCellsInterval, 300);
  return { ...sampleCommonHiera(), ...file.data };
}

/** An API-tier controller's own data (`ctl1` is the bootstrap node). */
function apiNodeHiera(name: string): Record<string, unknown> {
  return new HieraFile()
    .set(NOVA_API_KEYS.bindAddress, SAMPLE_CONTROLLERS[name])
    .set(NOVA_API_KEYS.bootstrapNode, name === 'ctl1').data;
}

/** The common Nova secrets, with the given `nova` database user's and RabbitMQ passwords. */
function novaSecrets(databasePassword: string, rabbitPassword: string): HieraFile {
  return new HieraFile()
    .set(NOVA_COMMON_KEYS.servicePassword, SECRETS.novaService)
    .set(NOVA_COMMON_KEYS.databasePassword, databasePassword)
    .set(NOVA_COMMON_KEYS.apiDatabasePassword, SECRETS.novaApiDatabase)
    .set(NOVA_COMMON_KEYS.rabbitPassword, rabbitPassword)
    .set(NOVA_COMMON_KEYS.placementPassword, SECRETS.placementService)
    .set(NOVA_COMMON_KEYS.neutronPassword, SECRETS.neutronService);
}

/** The API tier's secrets, with each cell's passwords. */
function apiSecrets(
  databasePasswords: Record<string, string> = { cell1: SECRETS.cell1Database, cell2: SECRETS.cell2Database },
  rabbitPasswords: Record<string, string> = { cell1: SECRETS.cell1Rabbit, cell2: SECRETS.cell2Rabbit },
): Record<string, unknown> {
  return novaSecrets(SECRETS.novaDatabase, SECRETS.rabbit)
    .set(NOVA_API_KEYS.metadataSecret, SECRETS.metadata)
    .set(NOVA_API_KEYS.cellDatabasePasswords, databasePasswords)
    .set(NOVA_API_KEYS.cellRabbitPasswords, rabbitPasswords).data;
}

/** cell1's deployment-wide data: its own database and brokers, the `nova_api` database on the main VIP. */
function cell1CommonHiera(): Record<string, unknown> {
  const file = sharedNovaHiera()
    .set(NOVA_COMMON_KEYS.databaseHost, CELL1_VIP)
    .set(NOVA_COMMON_KEYS.apiDatabaseHost, SAMPLE_VIP)
    .set(NOVA_COMMON_KEYS.databaseName, 'nova_cell1')
    .set(NOVA_COMMON_KEYS.rabbitHosts, CELL1_BROKERS)
    .set(NOVA_COMMON_KEYS.rabbitUser, 'cell1')
    .set(NOVA_COMMON_KEYS.cellName, 'cell1')
    .set(NOVA_NOVNCPROXY_KEYS.novncproxyBaseUrl, `http://${CELL1_VIP}:6080/vnc_auto.html`);
  return { ...sampleCommonHiera(), ...file.data };
}

/** The cell1 controller's own data: it is the conductor that syncs the cell database. */
function cell1NodeHiera(): Record<string, unknown> {
  return new HieraFile()
    .set(NOVA_CONDUCTOR_KEYS.syncCellDatabase, true)
    .set(NOVA_NOVNCPROXY_KEYS.bindAddress, CELL1_CONTROLLER.address).data;
}

/** What to stage for one node. */
interface NodeInput {
  readonly name: string;
  readonly address: string;
  readonly profiles: readonly string[];
  readonly common: Record<string, unknown>;
  readonly node: Record<string, unknown>;
  readonly secrets: Record<string, unknown>;
}

/** A compiled node, with the hiera key report of its data files. */
interface CompiledNode extends CompiledCatalog {
  readonly keys: HieraKeyReport;
}

/** Stages a controller, checks its hiera keys and compiles it. */
async function compileNode(input: NodeInput): Promise<CompiledNode> {
  return withScratchDir('nova-cells-node', async (dir) => {
    const fixture = buildStagedFixture(dir, {
      role: 'controller',
      profiles: input.profiles,
      facts: sampleFacts(input.name, input.address),
      hiera: { common: input.common, node: input.node, secrets: input.secrets },
    });
    const keys = await checkHieraKeys(dir);
    const compiled = await compileCatalog(fixture);
    console.log(`nova cells: ${input.name} (${input.profiles.join(', ')}) compiled in ${(compiled.durationMs / 1000).toFixed(2)} s`);
    return { ...compiled, keys };
  });
}

/** The message of the compile error of a node that must not compile. */
async function compileError(input: NodeInput): Promise<string> {
  try {
    await compileNode(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${input.name} compiled, but it must not`);
}

/** An API-tier controller with the Nova API, conductor and scheduler. */
function apiInput(name: string, change: Partial<NodeInput> = {}): NodeInput {
  return {
    name,
    address: SAMPLE_CONTROLLERS[name],
    profiles: ['nova_api', 'nova_conductor', 'nova_scheduler'],
    common: apiCommonHiera(),
    node: apiNodeHiera(name),
    secrets: apiSecrets(),
    ...change,
  };
}

let bootstrapCatalog: Promise<CompiledNode> | undefined;
/** The API tier's bootstrap node in the multi-cell layout, compiled once. */
function bootstrap(): Promise<CompiledNode> {
  bootstrapCatalog ??= compileNode(apiInput('ctl1'));
  return bootstrapCatalog;
}

let cellCatalog: Promise<CompiledNode> | undefined;
/** The cell1 controller, compiled once. */
function cellController(): Promise<CompiledNode> {
  cellCatalog ??= compileNode({
    name: CELL1_CONTROLLER.name,
    address: CELL1_CONTROLLER.address,
    profiles: ['nova_conductor', 'nova_novncproxy'],
    common: cell1CommonHiera(),
    node: cell1NodeHiera(),
    secrets: novaSecrets(SECRETS.cell1Database, SECRETS.cell1Rabbit).data,
  });
  return cellCatalog;
}

function novaConfig(catalog: PuppetCatalog, title: string): unknown {
  const resource = findResource(catalog, 'Nova_config', title);
  expect(resource, `Nova_config[${title}] in the catalog`).toBeDefined();
  return resource!.parameters?.value;
}

/** A relationship parameter of a resource, as `Type[title]` strings. */
function relationship(catalog: PuppetCatalog, type: string, title: string, parameter: string): string[] {
  const value = findResource(catalog, type, title)?.parameters?.[parameter];
  return value === undefined ? [] : ([] as unknown[]).concat(value).map(String);
}

/**
 * The order the agent applies a catalog in, built as the agent builds it from the compiled
 * catalog: a container (class, defined resource) is entered before its members and left after
 * them, and a relationship to or from a container goes to its entry or from its exit.
 * Relationships the agent adds itself (autorequire) are left out.
 */
class ApplyOrder {
  private readonly next = new Map<string, Set<string>>();
  private readonly containers: Set<string>;
  /** Relationship references that name no resource of the catalog. */
  public readonly unresolved: string[] = [];

  constructor(catalog: PuppetCatalog) {
    const ref = (type: string, title: string) => `${type}[${title}]`;
    const known = new Set(catalog.resources.map((r) => ref(r.type, r.title)));
    this.containers = new Set(catalog.edges.map((e) => e.source));
    for (const container of this.containers) this.link(`${container}:entry`, `${container}:exit`);
    for (const edge of catalog.edges) {
      this.link(this.entry(edge.source), this.entry(edge.target));
      this.link(this.exit(edge.target), this.exit(edge.source));
    }
    for (const resource of catalog.resources) {
      const self = ref(resource.type, resource.title);
      for (const parameter of ['before', 'notify', 'require', 'subscribe']) {
        for (const other of relationship(catalog, resource.type, resource.title, parameter)) {
          if (!known.has(other)) {
            this.unresolved.push(`${self} ${parameter} ${other}`);
          } else if (parameter === 'before' || parameter === 'notify') {
            this.link(this.exit(self), this.entry(other));
          } else {
            this.link(this.exit(other), this.entry(self));
          }
        }
      }
    }
  }

  /** Whether `first` is applied (finished) before `second` starts, through any chain of relationships. */
  public precedes(first: string, second: string): boolean {
    const target = this.entry(second);
    const seen = new Set<string>();
    const pending = [this.exit(first)];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node === target) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      pending.push(...(this.next.get(node) ?? []));
    }
    return false;
  }

  /** A dependency cycle, as the nodes on it, or undefined when the order has none. */
  public cycle(): string[] | undefined {
    const state = new Map<string, 'open' | 'done'>();
    for (const start of this.next.keys()) {
      if (state.has(start)) continue;
      const path = [start];
      const iterators = [(this.next.get(start) ?? new Set<string>()).values()];
      state.set(start, 'open');
      while (path.length > 0) {
        const step = iterators[iterators.length - 1].next();
        if (step.done) {
          state.set(path.pop()!, 'done');
          iterators.pop();
        } else if (state.get(step.value) === 'open') {
          return path.slice(path.indexOf(step.value)).concat(step.value);
        } else if (!state.has(step.value)) {
          state.set(step.value, 'open');
          path.push(step.value);
          iterators.push((this.next.get(step.value) ?? new Set<string>()).values());
        }
      }
    }
    return undefined;
  }

  private entry(ref: string): string {
    return this.containers.has(ref) ? `${ref}:entry` : ref;
  }

  private exit(ref: string): string {
    return this.containers.has(ref) ? `${ref}:exit` : ref;
  }

  private link(from: string, to: string): void {
    if (!this.next.has(from)) this.next.set(from, new Set());
    this.next.get(from)!.add(to);
  }
}

/** The API tier's own `[database]` and cell0's: `nova_cell0` on the main VIP (`/` and `%` URL-encoded). */
const CELL0_CONNECTION = `mysql+pymysql://nova:nova-db-pw%2F50%25-0123456789@${SAMPLE_VIP}/nova_cell0`;

describe('the cell mapping check', () => {
  it('precedes() follows relationships through containers, and cycle() finds a loop', () => {
    const resource = (type: string, title: string, parameters: Record<string, unknown> = {}) => ({ type, title, parameters });
    const catalog: PuppetCatalog = {
      name: 'test',
      resources: [
        resource('Class', 'A'),
        resource('Exec', 'a'),
        resource('Exec', 'b', { notify: 'Class[A]' }),
        resource('Service', 'c', { require: ['Class[A]'] }),
      ],
      edges: [{ source: 'Class[A]', target: 'Exec[a]' }],
    };
    const order = new ApplyOrder(catalog);
    expect(order.unresolved).toEqual([]);
    expect(order.precedes('Exec[b]', 'Exec[a]')).toBe(true);
    expect(order.precedes('Exec[a]', 'Service[c]')).toBe(true);
    expect(order.precedes('Service[c]', 'Exec[b]')).toBe(false);
    expect(order.cycle()).toBeUndefined();
    catalog.resources.push(resource('File', 'd', { require: 'Service[c]', before: 'Exec[b]' }));
    expect(new ApplyOrder(catalog).cycle()).toEqual(expect.arrayContaining(['Exec[b]', 'Service[c]', 'File[d]']));
  });
});

describe.concurrent('the API tier of several cells: the bootstrap node', () => {
  it('compiles with every hiera key bound, no warning and no dependency cycle', async () => {
    const compiled = await bootstrap();
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.warnings).toEqual([]);
    const order = new ApplyOrder(compiled.catalog);
    expect(order.unresolved).toEqual([]);
    expect(order.cycle()).toBeUndefined();
  });

  it('nova.conf: [database] is cell0 on the main VIP; [api_database] there too; the API tier brokers', async () => {
    const { catalog } = await bootstrap();
    expect(novaConfig(catalog, 'database/connection')).toBe(CELL0_CONNECTION);
    expect(novaConfig(catalog, 'api_database/connection')).toBe(
      `mysql+pymysql://nova_api:${SECRETS.novaApiDatabase}@${SAMPLE_VIP}/nova_api`,
    );
    expect(novaConfig(catalog, 'DEFAULT/transport_url')).toBe(
      `rabbit://openstack:${SECRETS.rabbit}@198.51.100.11:5672,openstack:${SECRETS.rabbit}@198.51.100.12:5672,` +
        `openstack:${SECRETS.rabbit}@198.51.100.13:5672/`,
    );
  });

  it('registers each cell with its own database and brokers, passwords URL-encoded', async () => {
    const { catalog } = await bootstrap();
    const mappings = catalog.resources.filter((r) => r.type === 'Nova_cell_v2').map((r) => r.title);
    expect(mappings.sort()).toEqual(['cell0', 'cell1', 'cell2']);
    expect(findResource(catalog, 'Nova_cell_v2', 'cell1')?.parameters).toMatchObject({
      database_connection: `mysql+pymysql://nova:cell1-db-pw%2Fwith%40signs%3A0123@${CELL1_VIP}/nova_cell1`,
      transport_url: 'rabbit://cell1:cell1-rabbit-password-0123@198.51.100.41:5672,cell1:cell1-rabbit-password-0123@198.51.100.42:5672/',
    });
    expect(findResource(catalog, 'Nova_cell_v2', 'cell2')?.parameters).toMatchObject({
      database_connection: `mysql+pymysql://nova:${SECRETS.cell2Database}@${CELL2_DATABASE_HOST}/nova_cell2`,
      transport_url: 'rabbit://openstack-cell2:cell2%20rabbit%20pw%2B%26-0123@198.51.100.51:5672/',
    });
  });

  it('maps cell0 to its own [database], not to the name Nova would derive from it', async () => {
    const { catalog } = await bootstrap();
    const classes = catalogClasses(catalog);
    expect(classes).not.toContain('nova::cell_v2::simple_setup');
    expect(classes).toEqual(expect.arrayContaining(['nova::cell_v2::map_cell0', 'nova::cell_v2::discover_hosts']));
    expect(findResource(catalog, 'Nova_cell_v2', 'default')).toBeUndefined();
    const cell0 = findResource(catalog, 'Nova_cell_v2', 'cell0')?.parameters ?? {};
    expect(cell0.database_connection).toBe(CELL0_CONNECTION);
    // cell0 takes no messages: the provider's default (none:///) stays.
    expect(cell0.transport_url).toBeUndefined();

    const mapCell0 = findResource(catalog, 'Exec', 'nova-cell_v2-map_cell0');
    expect(mapCell0?.parameters).toMatchObject({ refreshonly: true, user: 'nova' });
    expect((mapCell0 as { sensitive_parameters?: string[] }).sensitive_parameters).toContain('command');
    // The arguments nova-manage receives once the shell has read the command.
    const command = String(mapCell0?.parameters?.command);
    expect(command).toMatch(/^nova-manage cell_v2 map_cell0 --database_connection /);
    const shell = await runCommand('/bin/sh', ['-c', command.replace(/^nova-manage /, "printf '%s\\n' ")]);
    expect(shell.status, shell.stderr).toBe(0);
    expect(shell.stdout.split('\n').filter(Boolean)).toEqual(['cell_v2', 'map_cell0', '--database_connection', CELL0_CONNECTION]);
  });

  it('orders the mappings after the API schema and cell0, before the main schema sync, and then looks for hosts', async () => {
    const { catalog } = await bootstrap();
    const order = new ApplyOrder(catalog);
    for (const cell of ['cell0', 'cell1', 'cell2']) {
      const mapping = `Nova_cell_v2[${cell}]`;
      expect(order.precedes('Exec[nova-db-sync-api]', mapping), `api_db sync before ${mapping}`).toBe(true);
      expect(order.precedes('Exec[nova-cell_v2-map_cell0]', mapping), `map_cell0 before ${mapping}`).toBe(true);
      expect(order.precedes(mapping, 'Exec[nova-db-sync]'), `${mapping} before db sync`).toBe(true);
      expect(order.precedes(mapping, 'Exec[nova-cell_v2-discover_hosts]'), `${mapping} before discover_hosts`).toBe(true);
      // A changed mapping makes the node look for compute nodes again.
      expect(relationship(catalog, 'Nova_cell_v2', cell, 'notify'), mapping).toContain('Class[Nova::Cell_v2::Discover_hosts]');
    }
    expect(order.precedes('Exec[nova-db-sync-api]', 'Exec[nova-cell_v2-map_cell0]')).toBe(true);
    expect(order.precedes('Exec[nova-cell_v2-map_cell0]', 'Exec[nova-db-sync]')).toBe(true);
    expect(order.precedes('Service[nova-conductor]', 'Exec[nova-cell_v2-discover_hosts]')).toBe(true);
    // The API tier's conductor does not sync a cell database: the bootstrap node's db sync does.
    expect(findResource(catalog, 'Exec', 'nova-db-sync-local-cell')).toBeUndefined();
  });
});

describe.concurrent('a controller of cell1: its conductor and console proxy', () => {
  it('compiles with every hiera key bound, no warning and no dependency cycle', async () => {
    const compiled = await cellController();
    expect(formatUnknownKeys(compiled.keys)).toBe('');
    expect(compiled.warnings).toEqual([]);
    const order = new ApplyOrder(compiled.catalog);
    expect(order.unresolved).toEqual([]);
    expect(order.cycle()).toBeUndefined();
    const classes = catalogClasses(compiled.catalog);
    expect(classes).toEqual(expect.arrayContaining(['nova::conductor', 'nova::vncproxy']));
    expect(classes.filter((c) => c.startsWith('nova::cell_v2'))).toEqual([]);
  });

  it('nova.conf: the cell database on the cell VIP, nova_api on the main VIP, the cell brokers', async () => {
    const { catalog } = await cellController();
    expect(novaConfig(catalog, 'database/connection')).toBe(
      `mysql+pymysql://nova:cell1-db-pw%2Fwith%40signs%3A0123@${CELL1_VIP}/nova_cell1`,
    );
    expect(novaConfig(catalog, 'api_database/connection')).toBe(
      `mysql+pymysql://nova_api:${SECRETS.novaApiDatabase}@${SAMPLE_VIP}/nova_api`,
    );
    expect(novaConfig(catalog, 'DEFAULT/transport_url')).toBe(
      'rabbit://cell1:cell1-rabbit-password-0123@198.51.100.41:5672,cell1:cell1-rabbit-password-0123@198.51.100.42:5672/',
    );
    expect(novaConfig(catalog, 'vnc/novncproxy_host')).toBe(CELL1_CONTROLLER.address);
    expect(novaConfig(catalog, 'vnc/novncproxy_base_url')).toBe(`http://${CELL1_VIP}:6080/vnc_auto.html`);
  });

  it('syncs the cell database with --local_cell, once its settings are written and before the conductor starts', async () => {
    const { catalog } = await cellController();
    const sync = findResource(catalog, 'Exec', 'nova-db-sync-local-cell');
    expect(sync?.parameters).toMatchObject({
      command: '/usr/bin/nova-manage db sync --local_cell',
      user: 'nova',
      refreshonly: true,
      tries: 10,
      try_sleep: 5,
    });
    expect(relationship(catalog, 'Exec', 'nova-db-sync-local-cell', 'subscribe').sort()).toEqual([
      'Anchor[nova::config::end]',
      'Anchor[nova::db::end]',
      'Anchor[nova::dbsync::begin]',
      'Anchor[nova::install::end]',
    ]);
    const order = new ApplyOrder(catalog);
    expect(order.precedes('Package[nova-conductor]', 'Exec[nova-db-sync-local-cell]')).toBe(true);
    expect(order.precedes('Nova_config[database/connection]', 'Exec[nova-db-sync-local-cell]')).toBe(true);
    expect(order.precedes('Exec[nova-db-sync-local-cell]', 'Service[nova-conductor]')).toBe(true);
    expect(order.precedes('Service[nova-conductor]', 'Exec[nova-db-sync-local-cell]')).toBe(false);
    // The cell's nodes neither sync the API and cell0 databases nor map cells.
    for (const title of ['nova-db-sync', 'nova-db-sync-api', 'nova-cell_v2-map_cell0', 'nova-cell_v2-discover_hosts']) {
      expect(findResource(catalog, 'Exec', title), title).toBeUndefined();
    }
    expect(catalog.resources.filter((r) => r.type === 'Nova_cell_v2')).toEqual([]);
  });
});

describe.concurrent('multi-cell mistakes that compilation catches', () => {
  it('a cell of cells without a database password, on any API node', async () => {
    const secrets = apiSecrets({ cell1: SECRETS.cell1Database });
    const message = await compileError(apiInput('ctl2', { profiles: ['nova_api'], secrets }));
    expect(message).toMatch(/nova_api: cell_database_passwords has no password for the cell\(s\) cell2 of 'cells'/);
    expect(message).not.toContain(SECRETS.cell1Database);
  });

  it('a RabbitMQ password for a cell that cells does not list', async () => {
    const secrets = apiSecrets(undefined, { cell1: SECRETS.cell1Rabbit, cell2: SECRETS.cell2Rabbit, cell3: 'cell3-rabbit-password-01' });
    const message = await compileError(apiInput('ctl1', { profiles: ['nova_api'], secrets }));
    expect(message).toMatch(/nova_api: cell_rabbit_passwords has a password for the cell\(s\) cell3, which 'cells' does not list/);
  });

  it('a cell named cell0', async () => {
    const cells = { cell0: CELLS.cell1, cell2: CELLS.cell2 };
    const secrets = apiSecrets(
      { cell0: SECRETS.cell1Database, cell2: SECRETS.cell2Database },
      { cell0: SECRETS.cell1Rabbit, cell2: SECRETS.cell2Rabbit },
    );
    const message = await compileError(apiInput('ctl1', { profiles: ['nova_api'], common: apiCommonHiera(cells), secrets }));
    expect(message).toMatch(
      /Class\[Openstack_ha::Profile::Nova_api\]:\s+parameter 'cells' key of entry 'cell0' expects a match for Openstack_ha::Nova_cell_name/,
    );
  });
});
