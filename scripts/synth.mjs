#!/usr/bin/env node
// Synthesizes one example app in this process: compiles the project first only when a
// source file is newer than the last build, then runs the app's compiled main.js.
//   node scripts/synth.mjs medium        -> cdktf.out/stacks/medium/cdk.tf.json
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = process.argv[2] ?? 'medium';
const main = join(root, 'dist', 'examples', example, 'main.js');
const stamp = join(root, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) && existsSync(main) ? statSync(stamp).mtimeMs : 0;
const sources = Math.max(newestSource(join(root, 'lib')), newestSource(join(root, 'examples')), statSync(join(root, 'tsconfig.json')).mtimeMs);
if (sources > built) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'lib', 'tsc.js'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
}
if (!existsSync(main)) {
  console.error(`no example named ${example}: ${main} does not exist`);
  process.exit(2);
}
process.env.CHECKPOINT_DISABLE ??= '1';
createRequire(import.meta.url)(main);
