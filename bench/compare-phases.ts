/**
 * `tsx bench/compare-phases.ts [--calls N] [--runs N] [--dir DIR]`: where compare mode's
 * first screen spends its time, phase by phase, beside the two single flame graphs it is
 * measured against (bench/compare.ts's `first screen` line).
 *
 * The two traces of bench/compare.ts (same files) are loaded once; then, each run, on
 * fresh DerivedData of the two models (the call order and times made first, untimed: the
 * load's work ahead makes them in both cases), in one process, alternating:
 *   - single: each side's opening tree (one root per task), its layout widths and the
 *     flame graph's first answer (FlameGraphCanvas's question);
 *   - compared: each side's tree without task roots, its children in name order, the
 *     merge, the differential layout, the rest of the differential flame graph's answer,
 *     and the legend's counts (paths and functions of each presence).
 * Wall-clock, CPU and minor page faults (the first touches of fresh memory, 25–57 µs
 * each on this project's VM, and a count no other process blurs) per phase, medians; the
 * load average is printed beside them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { numberOption } from './args';
import { TraceService } from '../src/service/trace-service';
import { DerivedData, type TreeKey } from '../src/service/derived/derived-data';
import { CompareCache, comparedTreeLevels, diffFlameFrames, type DiffFlameRequest } from '../src/service/queries/compare';
import { flameGraphFrames } from '../src/service/queries/flame-graph';
import type { TraceModel } from '../src/core/model/tables';
import { MIN_FRAME_PX } from '../src/ui/chart/viewport';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { calls: { type: 'string' }, runs: { type: 'string' }, dir: { type: 'string' } },
});
const calls = numberOption('calls', values.calls, 1_000_000, 1);
const runs = numberOption('runs', values.runs, 5, 1);
const dir = values.dir ?? join(tmpdir(), 'ftrace-explorer-bench');
const files = [1, 2].map((seed) => join(dir, `compare-${calls}-seed${seed}.txt`));
if (!files.every((f) => existsSync(f))) throw new Error(`run bench/compare.ts --calls ${calls} first (it writes ${files.join(', ')})`);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function loadModel(path: string): Promise<TraceModel> {
  const s = new TraceService();
  const r = await s.load(new Blob([readFileSync(path)]), { name: path });
  if (r.kind !== 'loaded') throw new Error('load failed');
  return s.currentModel()!;
}
const models = [await loadModel(files[0]), await loadModel(files[1])];

const CANVAS_PX = 1280;
const DETAIL = 2 ** Math.floor(Math.log2(MIN_FRAME_PX / CANVAS_PX));
const OPENING: TreeKey = { filter: {}, inverted: false, groupByTask: true };
const COMPARED: TreeKey = { filter: {}, inverted: false, groupByTask: false };
const FLAME: DiffFlameRequest = { a: {}, b: {}, quantity: 'self', normalisation: { kind: 'raw' }, layoutBy: 'b', zoomPath: [], minWidth: DETAIL };

/** A DerivedData with what a load's work ahead makes in both cases (call order, times, name ranks). */
function fresh(model: TraceModel): DerivedData {
  const d = new DerivedData(model);
  d.topology();
  d.times();
  d.nameRanks();
  return d;
}

const phases = new Map<string, { ms: number[]; cpu: number[]; faults: number[] }>();
/** Runs a phase and records its wall time, CPU time and minor page faults (first touches of fresh memory: what a busy machine does not blur). */
function timed<T>(label: string, run: () => T): T {
  const f0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = run();
  const c = process.cpuUsage(c0);
  const entry = phases.get(label) ?? { ms: [], cpu: [], faults: [] };
  entry.ms.push(performance.now() - t0);
  entry.cpu.push((c.user + c.system) / 1000);
  entry.faults.push(process.resourceUsage().minorPageFault - f0);
  phases.set(label, entry);
  return out;
}

const loadBefore = loadavg()[0];
for (let r = 0; r < runs; r++) {
  for (const [i, model] of models.entries()) {
    collectGarbage();
    const d = fresh(model);
    const side = i === 0 ? 'A' : 'B';
    timed('single: both', () => {
      timed(`single ${side}: tree (task roots)`, () => d.topDown(OPENING));
      timed(`single ${side}: layout widths`, () => d.layoutWidths(OPENING));
      timed(`single ${side}: flame graph answer`, () =>
        flameGraphFrames(d, { filter: {}, inverted: false, groupByTask: true, zoomPath: [], minWidth: DETAIL }),
      );
    });
  }
  collectGarbage();
  const a = fresh(models[0]);
  const b = fresh(models[1]);
  const cache = new CompareCache(() => ({ a, b }));
  timed('compared: all', () => {
    timed('compared: trees (no task roots)', () => (a.topDown(COMPARED), b.topDown(COMPARED)));
    timed('compared: child lists by name', () => (a.orderChildListsByName(COMPARED), b.orderChildListsByName(COMPARED)));
    timed('compared: merge', () => cache.merged(FLAME));
    timed('compared: layout', () => cache.layout(FLAME));
    timed('compared: diff flame answer (rest)', () => diffFlameFrames(cache, FLAME));
    timed('compared: legend counts', () => comparedTreeLevels(cache, FLAME, []));
  });
  cache.dispose();
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`compare phases: two traces of ${calls} calls, median of ${runs} runs; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
for (const [label, { ms, cpu, faults }] of [...phases].sort(([x], [y]) => x.localeCompare(y))) {
  console.log(
    `  ${label.padEnd(38)} ${median(ms).toFixed(1).padStart(7)} ms  (CPU ${median(cpu).toFixed(1).padStart(6)} ms, min ${Math.min(...cpu).toFixed(1).padStart(6)}; page faults ${String(median(faults)).padStart(6)})`,
  );
}
process.exit(0);
