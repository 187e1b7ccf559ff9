/**
 * A private network for a live test: one network namespace per host, joined by veth links to
 * a bridge that lives in a namespace of its own. Nothing is attached to the root namespace, so
 * the hosts' addresses (10.199.x.0/24) exist only inside the namespaces created here, and every
 * host has its own ports (a daemon listens on 3306 or 4369 without meeting anything else on
 * this machine).
 *
 * The namespaces are named `oha<pid>-<lab>-<host>`; {@link NetLab.destroy} ends every process
 * still running inside them (by PID, from `ip netns pids`) and deletes them.
 */
import { execFileSync } from 'child_process';
import { ProcessSet, RunResult, StartOptions, Started, waitGone } from './processes';

/** One host of a lab. */
export interface LabHost {
  /** Short name, unique in the lab (`ctl1`). */
  readonly name: string;
  /** Its IPv4 address in the lab's /24. */
  readonly address: string;
  /** The name of its interface. @default 'eth0' */
  readonly interfaceName?: string;
}

function ip(args: readonly string[]): string {
  try {
    return execFileSync('ip', [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** The namespaces whose names start with `prefix`. */
export function namespacesWithPrefix(prefix: string): string[] {
  return ip(['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(prefix));
}

export class NetLab {
  /** The prefix of every namespace of this lab. */
  readonly prefix: string;
  private readonly hosts = new Map<string, LabHost>();
  private readonly created: string[] = [];
  private readonly onExit = () => this.destroyNow();

  constructor(
    label: string,
    private readonly processes: ProcessSet,
  ) {
    this.prefix = `oha${process.pid}-${label}-`;
    process.once('exit', this.onExit);
  }

  /** The namespace of a host. */
  ns(host: string): string {
    if (!this.hosts.has(host) && host !== 'sw') throw new Error(`no host ${host} in lab ${this.prefix}`);
    return `${this.prefix}${host}`;
  }

  /** The interface name of a host. */
  interfaceOf(host: string): string {
    return this.hosts.get(host)?.interfaceName ?? 'eth0';
  }

  /** Creates the bridge namespace and one namespace per host, each linked to the bridge. */
  create(hosts: readonly LabHost[], prefixLength = 24): void {
    const sw = `${this.prefix}sw`;
    this.addNamespace(sw);
    ip(['-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', sw, 'link', 'set', 'br0', 'up']);
    for (const host of hosts) {
      this.hosts.set(host.name, host);
      const ns = this.ns(host.name);
      this.addNamespace(ns);
      const ifname = this.interfaceOf(host.name);
      const port = this.switchPort(host.name);
      // Both ends are created directly inside their namespaces: nothing appears in the root one.
      ip(['link', 'add', port, 'netns', sw, 'type', 'veth', 'peer', 'name', ifname, 'netns', ns]);
      ip(['-n', sw, 'link', 'set', port, 'master', 'br0', 'up']);
      ip(['-n', ns, 'addr', 'add', `${host.address}/${prefixLength}`, 'dev', ifname]);
      ip(['-n', ns, 'link', 'set', ifname, 'up']);
    }
  }

  private switchPort(host: string): string {
    return `p-${host}`.slice(0, 15);
  }

  private addNamespace(ns: string): void {
    ip(['netns', 'add', ns]);
    this.created.push(ns);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  /** Takes a host's interface down (its cable is pulled: it neither sends nor receives). */
  linkDown(host: string): void {
    ip(['-n', this.ns(host), 'link', 'set', this.interfaceOf(host), 'down']);
  }

  /** Brings a host's interface back up. */
  linkUp(host: string): void {
    ip(['-n', this.ns(host), 'link', 'set', this.interfaceOf(host), 'up']);
  }

  /** `ip -n <ns> ...` for a host. */
  ipIn(host: string, args: readonly string[]): string {
    return ip(['-n', this.ns(host), ...args]);
  }

  /** The IPv4 addresses on a host's interface. */
  addresses(host: string): string[] {
    return this.ipIn(host, ['-4', '-o', 'addr', 'show', 'dev', this.interfaceOf(host)])
      .split('\n')
      .map((line) => /inet (\S+)/.exec(line)?.[1])
      .filter((a): a is string => a !== undefined);
  }

  /** Starts a background process inside a host's namespace. */
  start(host: string, command: string, args: readonly string[], label: string, options?: StartOptions): Started {
    return this.processes.start('ip', ['netns', 'exec', this.ns(host), command, ...args], label, options);
  }

  /** Runs a command to completion inside a host's namespace. */
  run(host: string, command: string, args: readonly string[], options?: StartOptions): Promise<RunResult> {
    return this.processes.run('ip', ['netns', 'exec', this.ns(host), command, ...args], options);
  }

  /** The PIDs of every process inside the lab's namespaces. */
  pids(): number[] {
    const pids = new Set<number>();
    for (const ns of this.created) {
      try {
        for (const line of ip(['netns', 'pids', ns]).split('\n')) if (/^\d+$/.test(line.trim())) pids.add(Number(line));
      } catch {
        // deleted already
      }
    }
    return [...pids];
  }

  /**
   * Ends every process still inside the lab's namespaces (SIGKILL, by the PIDs `ip netns pids`
   * gives), then deletes the namespaces. Returns the PIDs it had to end.
   */
  async destroy(): Promise<number[]> {
    const leftover = this.pids();
    for (const pid of leftover) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    await waitGone(leftover, 15_000);
    this.deleteNamespaces();
    process.removeListener('exit', this.onExit);
    const remaining = namespacesWithPrefix(this.prefix);
    if (remaining.length > 0) throw new Error(`namespaces left behind: ${remaining.join(', ')}`);
    return leftover;
  }

  private destroyNow(): void {
    for (const pid of this.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    this.deleteNamespaces();
  }

  private deleteNamespaces(): void {
    for (const ns of this.created.splice(0).reverse()) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
  }
}
