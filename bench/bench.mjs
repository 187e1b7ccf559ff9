#!/usr/bin/env node
// The performance benchmark of the library (goals G1-G8 of the performance research).
//
//   npm run bench                full mode: 5 runs, N = 1000 and 5000; never fails
//   npm run bench -- --quick     CI mode: 3 runs, N <= 1000; exit 1 on a gross regression
//                                (a goal 2x worse than its target), a measurement that
//                                could not run, or output that is not deterministic
//   options: --runs K (override the number of runs)
//            --known-miss G1[,G6...]  a goal missed before this change and tracked in its issue:
//                                     reported, but its ratio does not fail the quick mode (a
//                                     wrong or non-deterministic output still does)
//
// Every in-process figure comes from a fresh `node` process running precompiled JavaScript
// (dist/, compiled first from bench/tsconfig.json), the variants taken round-robin, and the
// median of the runs reported. Build and synth are timed separately; synth is `app.synth()`
// to a temporary output directory. Whole-process figures (G6, G7) are wall times of the
// commands, after one untimed warm-up run. One markdown table is printed; every raw run goes
// to bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_BENCH = join(ROOT, 'dist', 'bench');
const quick = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : quick ? 3 : 5;
const knownMissArg = process.argv.indexOf('--known-miss');
const KNOWN_MISSES = new Set(knownMissArg > 0 ? process.argv[knownMissArg + 1].split(',').map((g) => g.trim().toUpperCase()) : []);
/** The sizes: N for G1, G1', G8; the small and large N of G3; G4 at the large N (full mode). */
const N = 1000;
const G3_SMALL = quick ? 200 : 1000;
const G3_LARGE = quick ? 1000 : 5000;

const started = performance.now();
const loadBefore = loadavg();
const work = mkdtempSync(join(tmpdir(), 'ohc-bench-'));

// Children run plain node: no inherited NODE_OPTIONS (source maps, loaders), no request to keep
// stack traces, no cdktf telemetry.
const childEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
delete childEnv.NODE_OPTIONS;
delete childEnv.OPENSTACK_HA_STACK_TRACES;

const log = (msg) => process.stderr.write(`${msg}\n`);
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a command to completion; returns its wall time, exit code and output. */
function timed(command, args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, env: childEnv, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const wallMs = performance.now() - t0;
  return { wallMs, code: r.status ?? -1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** The useful part of a failed child's stderr: the error line and the message, shortened. */
function errorSummary(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines.findIndex((l) => /^[A-Za-z]*Error\b|Error:/.test(l));
  const picked = first >= 0 ? lines.slice(first, first + 4) : lines.slice(-4);
  const text = picked.join(' | ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** Runs one of the compiled bench scripts in a fresh node process and parses its BENCH_RESULT line. */
function runScript(script, args) {
  const r = timed(process.execPath, [join(DIST_BENCH, script), ...args]);
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (r.code !== 0 || !line) {
    return { error: `${script} ${args.filter((a) => !a.startsWith(work)).join(' ')} exited ${r.code}: ${errorSummary(r.stderr)}` };
  }
  return { ...JSON.parse(line.slice('BENCH_RESULT '.length)), processWallMs: r.wallMs };
}

// ---------------------------------------------------------------------------------------------
// 1. Compile the library, the examples and the bench to dist/.
log(`bench: ${quick ? 'quick' : 'full'} mode, ${RUNS} runs, scratch ${work}`);
const build = timed(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'lib', 'tsc.js'), '-p', join('bench', 'tsconfig.json')]);
log(`compiled in ${(build.wallMs / 1000).toFixed(1)} s (exit ${build.code})`);
if (build.code !== 0) {
  log(`warning: type errors (the JavaScript was emitted anyway):\n${build.stdout.split('\n').slice(0, 15).join('\n')}`);
}
if (!existsSync(join(DIST_BENCH, 'measure.js'))) {
  log('the bench did not compile; nothing to measure');
  process.exit(quick ? 1 : 0);
}

// The app `npm run synth` runs (G7 compares the command with the same app built in process).
const synthScript = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts?.synth ?? '';
// Either the compiled app itself, or scripts/synth.mjs, which runs that app in its own process.
const synthApp =
  /node\s+\S*dist\/examples\/([\w-]+)\/main\.js/.exec(synthScript)?.[1] ?? /node\s+scripts\/synth\.mjs\s+([\w-]+)/.exec(synthScript)?.[1];

// ---------------------------------------------------------------------------------------------
// 2. Baseline inputs (untimed): the G1 replay plan and the node user-data, per N.
const fixtures = {};
for (const n of [...new Set([N, ...(quick ? [] : [G3_LARGE])])]) {
  const file = join(work, `fixture-${n}.json`);
  const r = timed(process.execPath, [join(DIST_BENCH, 'fixture.js'), '--n', String(n), '--out', file]);
  if (r.code !== 0) log(`fixture ${n} failed: ${errorSummary(r.stderr)}`);
  fixtures[n] = r.code === 0 ? { file, ...JSON.parse(readFileSync(file, 'utf8')) } : { error: errorSummary(r.stderr) };
  if (fixtures[n].planError) log(`G1 baseline at N=${n}: no replay plan: ${fixtures[n].planError}`);
}

// ---------------------------------------------------------------------------------------------
// 3. In-process measurements, round-robin.
const lib = (n) => ['measure.js', ['--variant', 'lib', '--workload', 'large', '--n', String(n), '--traces', 'off']];
const VARIANTS = [
  { id: `lib-${G3_SMALL}`, run: lib(G3_SMALL) },
  ...(G3_LARGE !== N ? [{ id: `lib-${N}`, run: lib(N) }] : []),
  { id: `lib-${G3_LARGE}`, run: lib(G3_LARGE) },
  { id: `bare-identical-${N}-fast`, run: ['measure.js', ['--variant', 'bare-identical', '--fixture', fixtures[N].file, '--traces', 'off']] },
  { id: `bare-identical-${N}-traces`, run: ['measure.js', ['--variant', 'bare-identical', '--fixture', fixtures[N].file, '--traces', 'on']] },
  ...(quick
    ? []
    : [{ id: `bare-identical-${G3_LARGE}-fast`, run: ['measure.js', ['--variant', 'bare-identical', '--fixture', fixtures[G3_LARGE].file, '--traces', 'off']] }]),
  // The per-VM baseline is by far the slowest variant (hundreds of MB of output); quick mode
  // runs it once, which cannot flip its gate (the ratio sits far below the 2x limit).
  { id: `bare-per-vm-${N}-traces`, once: quick, run: ['measure.js', ['--variant', 'bare-per-vm', '--fixture', fixtures[N].file, '--traces', 'on']] },
  ...(quick ? [] : [{ id: `bare-per-vm-${N}-fast`, run: ['measure.js', ['--variant', 'bare-per-vm', '--fixture', fixtures[N].file, '--traces', 'off']] }]),
  ...(synthApp ? [{ id: 'synth-app', run: ['measure.js', ['--variant', 'lib', '--workload', `example:${synthApp}`, '--traces', 'off']] }] : []),
  { id: 'import', run: ['import-probe.js', []] },
].filter((v, i, all) => all.findIndex((w) => w.id === v.id) === i);

const runs = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
for (let r = 1; r <= RUNS; r++) {
  for (const v of VARIANTS) {
    if (v.once && r > 1) continue;
    const [script, args] = v.run;
    if (args.includes(undefined)) {
      runs[v.id].push({ error: 'no fixture' });
      continue;
    }
    const outdir = mkdtempSync(join(work, 'out-'));
    const result = runScript(script, script === 'measure.js' ? [...args, '--outdir', outdir] : args);
    rmSync(outdir, { recursive: true, force: true });
    runs[v.id].push({ run: r, ...result });
    const shown = result.error
      ? `ERROR ${result.error}`
      : 'buildMs' in result
        ? `build ${result.buildMs.toFixed(0)} ms, synth ${result.synthMs.toFixed(0)} ms, ${result.maxRssMb.toFixed(0)} MB`
        : `library ${result.libraryMs.toFixed(1)} ms over cdktf ${result.cdktfMs.toFixed(0)} ms`;
    log(`[${r}/${RUNS}] ${v.id}: ${shown}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Whole-process commands (warm: one untimed run first).
function wallRuns(label, command, args, count = RUNS) {
  const warm = timed(command, args);
  const results = [];
  for (let i = 0; i < count; i++) results.push(timed(command, args));
  const codes = [warm.code, ...results.map((r) => r.code)];
  log(`${label}: ${results.map((r) => (r.wallMs / 1000).toFixed(2)).join(' / ')} s (exit codes ${codes.join(',')})`);
  return {
    command: [command, ...args].join(' '),
    wallMs: results.map((r) => r.wallMs),
    codes,
    failure: codes.some((c) => c !== 0) ? errorSummary(warm.stdout + warm.stderr) : undefined,
  };
}

/** The large blueprint's golden-file test (G6): the Terraform JSON against its reviewed file. */
function goldenTestFile() {
  return join('test', 'examples', 'large-golden.test.ts');
}

// A yardstick for the absolute figures: how long this machine takes to start node at all.
const nodeStart = wallRuns('yardstick node -e 0', process.execPath, ['-e', '0']);

const g6File = goldenTestFile();
const g6 = wallRuns(`G6 npx vitest run ${g6File}`, 'npx', ['vitest', 'run', g6File]);
const g7 = wallRuns('G7 npm run synth', 'npm', ['run', 'synth']);
const g7App = synthApp
  ? wallRuns(`G7 node dist/examples/${synthApp}/main.js`, process.execPath, [join('dist', 'examples', synthApp, 'main.js')])
  : { wallMs: [], codes: [] };
const g7Tsc = quick
  ? undefined
  : wallRuns('G7 tsc -p tsconfig.json (nothing changed)', process.execPath, [join('node_modules', 'typescript', 'lib', 'tsc.js'), '-p', 'tsconfig.json']);

// ---------------------------------------------------------------------------------------------
// 5. Goals.
const ok = (id) => runs[id]?.filter((r) => !r.error) ?? [];
const med = (id, field) => median(ok(id).map((r) => r[field]));
const total = (id) => median(ok(id).map((r) => r.buildMs + r.synthMs));
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const sec = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(2)} s` : 'n/a');
const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const bs = (id) => `build ${ms(med(id, 'buildMs'))} + synth ${ms(med(id, 'synthMs'))}`;
const firstError = (...ids) => ids.map((id) => runs[id]?.find((r) => r.error)?.error).find(Boolean);

const labelOf = (id) => ok(id)[0]?.workload ?? 'n/a';
const libN = `lib-${N}`;
const libLarge = `lib-${G3_LARGE}`;
const libSmall = `lib-${G3_SMALL}`;
const rows = [];
/**
 * One goal. `value` is the number compared with `target` (lower is better); `limit` is the
 * 2x-off threshold the quick mode fails on. `pass` overrides the comparison for yes/no goals.
 */
function goal({ name, shown, value, target, targetText, limit, pass, gross, broken = false, raw, measured = true }) {
  const met = !measured ? 'n/a' : pass !== undefined ? pass : Number.isFinite(value) && value <= target;
  const over = !measured ? false : gross !== undefined ? gross : !(Number.isFinite(value) && value <= limit);
  const knownMiss = KNOWN_MISSES.has(name.split(' ')[0]);
  rows.push({ name, shown, targetText, met, over, broken, knownMiss, raw, measured });
}

// G1: identical bytes, fast mode on both sides (the library's own cost); the bare stack with
// cdktf's stack traces on (as a user runs it) is shown beside it.
const bareFast = `bare-identical-${N}-fast`;
const bareTraces = `bare-identical-${N}-traces`;
const libSha = new Set(ok(libN).map((r) => r.outSha256));
const bareShas = new Set([...ok(bareFast), ...ok(bareTraces)].map((r) => r.outSha256));
const identical = libSha.size === 1 && bareShas.size === 1 && [...libSha][0] === [...bareShas][0];
const g1 = total(libN) / total(bareFast);
const g1Large = quick ? NaN : total(libLarge) / total(`bare-identical-${G3_LARGE}-fast`);
goal({
  name: 'G1 overhead (N=1000)',
  shown: ratio(g1),
  value: g1,
  target: 1.1,
  targetText: '≤ 1.1×',
  limit: 2.2,
  gross: !(g1 <= 2.2),
  broken: !identical,
  raw:
    `library (fast mode) ${bs(libN)} = ${ms(total(libN))}; bare L1 stack, **stack traces off**: ${bs(bareFast)} = ${ms(total(bareFast))}. ` +
    `Same bytes: **${identical ? 'yes' : libSha.size && bareShas.size ? 'NO' : 'n/a'}** (${ok(libN)[0]?.outBytes ?? '?'} B, sha256 ${[...libSha][0]?.slice(0, 12) ?? '?'}). ` +
    `Against the bare stack **with stack traces** (as a user runs it): ${bs(bareTraces)} = ${ms(total(bareTraces))}, ratio ${ratio(total(libN) / total(bareTraces))}` +
    (quick ? '' : `. At N=${G3_LARGE}: ${ratio(g1Large)} (bare ${bs(`bare-identical-${G3_LARGE}-fast`)})`) +
    (firstError(libN, bareFast, bareTraces) ? `. Error: ${firstError(libN, bareFast, bareTraces)}` : '') +
    (fixtures[N].planError ? `. No baseline: ${fixtures[N].planError}` : ''),
});

// G1': the same machines written one port + one instance per VM.
const perVm = `bare-per-vm-${N}-traces`;
const perVmFast = `bare-per-vm-${N}-fast`;
const g1b = total(libN) / total(perVm);
goal({
  name: "G1' same infrastructure (N=1000)",
  shown: ratio(g1b),
  value: g1b,
  target: 0.5,
  targetText: '≤ 0.5×',
  limit: 1.0,
  raw:
    `library (fast mode, for_each pool) ${ms(total(libN))}; ${labelOf(perVm)} (${ok(perVm)[0]?.resourceBlocks ?? '?'} resources, ` +
    `${((ok(perVm)[0]?.outBytes ?? NaN) / 1048576).toFixed(1)} MB out), **stack traces on** as a user runs it: ${bs(perVm)} = ${ms(total(perVm))}, peak ${med(perVm, 'maxRssMb').toFixed(0)} MB` +
    (quick ? ' (quick mode: one run of this baseline)' : '') +
    (quick ? '' : `; with stack traces off: ${bs(perVmFast)} = ${ms(total(perVmFast))}, ratio ${ratio(total(libN) / total(perVmFast))}`) +
    (firstError(perVm) ? `. Error: ${firstError(perVm)}` : ''),
});

// G3: linearity.
for (const phase of ['build', 'synth']) {
  const v = med(libLarge, `${phase}Ms`) / med(libSmall, `${phase}Ms`);
  goal({
    name: `G3 linearity, ${phase} (t(${G3_LARGE}) ÷ t(${G3_SMALL}))${quick ? ' [quick: 200 vs 1000]' : ''}`,
    shown: v.toFixed(2),
    value: v,
    target: 5.5,
    targetText: '≤ 5.5',
    limit: 11,
    raw: `${phase} ${ms(med(libSmall, `${phase}Ms`))} at ${G3_SMALL}, ${ms(med(libLarge, `${phase}Ms`))} at ${G3_LARGE}`,
  });
}

// G4: peak RSS at 5000 (full mode only).
goal({
  name: 'G4 memory (peak RSS, N=5000)',
  shown: quick ? 'not measured' : `${med(libLarge, 'maxRssMb').toFixed(0)} MB`,
  value: med(libLarge, 'maxRssMb'),
  target: 500,
  targetText: '≤ 500 MB',
  limit: 1000,
  measured: !quick,
  raw: `process.resourceUsage().maxRSS of the build + synth process${quick ? '; quick mode stops at N=1000' : ''}; at N=1000: ${med(libN, 'maxRssMb').toFixed(0)} MB`,
});

// G5: import.
const imports = ok('import');
const barrels = [...new Set(imports.flatMap((r) => r.barrels))];
const g5 = median(imports.map((r) => r.libraryMs));
const pkgs = imports[0] ? Object.entries(imports[0].packages).map(([p, c]) => `${p} ${c}`).join(', ') : '';
goal({
  name: 'G5 import (entry point after cdktf)',
  shown: ms(g5),
  value: g5,
  target: 50,
  targetText: '≤ 50 ms, no provider barrel',
  limit: 100,
  pass: g5 <= 50 && barrels.length === 0,
  gross: !(g5 <= 100),
  broken: barrels.length > 0,
  raw:
    `require('cdktf') first: ${ms(median(imports.map((r) => r.cdktfMs)))}; modules the library adds: ${imports[0]?.modulesLoaded ?? '?'} (${pkgs}); ` +
    `provider barrels loaded: ${barrels.length ? barrels.map((b) => relative(ROOT, b)).join(', ') : 'none'}` +
    (firstError('import') ? `. Error: ${firstError('import')}` : ''),
});

// G6: a blueprint's golden-file test, warm, whole process.
const g6Wall = median(g6.wallMs);
goal({
  name: 'G6 golden-file test (warm)',
  shown: sec(g6Wall),
  value: g6Wall,
  target: 3000,
  targetText: '≤ 3 s',
  limit: 6000,
  raw: `\`npx vitest run ${g6File}\`, whole process, after one warm-up run${g6.codes.some((c) => c !== 0) ? `; **the test run exited ${g6.codes.join(',')}**` : ''}`,
});

// G7: npm run synth against the same app in process.
const inProcess = total('synth-app');
const g7Wall = g7.codes.every((c) => c === 0) ? median(g7.wallMs) : NaN;
const g7Gap = g7Wall - inProcess;
goal({
  name: 'G7 `npm run synth` command',
  shown: Number.isFinite(g7Gap) ? `+${(g7Gap / 1000).toFixed(2)} s (${ratio(g7Wall / inProcess)})` : 'n/a',
  value: g7Gap,
  target: 400,
  targetText: '≤ +0.4 s',
  limit: 800,
  raw:
    `npm run synth (\`${synthScript}\`) ${sec(g7Wall)}; in-process build + synth of examples/${synthApp ?? '?'} (fast mode) ${bs('synth-app')} = ${ms(inProcess)}; ` +
    `\`node dist/examples/${synthApp ?? '?'}/main.js\` alone ${sec(median(g7App.wallMs))}` +
    (g7Tsc ? `; \`tsc -p tsconfig.json\` with nothing to do ${sec(median(g7Tsc.wallMs))}` : '') +
    (g7.codes.some((c) => c !== 0) ? `; **npm run synth exited ${g7.codes.join(',')}**: ${g7.failure}` : '') +
    (synthApp ? '' : '; the synth script runs no `node dist/examples/<name>/main.js`, so there is no in-process figure') +
    (firstError('synth-app') ? `. Error: ${firstError('synth-app')}` : ''),
});

// G8: determinism and size.
const allShas = (id) => new Set(ok(id).map((r) => r.outSha256));
// Every run of a workload (and, at N=1000, the fixture process too) must write the same bytes.
const shaSamples = [...ok(libN).map((r) => r.outSha256), fixtures[N].librarySha256].filter(Boolean);
const deterministic =
  shaSamples.length >= 2 &&
  new Set(shaSamples).size === 1 &&
  [libSmall, libLarge, ...(synthApp ? ['synth-app'] : [])].every((id) => ok(id).length > 0 && allShas(id).size === 1);
const sizeRatio = med(libN, 'outBytes') / med(perVm, 'outBytes');
goal({
  name: 'G8 output',
  shown: `${deterministic ? 'identical' : 'NOT identical'}, ${ratio(sizeRatio)}`,
  value: sizeRatio,
  target: 1.1,
  targetText: 'identical bytes; ≤ 1.1× bare',
  limit: 2.2,
  pass: deterministic && sizeRatio <= 1.1,
  gross: !(sizeRatio <= 2.2),
  broken: !deterministic,
  raw:
    `${deterministic ? 'every' : 'NOT every'} run of each library workload wrote the same bytes (${RUNS} runs per N, plus the fixture process at N=1000); ` +
    `${med(libN, 'outBytes')} B at N=1000 ÷ ${med(perVm, 'outBytes')} B for the bare per-VM stack; ÷ the G1 bare stack: ${identical ? '1.000 (same bytes)' : 'differs'}`,
});

// ---------------------------------------------------------------------------------------------
// 6. Report.
const wallS = (performance.now() - started) / 1000;
const loadAfter = loadavg();
const workload = labelOf(libN);
const lines = [];
lines.push(`## openstack-ha-cdktf benchmark (${quick ? 'quick' : 'full'} mode)`);
lines.push('');
lines.push(
  `Large workload: **${workload}**. ${RUNS} fresh \`node\` processes per variant on precompiled JavaScript (dist/), round-robin, medians. ` +
    `Synth = \`app.synth()\` to a temporary outdir. The library runs in fast mode (\`enableFastMode()\`); each baseline's stack-trace setting is stated in its row.`,
);
lines.push(
  `Node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after. ` +
    `Yardsticks for the absolute figures (G5-G7): \`node -e 0\` ${sec(median(nodeStart.wallMs))}, \`require('cdktf')\` ${ms(median(imports.map((r) => r.cdktfMs)))} ` +
    `(0.06 s and 116 ms on the idle machine of the research). Bench wall time ${wallS.toFixed(0)} s (compile ${(build.wallMs / 1000).toFixed(1)} s).`,
);
lines.push('');
lines.push('| goal | measured | target | met? | 2× limit | raw medians |');
lines.push('|---|---|---|---|---|---|');
for (const r of rows) {
  const met = r.met === 'n/a' ? 'n/a' : r.met ? 'yes' : '**no**';
  const over = !r.measured ? 'n/a' : r.broken ? '**wrong output**' : r.over ? (r.knownMiss ? '**over** (known miss)' : '**over**') : 'ok';
  lines.push(`| ${r.name} | ${r.shown} | ${r.targetText} | ${met} | ${over} | ${r.raw} |`);
}
const gross = rows.filter((r) => r.broken || (r.over && !r.knownMiss)).map((r) => r.name);
const waived = rows.filter((r) => !r.broken && r.over && r.knownMiss).map((r) => r.name);
lines.push('');
if (quick) {
  lines.push(gross.length ? `Quick mode FAILS: ${gross.join('; ')}.` : 'Quick mode passes: no goal is 2× off its target, and every output is right.');
  if (waived.length) lines.push(`Known misses, reported and not failing (--known-miss): ${waived.join('; ')}.`);
}
process.stdout.write(`${lines.join('\n')}\n`);

const resultsDir = join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'latest.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      runs: RUNS,
      node: process.version,
      cpus: cpus().length,
      loadavg: { before: loadBefore, after: loadAfter },
      wallSeconds: wallS,
      compile: { wallMs: build.wallMs, code: build.code },
      workload,
      fixtures: Object.fromEntries(
        Object.entries(fixtures).map(([n, f]) => [n, { label: f.label, libraryBytes: f.libraryBytes, librarySha256: f.librarySha256, planError: f.planError, error: f.error }]),
      ),
      measurements: runs,
      commands: { nodeStart, g6, g7, g7App, g7Tsc },
      goals: rows,
    },
    null,
    2,
  ),
);
log(`raw runs: ${relative(ROOT, join(resultsDir, 'latest.json'))}`);
rmSync(work, { recursive: true, force: true });
process.exit(quick && gross.length > 0 ? 1 : 0);
