/**
 * How much the page's workers ran while its main thread's tasks ran, after ready: from the
 * Chrome traces `long-tasks.ts --trace` writes (one per build and size, the first round's).
 * On a 2-core machine a main-thread task that shares the cores with a worker waits for one,
 * and on a machine other work loads too, which tasks pass 50 ms of wall time is mostly
 * chance: the workers' CPU time inside the page's tasks says what this app's own threads
 * took from them, whatever else the machine runs. Per trace: each worker thread's CPU time
 * in the first 1.5 s after ready, and for the main-thread tasks of 10 ms of wall time or more
 * in the first 3 s after ready, their number, wall and CPU time, the workers' CPU time
 * within them (a worker task that straddles a task's edge counted in proportion) and the
 * longest task's wall time.
 *
 *   npx tsx bench/app/worker-overlap.ts TRACE.json [TRACE.json …]
 */
import { readFileSync } from 'node:fs';
import type { ChromeTrace, TraceEvent } from './profile-trace';

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const FIRST_MS = 1500;
const SPAN_MS = 3000;
const MIN_TASK_MS = 10;

interface Task {
  ts: number;
  dur: number;
  tdur: number;
}

export interface Overlap {
  /** Each worker thread's CPU ms in the first FIRST_MS after ready (over 1 ms only), by thread id. */
  workerCpu: Map<number, number>;
  tasks: number;
  wallMs: number;
  cpuMs: number;
  workersInTasksMs: number;
  longestMs: number;
}

/** The figures of one trace of the app page (its main thread made the probe's `ab:*` marks). */
export function workerOverlap(trace: ChromeTrace): Overlap {
  const events: TraceEvent[] = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const names = new Map<string, string>();
  let page: TraceEvent | undefined;
  let ready: number | undefined;
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name));
    if (e.name.startsWith('ab:') && e.ts !== undefined) page ??= e;
    if (e.name === 'ab:ready' && e.ts !== undefined) ready ??= e.ts;
  }
  if (!page || ready === undefined) throw new Error('no ab:ready mark in the trace');
  const byThread = new Map<string, Task[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !TASK_NAMES.has(e.name) || e.pid !== page.pid || e.ts === undefined) continue;
    const k = `${e.pid}:${e.tid}`;
    if (e.tid !== page.tid && !names.get(k)?.startsWith('DedicatedWorker')) continue;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k)!.push({ ts: e.ts, dur: e.dur ?? 0, tdur: e.tdur ?? e.dur ?? 0 });
  }
  const mainKey = `${page.pid}:${page.tid}`;
  // The outermost tasks of the main thread (nested ones lie inside the one before).
  const main: Task[] = [];
  for (const t of (byThread.get(mainKey) ?? []).sort((a, b) => a.ts - b.ts)) {
    const last = main[main.length - 1];
    if (last && t.ts < last.ts + last.dur) continue;
    main.push(t);
  }
  const workers = [...byThread].filter(([k]) => k !== mainKey);
  const workerCpu = new Map<number, number>();
  for (const [k, ts] of workers) {
    const cpu = ts.filter((t) => t.ts >= ready && t.ts < ready + FIRST_MS * 1000).reduce((s, t) => s + t.tdur, 0) / 1000;
    if (cpu > 1) workerCpu.set(Number(k.split(':')[1]), cpu);
  }
  const big = main.filter((t) => t.ts >= ready && t.ts < ready + SPAN_MS * 1000 && t.dur >= MIN_TASK_MS * 1000);
  let inside = 0;
  for (const m of big) {
    for (const [, ts] of workers) {
      for (const w of ts) {
        const from = Math.max(m.ts, w.ts);
        const to = Math.min(m.ts + m.dur, w.ts + w.dur);
        if (to > from) inside += ((to - from) / Math.max(w.dur, 1)) * w.tdur;
      }
    }
  }
  return {
    workerCpu,
    tasks: big.length,
    wallMs: big.reduce((s, t) => s + t.dur, 0) / 1000,
    cpuMs: big.reduce((s, t) => s + t.tdur, 0) / 1000,
    workersInTasksMs: inside / 1000,
    longestMs: Math.max(0, ...big.map((t) => t.dur)) / 1000,
  };
}

if (process.argv[1]?.endsWith('worker-overlap.ts')) {
  for (const file of process.argv.slice(2)) {
    const o = workerOverlap(JSON.parse(readFileSync(file, 'utf8')) as ChromeTrace);
    const cpu = [...o.workerCpu].map(([tid, ms]) => `${tid} ${ms.toFixed(0)} ms`).join(', ') || 'none';
    console.log(`${file}\n  workers' CPU in the first ${FIRST_MS} ms after ready: ${cpu}`);
    console.log(
      `  main-thread tasks of ${MIN_TASK_MS} ms or more in the first ${SPAN_MS} ms after ready: ${o.tasks}, wall ${o.wallMs.toFixed(0)} ms, CPU ${o.cpuMs.toFixed(0)} ms, workers' CPU within them ${o.workersInTasksMs.toFixed(0)} ms, longest ${o.longestMs.toFixed(0)} ms`,
    );
  }
}
