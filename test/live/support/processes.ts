/**
 * The processes a live test starts, and nothing else: each one is recorded by its PID when it
 * starts (or, for a daemon that a script starts, when its pid file names it), and ended by that
 * PID. Nothing is ever looked up or killed by its name.
 *
 * A {@link ProcessSet} also ends, at the end of a test file or when the worker exits, every
 * process still running from those it recorded, and their descendants.
 */
import { ChildProcess, spawn } from 'child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'fs';
import { CommandResult, runCommand } from '../../real/support/run';

/** A background process started by {@link ProcessSet.start}. */
export interface Started {
  /** The PID (of the command itself: `ip netns exec` and `exec` keep it). */
  readonly pid: number;
  /** What it is, for messages. */
  readonly label: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
}

/** What a command run to completion by {@link ProcessSet.run} left behind. */
export type RunResult = CommandResult;

/** Options of {@link ProcessSet.start} and {@link ProcessSet.run}. */
export interface StartOptions {
  /** Environment variables merged over this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** The working directory. */
  readonly cwd?: string;
  /** (start) stdout and stderr are appended to this file; otherwise discarded. */
  readonly logFile?: string;
  /** (run) text written to standard input. */
  readonly input?: string;
  /** (run) kill the command (SIGKILL, by PID) after this long; the promise then rejects. @default 120000 */
  readonly timeoutMs?: number;
}

/**
 * When a process started (field 22 of /proc/<pid>/stat, in clock ticks since boot): with the
 * PID, it names one process even after the PID has been reused (pid_max is 32768 here).
 */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True while a process with this PID exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * True while a process table entry exists for this PID, zombies included. A killed daemon whose
 * parent has exited stays a zombie until PID 1 reaps it (about 2 s on this machine's init), and
 * `kill -0` still succeeds on it meanwhile.
 */
export function hasEntry(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/** Waits until the process table has no entry for any of `pids` (reaped, not only dead). */
export async function waitReaped(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(hasEntry)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Every live PID with its parent's PID, from /proc. */
function parentTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The PIDs of the descendants of `pids` (children, their children, ...). */
export function descendantsOf(pids: Iterable<number>): number[] {
  const table = parentTable();
  const found = new Set<number>();
  let frontier = new Set(pids);
  while (frontier.size > 0) {
    const next = new Set<number>();
    for (const [pid, ppid] of table) {
      if (frontier.has(ppid) && !found.has(pid)) {
        found.add(pid);
        next.add(pid);
      }
    }
    frontier = next;
  }
  return [...found];
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until none of `pids` is alive; resolves false if some still is after `timeoutMs`. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * The processes of one test file. `start` and `run` record what they spawn, `adopt` records a
 * daemon learned from a pid file, and `killAll` ends whatever of them (and of their
 * descendants) still runs.
 */
export class ProcessSet {
  /** PID -> what it is and when it started. */
  private readonly recorded = new Map<number, { label: string; started: string | undefined }>();
  private readonly onExit = () => this.killAllNow();

  constructor(public readonly label: string) {
    process.once('exit', this.onExit);
  }

  /** Records a PID to end at clean-up (a daemon a script started, named by its pid file). */
  adopt(pid: number, label: string): void {
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`not a PID for ${label}: ${pid}`);
    this.record(pid, label);
  }

  private record(pid: number, label: string): void {
    this.recorded.set(pid, { label, started: startTime(pid) });
  }

  /** True while the recorded process (not another one that got its PID since) is alive. */
  private isOurs(pid: number): boolean {
    const entry = this.recorded.get(pid);
    return entry !== undefined && isAlive(pid) && (entry.started === undefined || startTime(pid) === entry.started);
  }

  /** The PIDs recorded and still alive, with their labels. */
  alive(): { pid: number; label: string }[] {
    return [...this.recorded.keys()].filter((pid) => this.isOurs(pid)).map((pid) => ({ pid, label: this.recorded.get(pid)!.label }));
  }

  /** Starts a background process; its output goes to `logFile`. */
  start(command: string, args: readonly string[], label: string, options: StartOptions = {}): Started {
    const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
    let child: ChildProcess;
    try {
      child = spawn(command, [...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', out, out],
        // Its own process group: a signal meant for the test runner does not reach it.
        detached: true,
      });
    } finally {
      if (typeof out === 'number') closeSync(out);
    }
    if (child.pid === undefined) throw new Error(`cannot start ${label} (${command})`);
    const pid = child.pid;
    this.record(pid, label);
    const exited = new Promise<number | string>((resolve) => {
      child.once('exit', (code, sig) => resolve(code ?? sig ?? 'unknown'));
      child.once('error', (error) => resolve(`error: ${error.message}`));
    });
    return { pid, label, exited };
  }

  /**
   * Starts a process whose standard input and output stay connected to this one (a client
   * driven line by line); recorded like {@link start}.
   */
  startPiped(command: string, args: readonly string[], label: string, options: StartOptions = {}): Started & { child: ChildProcess } {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid === undefined) throw new Error(`cannot start ${label} (${command})`);
    const pid = child.pid;
    this.record(pid, label);
    child.stdin?.on('error', () => undefined);
    const exited = new Promise<number | string>((resolve) => {
      child.once('exit', (code, sig) => resolve(code ?? sig ?? 'unknown'));
      child.once('error', (error) => resolve(`error: ${error.message}`));
    });
    return { pid, label, exited, child };
  }

  /**
   * Runs a command to completion, recording its PID while it runs (so that clean-up after a
   * failure ends it and whatever it started). Never rejects on a non-zero exit.
   */
  run(command: string, args: readonly string[], options: StartOptions = {}): Promise<RunResult> {
    return runCommand(command, args, {
      ...options,
      detached: true,
      onStart: (pid) => this.record(pid, `${command} ${args.join(' ')}`.slice(0, 120)),
      onExit: (pid) => this.recorded.delete(pid),
      // The command and whatever it started.
      kill: (pid) => {
        for (const descendant of descendantsOf([pid])) signal(descendant, 'SIGKILL');
        signal(pid, 'SIGKILL');
      },
    });
  }

  /** Sends a signal to one recorded process, by its PID. */
  kill(pid: number, name: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.recorded.has(pid)) throw new Error(`PID ${pid} was not started or adopted by ${this.label}`);
    if (!this.isOurs(pid) || !signal(pid, name)) throw new Error(`kill -${name} ${pid} (${this.recorded.get(pid)!.label}) failed: it has exited`);
  }

  /** Forgets a PID that has exited (so clean-up does not signal a recycled PID). */
  forget(pid: number): void {
    this.recorded.delete(pid);
  }

  /**
   * Ends every recorded process that still runs, and every descendant of them, with SIGKILL,
   * by PID; waits until they are gone. Returns what it had to end.
   */
  async killAll(): Promise<string[]> {
    const ended = this.killAllNow();
    const pids = ended.map((e) => Number(e.split(' ')[0]));
    if (!(await waitGone(pids, 15_000))) {
      throw new Error(`${this.label}: processes survived SIGKILL: ${pids.filter(isAlive).join(', ')}`);
    }
    return ended;
  }

  private killAllNow(): string[] {
    const roots = [...this.recorded.keys()].filter((pid) => this.isOurs(pid));
    const all = [...descendantsOf(roots), ...roots];
    const ended: string[] = [];
    for (const pid of all) {
      if (signal(pid, 'SIGKILL')) ended.push(`${pid} ${this.recorded.get(pid)?.label ?? 'descendant'}`);
    }
    this.recorded.clear();
    return ended;
  }

  /** Call once the set is cleaned up: no exit hook is left behind. */
  dispose(): void {
    process.removeListener('exit', this.onExit);
  }
}

/** Reads a PID from a pid file; undefined while the file is missing or empty. */
export function readPidFile(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8').trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
