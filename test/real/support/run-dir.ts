/**
 * The scratch directory shared by every test file of one real-tool run (caches such as the
 * puppet-strings index live there). The global setup creates it and removes it at the end.
 */
import { inject } from 'vitest';
import { makeScratchDir, removeDir } from './run';

declare module 'vitest' {
  interface ProvidedContext {
    /** The run-wide scratch directory created by the real suite's global setup. */
    realRunDir: string;
  }
}

let fallbackDir: string | undefined;

/**
 * The run-wide scratch directory. Outside a vitest run with the real suite's global setup,
 * a per-process directory is used and removed when the process exits.
 */
export function realRunDir(): string {
  try {
    const dir = inject('realRunDir');
    if (dir) return dir;
  } catch {
    // not inside a vitest worker
  }
  if (!fallbackDir) {
    const dir = makeScratchDir('real-run');
    fallbackDir = dir;
    process.once('exit', () => removeDir(dir));
  }
  return fallbackDir;
}
