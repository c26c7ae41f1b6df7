/** The app benchmark's figures: what a run gathers, the targets, and the printed table. */
import type { StreamResult } from '../browser/protocol';
import { gb, mbps, median, ms, quantile, secs, table } from './figures';
import type { expandBench, GestureFrames, searchBench, zoomBench } from './interactions';
import type { LoadResult } from './load';
import { longTaskRows, longTaskTable, type LongTaskSample } from './long-tasks';
import type { InteractionStats } from './page-timing';
import type { RssSampler, ThreadCpu } from './procs';
import type { ProfileSummary } from './profile-trace';
import type { BenchTrace } from './traces';

export const TARGET_LOAD_RATIO = 1.25;
const TARGET_PEAK_RSS = 1.5e9;
export const TARGET_INTERACTION_MS = 50;

export interface Report {
  date: string;
  loadavg: { start: number[]; end: number[] };
  cpus: number;
  chromium: string;
  userAgent: string;
  traces: { small: BenchTrace; large?: BenchTrace };
  buildMs: number;
  load: {
    runs: LoadResult[];
    median: number;
    streams: StreamResult[];
    streamMedian: number;
    mainThreadStream?: { ms: number; bytes: number; chunks: number };
    ratio: number;
  };
  large?: { load: LoadResult; stream: StreamResult; ratio: number; peak: ReturnType<RssSampler['peak']>; samples: number };
  /** The small trace gzipped: loads of it (the inflating runs in its own worker). */
  gzip?: { bytes: number; runs: LoadResult[]; median: number };
  smallPeak?: ReturnType<RssSampler['peak']>;
  zoom?: Awaited<ReturnType<typeof zoomBench>>;
  panZoom?: GestureFrames;
  expand?: Awaited<ReturnType<typeof expandBench>>;
  search?: Awaited<ReturnType<typeof searchBench>>;
  /** Main-thread long tasks from the file picked until the worker is idle (long-tasks.ts). */
  longTasks?: LongTaskSample[];
  profiles: { label: string; file: string; summary: ProfileSummary }[];
  errors: string[];
}

export function print(r: Report, elapsedMs: number): void {
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(' ');
  console.log(`\nftrace-explorer app benchmark — ${r.date}`);
  console.log(`  Chromium ${r.chromium ?? '?'} (headless), ${r.cpus ?? '?'} CPUs, load average ${la(r.loadavg.start)} at start, ${la(r.loadavg.end)} at end; run took ${secs(elapsedMs)}`);
  if (r.traces) {
    const d = (t: BenchTrace) => `${(t.bytes / 1e6).toFixed(1)} MB, ${t.calls.toLocaleString('en-US')} calls, ${t.lines.toLocaleString('en-US')} lines`;
    console.log(`  traces: ${d(r.traces.small)}${r.traces.large ? `; ${d(r.traces.large)}` : ''} (bench/generate.ts, seed 1)`);
  }
  const rows: string[][] = [['figure', 'measured', 'target', '']];
  if (r.load) {
    const L = r.load;
    rows.push([`1M load: file picked → ready + flame graph drawn (median of ${L.runs.length})`, secs(L.median), '', '']);
    rows.push([`plain file.stream() of the same File, worker (median of ${L.streams.length})`, secs(L.streamMedian), '', '']);
    rows.push(['load / stream', `${L.ratio.toFixed(2)} ×`, `≤ ${TARGET_LOAD_RATIO} ×`, verdict(L.ratio <= TARGET_LOAD_RATIO)]);
  }
  if (r.gzip) {
    rows.push([`1M load gzipped (${(r.gzip.bytes / 1e6).toFixed(1)} MB): file picked → flame graph drawn (median of ${r.gzip.runs.length})`, secs(r.gzip.median), '', '']);
  }
  if (r.large) {
    rows.push([`5M load: file picked → ready + flame graph drawn`, secs(r.large.load.totalMs), '', '']);
    rows.push([`5M plain file.stream() (worker); load ÷ stream`, `${secs(r.large.stream.ms)}; ${r.large.ratio.toFixed(2)} ×`, '', '']);
    rows.push([`5M renderer peak RSS (VmRSS every 250 ms; VmHWM ${gb(r.large.peak.hwm)})`, gb(r.large.peak.rss), `< ${TARGET_PEAK_RSS / 1e9} GB`, verdict(Math.max(r.large.peak.rss, r.large.peak.hwm) < TARGET_PEAK_RSS)]);
  }
  const inter = (name: string, s: InteractionStats | undefined) => {
    if (!s) return;
    const n = s.samples.length;
    rows.push([`${name} (n=${n}${s.timeouts ? `, ${s.timeouts} timed out` : ''}) median / p95`, `${ms(s.median)} / ${ms(s.p95)}`, `≤ ${TARGET_INTERACTION_MS} ms`, verdict(s.median <= TARGET_INTERACTION_MS && s.p95 <= TARGET_INTERACTION_MS)]);
  };
  inter('(a) flame graph click → zoomed frame drawn', r.zoom?.zoomIn);
  inter('    Escape → zoomed out one level, drawn', r.zoom?.zoomOut);
  if (r.panZoom) {
    const g = r.panZoom;
    const fps = (1000 * Math.max(0, g.frames - 1)) / Math.max(1, g.spanMs);
    const p95 = quantile(g.intervals, 0.95);
    rows.push([
      `    wheel zoom + drag pan, ${g.draws.length} redraws: frame interval median / p95 / max; redraw max`,
      `${ms(median(g.intervals))} / ${ms(p95)} / ${ms(Math.max(...g.intervals))}; ${ms(Math.max(0, ...g.draws))}`,
      '60 fps',
      verdict(p95 <= 1000 / 60 + 2 && Math.max(0, ...g.draws) < 1000 / 60),
    ]);
    rows.push([`    frames per second over the ${secs(g.spanMs)} of gestures; long tasks`, `${fps.toFixed(1)}; ${g.longTasks.length ? g.longTasks.map((d) => ms(d)).join(' ') : 'none'}`, '', '']);
  }
  inter('(b) call tree ArrowRight → child rows shown', r.expand);
  inter('(c) search keystroke → matches drawn', r.search);
  if (r.search) {
    rows.push([`    of which keydown → search committed (in the input event) median / p95`, `${ms(median(r.search.toCommit))} / ${ms(quantile(r.search.toCommit, 0.95))}`, '', '']);
    rows.push([`    after the commit (committed → drawn) median / p95`, `${ms(median(r.search.afterCommit))} / ${ms(quantile(r.search.afterCommit, 0.95))}`, `≤ ${TARGET_INTERACTION_MS} ms`, verdict(median(r.search.afterCommit) <= TARGET_INTERACTION_MS && quantile(r.search.afterCommit, 0.95) <= TARGET_INTERACTION_MS)]);
  }
  if (r.longTasks?.length) rows.push(...longTaskRows(r.longTasks));
  console.log('');
  console.log(table(rows));
  console.log('  (interactions: from the input event timeStamp to the end of the frame that shows the result; p95 is nearest-rank, so with 10 samples it is the largest)');
  if (r.longTasks?.length) {
    console.log('\n  Main-thread long tasks from the file picked until the worker is idle (bench/app/long-tasks.ts):');
    console.log(longTaskTable(r.longTasks));
  }

  if (r.load) {
    console.log('\n  1M loads (in the page, from the input change event):');
    const lr: string[][] = [['run', 'total', '→ ready', 'ready → flame tab', '→ frames', '→ drawn', '→ frame end', 'draw', 'frames', 'Node wall']];
    r.load.runs.forEach((x, i) =>
      lr.push([String(i + 1), ms(x.totalMs), ms(x.phases.toReady), ms(x.phases.readyToFlameTab), ms(x.phases.flameTabToFrames), ms(x.phases.framesToDrawn), ms(x.phases.drawnToPainted), ms(x.drawMs), String(x.frameCount), ms(x.wallMs)]),
    );
    if (r.large) {
      const x = r.large.load;
      lr.push(['5M', ms(x.totalMs), ms(x.phases.toReady), ms(x.phases.readyToFlameTab), ms(x.phases.flameTabToFrames), ms(x.phases.framesToDrawn), ms(x.phases.drawnToPainted), ms(x.drawMs), String(x.frameCount), ms(x.wallMs)]);
    }
    console.log(table(lr, '    '));
    const cpuLine = (label: string, x: LoadResult) => {
      const own = x.threads.reduce((a, t) => a + t.cpuMs, 0);
      const pids = [...new Set(x.threads.map((t) => t.pid))];
      const per = pids.map((pid) => {
        const ts = x.threads.filter((t) => t.pid === pid);
        const name = (t: ThreadCpu) => (t.tid === t.pid ? 'main thread' : t.name === 'DedicatedWorker' ? `worker ${t.tid}` : t.name);
        return `renderer ${pid}: ${ts.map((t) => `${name(t)} ${secs(t.cpuMs)}`).join(', ')}`;
      });
      console.log(`    CPU during ${label} (threads with ≥ 30 ms): ${per.join('; ')}`);
      console.log(
        `      whole machine busy ${secs(x.machine.busyMs)} of ${secs(x.machine.capacityMs)} core-time; ${secs(Math.max(0, x.machine.busyMs - own))} of it outside these renderer threads (browser, GPU process, Node, other work)`,
      );
    };
    r.load.runs.forEach((x, i) => cpuLine(`1M load ${i + 1}`, x));
    if (r.large) cpuLine('the 5M load', r.large.load);
    const st = r.load.streams.map((s) => `${ms(s.ms)} (${mbps(s.bytes, s.ms)}, ${s.chunks} chunks)`).join(', ');
    console.log(`    plain streams (bench/browser worker): ${st}`);
    if (r.load.mainThreadStream) console.log(`    plain stream of the app page's own File on its main thread: ${ms(r.load.mainThreadStream.ms)} (${mbps(r.load.mainThreadStream.bytes, r.load.mainThreadStream.ms)})`);
    if (r.smallPeak) console.log(`    1M renderer peak RSS ${gb(r.smallPeak.rss)} (VmHWM ${gb(r.smallPeak.hwm)})`);
  }
  const parts = (title: string, s: InteractionStats | undefined) => {
    if (!s) return;
    console.log(`\n  ${title}: all samples ${s.samples.map((x) => x.toFixed(0)).join(' ')} ms`);
    const pr: string[][] = [['part', 'median', 'p95']];
    for (const [k, v] of Object.entries(s.parts)) pr.push([k, ms(median(v)), ms(quantile(v, 0.95))]);
    console.log(table(pr, '    '));
  };
  parts('(a) zoom in', r.zoom?.zoomIn);
  if (r.zoom) console.log(`    zoom roots: ${r.zoom.names.join(', ')}`);
  parts('    zoom out (Escape)', r.zoom?.zoomOut);
  parts('(b) expand', r.expand);
  if (r.expand) console.log(`    levels ${r.expand.levels.join(' ')}; child rows added ${r.expand.childRows.join(' ')}`);
  parts('(c) search keystroke', r.search);
  if (r.search) console.log(`    box text after each keystroke: ${r.search.typed.join(' ')}`);

  for (const p of r.profiles) {
    console.log(`\n  Profile: ${p.label} — trace ${p.file}`);
    console.log(p.summary.text);
  }
  if (r.errors.length) console.log(`\n  ERRORS:\n    ${r.errors.join('\n    ')}`);
}
