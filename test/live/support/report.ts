/**
 * The figures a live test measured, printed as one table at the end of the file, and a clock
 * that stamps the steps of a scenario.
 */
import { mkdtempSync, chmodSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** One measured figure. */
export interface Figure {
  readonly what: string;
  readonly value: string;
}

export class Figures {
  private readonly rows: Figure[] = [];

  constructor(private readonly title: string) {}

  add(what: string, value: string | number): void {
    this.rows.push({ what, value: String(value) });
  }

  /** The table as text. */
  table(): string {
    const width = Math.max(10, ...this.rows.map((r) => r.what.length));
    const valueWidth = Math.max(5, ...this.rows.map((r) => r.value.length));
    const line = `+-${'-'.repeat(width)}-+-${'-'.repeat(valueWidth)}-+`;
    const out = [this.title, line, `| ${'figure'.padEnd(width)} | ${'value'.padEnd(valueWidth)} |`, line];
    for (const r of this.rows) out.push(`| ${r.what.padEnd(width)} | ${r.value.padEnd(valueWidth)} |`);
    out.push(line);
    return out.join('\n');
  }

  print(): void {
    if (this.rows.length > 0) console.log(`\n${this.table()}\n`);
  }
}

/** Seconds with one decimal. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Seconds with two decimals. */
export const seconds2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A log of timestamped steps, relative to its creation; printed on failure. */
export class Timeline {
  private readonly started = performance.now();
  readonly steps: string[] = [];

  now(): number {
    return performance.now() - this.started;
  }

  step(message: string): void {
    this.steps.push(`[${(this.now() / 1000).toFixed(1).padStart(6)} s] ${message}`);
    if (process.env.OHA_LIVE_VERBOSE) console.log(this.steps[this.steps.length - 1]);
  }

  toString(): string {
    return this.steps.join('\n');
  }
}

/**
 * A private scratch directory under the system temp dir that other users can traverse
 * (daemons drop root and run as their own user); remove it with {@link removeScratch}.
 */
export function makeTraversableScratch(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `oha-live-${label}-`));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeScratch(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
