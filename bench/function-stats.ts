/**
 * The CPU time of `computeFunctionStats` over a loaded trace, as `cli summary` asks it (every
 * call, with the interrupt time inside), in a fresh process, as CPU time so that other work
 * on a shared machine does not count: the main thread's (/proc/thread-self/schedstat, Linux;
 * the kernel brings a running thread's figure up to date at each clock tick, so ±4 ms), what
 * a load waits for, and the process's (`process.cpuUsage`), which adds the compiler's and the
 * collector's helper threads. With `--expose-gc` a full collection first, so that no
 * collector work of the load runs while it is timed. `--impl` takes another copy of the module (an older
 * commit's `src/` from `git archive`) over the same model: run two builds' processes in turn.
 *
 *   node --expose-gc --import tsx bench/function-stats.ts FILE [--impl DIR/src/core/query/function-stats.ts] [--reps 1]
 *
 * Prints one JSON line: calls, functions, rows, each repetition's CPU (main thread, process) and wall ms (the first is
 * the one a load pays), the load average, and a digest of every figure of the table, which two
 * builds must print alike.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTraceFile } from '../src/cli/load-file';
import { interruptView } from '../src/core/model/interrupt-mode';
import type { computeFunctionStats as Compute, FunctionStatsTable } from '../src/core/query/function-stats';
import { numberOption } from './args';

/** ns this thread has run on a CPU (0 where /proc is not). */
function threadCpuNs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** µs this process has run on a CPU. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** FNV-1a over the bytes of every column: two tables digest alike when every figure is the same. */
function digest(t: FunctionStatsTable): string {
  let h = 0x811c9dc5;
  for (const col of [t.func, t.calls, t.timed, t.total, t.self, t.min, t.p50, t.p95, t.p99, t.max, t.irq]) {
    const bytes = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { impl: { type: 'string' }, reps: { type: 'string' } } });
const file = positionals[0];
if (!file) throw new Error('usage: node --expose-gc --import tsx bench/function-stats.ts FILE [--impl MODULE] [--reps N]');
const reps = numberOption('reps', values.reps, 1, 1);
const mod = (await import(values.impl ? pathToFileURL(resolve(values.impl)).href : '../src/core/query/function-stats')) as {
  computeFunctionStats: typeof Compute;
};
const model = await loadTraceFile(file, { workers: 1 });
const irq = interruptView(model);
const mainMs: number[] = [];
const cpuMs: number[] = [];
const wallMs: number[] = [];
let table: FunctionStatsTable | undefined;
for (let r = 0; r < reps; r++) {
  (globalThis as { gc?: () => void }).gc?.();
  const m0 = threadCpuNs();
  const c0 = cpuMicros();
  const w0 = performance.now();
  table = mod.computeFunctionStats(model.calls, model.strings, undefined, irq.inside);
  wallMs.push(Math.round(performance.now() - w0));
  mainMs.push(Math.round((threadCpuNs() - m0) / 1e6));
  cpuMs.push(Math.round((cpuMicros() - c0) / 1e3));
}
console.log(
  JSON.stringify({
    impl: values.impl ?? 'this checkout',
    calls: model.calls.length,
    functions: model.strings.size,
    rows: table!.length,
    mainMs,
    cpuMs,
    wallMs,
    load: loadavg()[0].toFixed(2),
    digest: digest(table!),
  }),
);
