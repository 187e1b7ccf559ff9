/**
 * G5 in a fresh process: the time to `require` the library's entry point on top of
 * `require('cdktf')`, and whether any provider barrel was loaded. Prints `BENCH_RESULT {json}`.
 *
 *   node dist/bench/import-probe.js
 *
 * Nothing else is imported first (only `node:path`), so the timings are cold.
 *
 * @module
 */
import { join } from 'node:path';

/** A provider barrel: an index that loads every binding of a provider at once. */
const BARREL = [/[\\/]lib[\\/]providers[\\/]openstack[\\/]index\.js$/, /[\\/]@cdktf[\\/]provider-[^\\/]+[\\/]lib[\\/]index\.js$/];

function main(): void {
  const entry = join(__dirname, '..', 'lib', 'index.js');
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('cdktf');
  const t1 = performance.now();
  const before = new Set(Object.keys(require.cache));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(entry);
  const t2 = performance.now();
  const added = Object.keys(require.cache).filter((k) => !before.has(k));
  const packages = new Map<string, number>();
  for (const file of added) {
    const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    const name = m ? m[1] : 'openstack-ha-cdktf (dist)';
    packages.set(name, (packages.get(name) ?? 0) + 1);
  }
  const result = {
    cdktfMs: t1 - t0,
    libraryMs: t2 - t1,
    modulesLoaded: added.length,
    packages: Object.fromEntries([...packages].sort((a, b) => b[1] - a[1])),
    barrels: Object.keys(require.cache).filter((k) => BARREL.some((re) => re.test(k))),
    rssMb: process.memoryUsage().rss / 1048576,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main();
