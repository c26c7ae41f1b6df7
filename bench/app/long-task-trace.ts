/**
 * What each long task of the page's main thread ran, from a Chrome trace recorded with the
 * V8 sampler (bench/app/long-tasks.ts --trace): per task over the threshold, its time, the
 * trace events that took most of it (script, style, layout, paint, GC) and the functions
 * with the most inclusive and self time in it, mapped to src/ through the build's source maps.
 */
import { readFileSync } from 'node:fs';
import { aggregate, Mapper, threadSamples, type ChromeTrace, type TraceEvent } from './profile-trace';

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
/** Frames that say nothing about which of our code ran. */
const NOISE = /comlink|react-dom|scheduler|\(anonymous\)|\(garbage collector\)/;

/** A task of the page's main thread: start (µs, the trace clock), wall and thread (CPU) time (µs). */
export interface MainTask {
  ts: number;
  dur: number;
  tdur: number;
  pid: number;
  tid: number;
}

function eventsOf(trace: ChromeTrace): TraceEvent[] {
  return Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
}

/**
 * The outermost tasks of the app page's main thread (the renderer whose main thread made the
 * probe's `ab:*` marks) longer than `minMs` of wall time, and those marks (µs, trace clock).
 */
export function mainThreadTasks(trace: ChromeTrace, minMs = 0): { tasks: MainTask[]; marks: Map<string, number> } {
  const events = eventsOf(trace);
  const marks = new Map<string, number>();
  let page: string | undefined;
  for (const e of events) {
    if (e.name.startsWith('ab:') && e.ts !== undefined && !marks.has(e.name)) {
      marks.set(e.name, e.ts);
      page ??= `${e.pid}:${e.tid}`;
    }
  }
  const long = events
    .filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && (e.dur ?? 0) > minMs * 1000 && `${e.pid}:${e.tid}` === page)
    .sort((a, b) => a.ts! - b.ts!);
  const tasks: MainTask[] = [];
  for (const e of long) {
    const last = tasks[tasks.length - 1];
    if (last && e.ts! < last.ts + last.dur) continue; // nested in the previous one
    tasks.push({ ts: e.ts!, dur: e.dur!, tdur: e.tdur ?? e.dur!, pid: e.pid, tid: e.tid });
  }
  return { tasks, marks };
}

/** What each main-thread task over `thresholdMs` ran, from a trace with the V8 sampler. */
export function longTaskReport(file: string, buildDir: string, thresholdMs: number): string {
  const events = eventsOf(JSON.parse(readFileSync(file, 'utf8')) as ChromeTrace);
  const { tasks } = mainThreadTasks(events, thresholdMs);
  const { threads, zero } = threadSamples(events);
  const mapper = new Mapper(buildDir);
  const lines = [`  ${tasks.length} main-thread task(s) over ${thresholdMs} ms (times in ms after the trace's first sample)`];
  for (const task of tasks) {
    const key = `${task.pid}:${task.tid}`;
    const from = task.ts;
    const to = from + task.dur;
    lines.push(`    task at ${((from - zero) / 1000).toFixed(0)}: ${(task.dur / 1000).toFixed(0)} ms wall, ${(task.tdur / 1000).toFixed(0)} ms CPU`);
    const inner = events
      .filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === key && !TASK_NAMES.has(e.name) && e.ts! >= from && e.ts! < to && (e.dur ?? 0) > 5000)
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 5)
      .map((e) => `${e.name} ${(e.dur! / 1000).toFixed(0)}`);
    if (inner.length) lines.push(`      events: ${inner.join(', ')}`);
    const t = threads.find((x) => x.key === key);
    if (!t) continue;
    const a = (from - zero) / 1000;
    const b = (to - zero) / 1000;
    const { sampledMs, all } = aggregate(t, mapper, (at) => at >= a && at <= b);
    const fmt = (v: number, f: { name: string; where: string }) => `${f.name} (${f.where}) ${v.toFixed(0)}`;
    const incl = all.filter((f) => !NOISE.test(`${f.name} ${f.where}`)).sort((x, y) => y.totalMs - x.totalMs).slice(0, 6);
    const self = [...all].sort((x, y) => y.selfMs - x.selfMs).slice(0, 5);
    lines.push(`      sampled ${sampledMs.toFixed(0)} ms; inclusive: ${incl.map((f) => fmt(f.totalMs, f)).join('; ')}`);
    lines.push(`      self: ${self.map((f) => fmt(f.selfMs, f)).join('; ')}`);
  }
  return lines.join('\n');
}
