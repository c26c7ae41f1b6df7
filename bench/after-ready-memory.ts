/**
 * Where a load's memory goes after `ready` (issue 13's 4 GiB target), in Node: loads a
 * trace through `TraceService` (a Blob, as the app's worker reads a File), then builds
 * what the work ahead builds, one structure at a time, and prints after each the bytes of
 * array buffers (before and after a forced collection: the difference is garbage), the
 * resident memory, the bytes a call, and the step's peak resident memory (Linux: VmHWM, reset
 * before each step through /proc/self/clear_refs; "-" elsewhere). Needs `--expose-gc`:
 *
 *   npx tsx --expose-gc bench/after-ready-memory.ts FILE
 *
 * (FILE from `npx tsx bench/generate.ts --calls 5000000 --out FILE`.)
 */
import { openAsBlob, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { TraceService } from '../src/service/trace-service';
import { selfPeakRss } from './peak-rss';

const OPENING = { filter: {}, inverted: false, groupByTask: true } as const;

/** Starts a new peak (VmHWM := VmRSS), where the kernel allows it. */
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* not Linux: the peak column prints "-" */
  }
}

async function main(): Promise<void> {
  const file = process.argv[2];
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!file || !gc) throw new Error('usage: npx tsx --expose-gc bench/after-ready-memory.ts FILE');
  const mb = (b: number): string => (b / 1e6).toFixed(0).padStart(6);
  const service = new TraceService();
  resetPeak();
  const t0 = performance.now();
  const result = await service.load(await openAsBlob(file), {});
  if (result.kind !== 'loaded') throw new Error(`not loaded: ${result.kind}`);
  const derived = service.derived();
  const n = derived.model.calls.length;
  console.log(`${n.toLocaleString('en')} calls, ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let before = 0;
  const show = (label: string, ms?: number, cpuMs?: number): void => {
    const raw = process.memoryUsage().arrayBuffers;
    const peak = selfPeakRss();
    gc();
    const m = process.memoryUsage();
    const perCall = ((m.arrayBuffers - before) / n).toFixed(1);
    const time = ms === undefined ? '' : `${ms.toFixed(0)} ms (CPU ${cpuMs?.toFixed(0)} ms)`;
    console.log(
      `${label.padEnd(18)} array buffers ${mb(raw)} MB (${mb(m.arrayBuffers)} after GC: ${perCall.padStart(5)} B/call more) rss ${mb(m.rss)} MB, peak ${peak === undefined ? '     -' : mb(peak)} MB ${time}`,
    );
    before = m.arrayBuffers;
    resetPeak();
  };
  show('ready');
  // The steps of load/build-ahead.ts, then what the first views and a search ask for.
  const steps: [string, () => unknown][] = [
    ['topology', () => derived.topology()],
    ['opening tree', () => derived.tree(OPENING)],
    ['layout widths', () => derived.layoutWidths(OPENING)],
    ['search index', () => derived.prepareSearch()],
    ['flame graph', () => service.flameGraph({ ...OPENING, zoomPath: [], minWidth: 0.0005 })],
    ['call times', () => derived.times()],
  ];
  for (const [label, step] of steps) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    step();
    const used = process.cpuUsage(cpu);
    show(label, performance.now() - t, (used.user + used.system) / 1000);
  }
  const tree = derived.topDown(OPENING);
  console.log(`opening tree: ${tree.length.toLocaleString('en')} nodes, ${(tree.length / n).toFixed(3)} a call; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
