/**
 * The time from `ready` to the first flame graph answer (issue 13's "After ready"), in Node:
 * loads a trace through `TraceService` (a Blob, as the app's worker reads a File), then at
 * once asks the flame graph of the opening view (every call, one root per task, no zoom, the
 * detail a canvas of `--width` px asks at zoom 1: graph-viewport.ts detailFor), as the page
 * does when it shows the graph; then builds what is left of the opening views (the whole
 * tree, its layout widths, the search index: what load/build-ahead.ts builds in idle time),
 * in the same task so that nothing runs in between. Prints one JSON line: the CPU and wall
 * time of each part, the frames of the answer, the bytes of facts kept at ready (what the
 * service built ahead before the question: 0 when nothing), the load average.
 *
 *   npx tsx bench/first-flame-graph.ts FILE [--width 1200]
 *
 * One measurement a process (alternate processes of two builds to compare them: the CPU
 * of a part depends on what the process did before).
 */
import { openAsBlob } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { TraceService } from '../src/service/trace-service';

const OPENING = { filter: {}, inverted: false, groupByTask: true } as const;
/** ui/chart/viewport.ts MIN_FRAME_PX. */
const MIN_FRAME_PX = 0.5;

/** CPU (user + system) and wall ms of `f`. */
function timed<T>(f: () => T): { value: T; cpuMs: number; wallMs: number } {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: Math.round((used.user + used.system) / 1000), wallMs: Math.round(performance.now() - t) };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { width: { type: 'string', default: '1200' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: npx tsx bench/first-flame-graph.ts FILE [--width 1200]');
  const width = Number(values.width);
  // graph-viewport.ts detailFor(width, 1): rounded down to a power of two.
  const minWidth = 2 ** Math.floor(Math.log2(MIN_FRAME_PX / width));
  const service = new TraceService();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await service.load(await openAsBlob(file), {});
  if (result.kind !== 'loaded') throw new Error(`not loaded: ${result.kind}`);
  const used0 = process.cpuUsage(cpu0);
  const loadMs = performance.now() - t0;
  const derived = service.derived();
  // What the service built ahead before this task (0 when nothing: the call order alone is 12 bytes a call).
  const pinnedAtReady = derived.stats().pinnedBytes;
  const first = timed(() => service.flameGraph({ ...OPENING, zoomPath: [], minWidth }));
  const rest = timed(() => {
    derived.tree(OPENING);
    derived.layoutWidths(OPENING);
    derived.prepareSearch();
  });
  console.log(
    JSON.stringify({
      calls: derived.model.calls.length,
      loadWallMs: Math.round(loadMs),
      loadCpuMs: Math.round((used0.user + used0.system) / 1000),
      pinnedAtReady,
      minWidth,
      frames: first.value.length,
      firstCpuMs: first.cpuMs,
      firstWallMs: first.wallMs,
      restCpuMs: rest.cpuMs,
      restWallMs: rest.wallMs,
      load: loadavg().map((x) => +x.toFixed(2)),
    }),
  );
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
