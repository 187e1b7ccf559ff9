import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The terraform binary the offline evaluations use (`TERRAFORM_BINARY` overrides it). */
export const TERRAFORM = process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform';

/**
 * Evaluates one expression with the real `terraform console` against a configuration of
 * variables and locals only (no provider, no init, no network) and returns what it printed.
 * Any diagnostic on stderr is an error: `terraform console` exits 0 on invalid configuration.
 */
export function evaluateWithTerraform(config: object, expression: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tf-eval-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'empty.tfrc'), '');
    const run = spawnSync(TERRAFORM, ['console', '-no-color'], {
      cwd: dir,
      input: `${expression}\n`,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
    });
    if (run.error) throw new Error(`cannot run ${TERRAFORM} (set TERRAFORM_BINARY): ${run.error.message}`);
    if (run.status !== 0 || /Error:/.test(run.stderr)) throw new Error(`terraform console failed: ${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
