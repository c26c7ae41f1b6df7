/**
 * `npm run bench [-- options]`: every part, in order, each in a process of its own:
 * machine.ts (what this machine gives), run.ts (the load benchmark, Node and Chromium),
 * app/run.ts (the app in Chromium), trace-dat.ts (trace.dat against text), compare.ts
 * (compare mode). The options go to run.ts, whose options bench/README.md lists (npm would
 * append them to the last command of a `&&` chain only, which has other options); each
 * part takes its own when run alone. Stops at the first part that cannot run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const options = process.argv.slice(2);
const parts: [string, string[]][] = [
  ['bench/machine.ts', []],
  ['bench/run.ts', options],
  ['bench/app/run.ts', []],
  ['bench/trace-dat.ts', []],
  ['bench/compare.ts', []],
];
for (const [script, args] of parts) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${script} stopped (${r.status ?? r.signal}): the parts after it were not run`);
    process.exit(r.status ?? 1);
  }
}
