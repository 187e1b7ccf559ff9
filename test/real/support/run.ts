/**
 * Running the real tools from tests: every process is awaited until it has exited, a
 * time-out kills the process that was started (by its PID, never by name), and scratch
 * directories are always removed. The live suite runs its commands through the same
 * {@link runCommand}, with hooks that record each PID for its clean-up.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** What a finished command left behind. */
export interface CommandResult {
  /** The exit status, or `null` when a signal ended the process. */
  readonly status: number | null;
  /** The signal that ended the process, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Everything written to standard output. */
  readonly stdout: string;
  /** Everything written to standard error. */
  readonly stderr: string;
  /** Wall-clock time from spawn to exit, in milliseconds. */
  readonly durationMs: number;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  /** The working directory. @default - the current directory */
  readonly cwd?: string;
  /** Extra environment variables, merged over the current environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Text written to the process's standard input, which is then closed. */
  readonly input?: string;
  /** Kill the process (SIGKILL, by PID) after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** Start the command in its own process group, so a signal meant for the test runner does not reach it. @default false */
  readonly detached?: boolean;
  /** Called with the PID as soon as the command has started. */
  readonly onStart?: (pid: number) => void;
  /** Called with the PID once the command has exited. */
  readonly onExit?: (pid: number) => void;
  /** Ends the command when it runs past its time-out. @default - SIGKILL to its PID */
  readonly kill?: (pid: number) => void;
}

/**
 * Runs a command to completion and reports its status and output. Never throws for a
 * non-zero exit: callers decide what a failure means. Rejects when the command cannot be
 * started or runs past its time-out (after killing it and waiting for it to exit).
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    });
    const pid = child.pid;
    if (pid !== undefined) options.onStart?.(pid);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) (options.kill ?? ((p: number) => process.kill(p, 'SIGKILL')))(pid);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (pid !== undefined) options.onExit?.(pid);
      const result: CommandResult = {
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: performance.now() - started,
      };
      if (timedOut) {
        reject(new Error(`${command} ${args.join(' ')} ran past ${timeoutMs} ms and was killed\n${result.stderr.slice(-4000)}`));
      } else {
        resolve(result);
      }
    });
    child.stdin.on('error', () => undefined); // a process that exits without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Creates a scratch directory under the system temp dir; remove it with {@link removeDir}. */
export function makeScratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `openstack-ha-${prefix}-`));
}

/** Removes a directory tree, ignoring one that is already gone. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `body` with a fresh scratch directory that is removed afterwards, whatever happens. */
export async function withScratchDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeScratchDir(prefix);
  try {
    return await body(dir);
  } finally {
    removeDir(dir);
  }
}
