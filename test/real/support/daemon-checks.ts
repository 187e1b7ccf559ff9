import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFiles } from './catalog-files';
import type { PuppetCatalog } from './puppet';
import { haproxyCheck, keepalivedCheck } from './api-tier';
import { runCommand, withScratchDir } from './run';

/** One daemon's verdict on a configuration file a catalog renders. */
export interface DaemonCheck {
  /** The file on the node. */
  readonly path: string;
  /** The daemon (or parser) that judged it. */
  readonly checker: string;
  /** True when the daemon accepted the file. */
  readonly ok: boolean;
  /** What it printed. */
  readonly output: string;
}

async function mariadbCheck(content: string): Promise<{ ok: boolean; output: string }> {
  return withScratchDir('my-cnf', async (dir) => {
    const file = join(dir, 'my.cnf');
    writeFileSync(file, content.replace(/^!includedir .*$/gm, ''));
    const r = await runCommand('mariadbd', [`--defaults-file=${file}`, '--help', '--verbose'], { timeoutMs: 60_000 });
    const output = `${r.stderr}`;
    return { ok: r.status === 0 && !/\[ERROR\]/.test(output), output };
  });
}

async function erlangConsult(content: string): Promise<{ ok: boolean; output: string }> {
  return withScratchDir('rabbitmq-config', async (dir) => {
    const file = join(dir, 'rabbitmq.config');
    writeFileSync(file, content);
    // No -sname: no distribution, so no epmd is started.
    const r = await runCommand('erl', ['-noshell', '-eval', `{ok,[_]}=file:consult("${file}"), halt().`], { timeoutMs: 60_000 });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  });
}

/**
 * Hands every daemon configuration a compiled catalog renders to the daemon's own check:
 * HAProxy's `-c`, keepalived's `-t` inside a namespace that has the node's interface,
 * mariadbd's option parser (`--help --verbose`, without `!includedir`), and Erlang's
 * `file:consult` for rabbitmq.config.
 */
export async function checkRenderedDaemonConfigs(catalog: PuppetCatalog, interfaceName: string): Promise<DaemonCheck[]> {
  const files = catalogFiles(catalog);
  const checks: DaemonCheck[] = [];
  const haproxy = files.get('/etc/haproxy/haproxy.cfg');
  if (haproxy) {
    const r = await haproxyCheck(haproxy.content);
    checks.push({ path: haproxy.path, checker: 'haproxy -c', ok: r.status === 0, output: r.output });
  }
  const keepalived = files.get('/etc/keepalived/keepalived.conf');
  if (keepalived) {
    const r = await keepalivedCheck(keepalived.content, interfaceName);
    checks.push({ path: keepalived.path, checker: 'keepalived -t', ok: r.status === 0, output: r.output });
  }
  for (const path of ['/etc/mysql/my.cnf', '/etc/mysql/mariadb.conf.d/60-openstack-ha-galera.cnf']) {
    const myCnf = files.get(path);
    if (myCnf) checks.push({ path, checker: 'mariadbd --help --verbose', ...(await mariadbCheck(myCnf.content)) });
  }
  const rabbit = files.get('/etc/rabbitmq/rabbitmq.config');
  if (rabbit) checks.push({ path: rabbit.path, checker: 'erl file:consult', ...(await erlangConsult(rabbit.content)) });
  return checks;
}
