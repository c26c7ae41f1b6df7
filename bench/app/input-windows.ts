/**
 * Each timed input of a Chrome trace (the probe's `ab:input` mark to the next `ab:shown`,
 * bench/app/probe.ts), with the time the page's threads spent in tasks inside it: per thread
 * (main thread, trace worker, compositor…) the tasks' wall and thread (CPU) time, and the
 * main-thread tasks over 2 ms with their longest inner events (TimerFire, FireIdleCallback,
 * FireAnimationFrame…). The profiler's samples say which functions ran; this says where a
 * keystroke's wall time went while the thread was not running (a task whose wall time is
 * far over its CPU time waited for a core or on the browser).
 */
import { readFileSync } from 'node:fs';
import { median } from './figures';
import type { ChromeTrace, TraceEvent } from './profile-trace';

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

const events = (trace: ChromeTrace): TraceEvent[] => (Array.isArray(trace) ? trace : (trace.traceEvents ?? []));

/**
 * A label per thread (`pid:tid`): its name, with its tid when other threads of its process
 * have the same name. The trace worker and the fingerprint's hash worker are both
 * "DedicatedWorker thread": added up under one name, the hashing still running after a
 * load read as the trace worker's search costing twice as much on the first keystroke.
 */
export function threadLabels(ev: readonly TraceEvent[]): Map<string, string> {
  const named = new Map<string, string>();
  for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) named.set(`${e.pid}:${e.tid}`, e.args.name);
  // Per process: every process has its own Chrome_ChildIOThread, one per report is enough.
  const uses = new Map<string, number>();
  const inProcess = (key: string, name: string) => `${key.split(':')[0]}|${name}`;
  for (const [key, name] of named) uses.set(inProcess(key, name), (uses.get(inProcess(key, name)) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (const [key, name] of named) labels.set(key, uses.get(inProcess(key, name))! > 1 ? `${name} (tid ${key.split(':')[1]})` : name);
  return labels;
}

/**
 * The main thread's CPU time (its tasks' thread time) inside each timed input's window, in
 * input order: what a change that cuts the page's work should lower, read apart from the
 * wall time a busy machine adds.
 */
export function mainCpuPerInput(trace: ChromeTrace): number[] {
  const ev = events(trace);
  const inputs = ev.filter((e) => e.name === 'ab:input' && e.ts !== undefined).sort((a, b) => a.ts! - b.ts!);
  const shown = ev.filter((e) => e.name === 'ab:shown' && e.ts !== undefined).map((e) => e.ts!).sort((a, b) => a - b);
  if (!inputs.length) return [];
  const { pid, tid } = inputs[0];
  const tasks = ev.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && e.pid === pid && e.tid === tid && e.ts !== undefined && e.dur !== undefined);
  const out: number[] = [];
  for (const input of inputs) {
    const end = shown.find((t) => t > input.ts!);
    if (end === undefined) continue;
    let cpu = 0;
    for (const t of tasks) if (t.ts! + t.dur! >= input.ts! && t.ts! <= end) cpu += t.tdur ?? 0;
    out.push(cpu / 1000);
  }
  return out;
}

/** mainCpuPerInput of the inputs `pick` keeps, as a line: median, range, each. */
export function mainCpuLine(file: string, what: string, pick: (i: number) => boolean = () => true): string {
  const all = mainCpuPerInput(JSON.parse(readFileSync(file, 'utf8')) as ChromeTrace);
  const xs = all.filter((_, i) => pick(i));
  if (!xs.length) return `  main-thread CPU per ${what}: no inputs`;
  return `  main-thread CPU per ${what} (its tasks' thread time, input → shown): median ${median(xs).toFixed(1)} ms, range ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} ms (n ${xs.length}): ${xs.map((x) => x.toFixed(1)).join(' ')}`;
}

export function inputWindowReport(file: string): string {
  const ev = events(JSON.parse(readFileSync(file, 'utf8')) as ChromeTrace);
  const threadName = threadLabels(ev);
  const inputs = ev.filter((e) => e.name === 'ab:input' && e.ts !== undefined).sort((a, b) => a.ts! - b.ts!);
  const shown = ev.filter((e) => e.name === 'ab:shown' && e.ts !== undefined).map((e) => e.ts!).sort((a, b) => a - b);
  if (!inputs.length) return '  no ab:input marks in the trace';
  const page = `${inputs[0].pid}:${inputs[0].tid}`;
  const tasks = ev.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && e.pid === inputs[0].pid && e.ts !== undefined && e.dur !== undefined);
  const f = (us: number) => (us / 1000).toFixed(1);
  const lines: string[] = ['  per input (ab:input → ab:shown): the page\'s threads\' tasks in it, wall / CPU ms; main-thread tasks over 2 ms as start+wall/CPU [longest inner events]'];
  for (const input of inputs) {
    const end = shown.find((s) => s > input.ts!);
    if (end === undefined) continue;
    const per = new Map<string, { wall: number; cpu: number; n: number }>();
    const big: string[] = [];
    for (const t of tasks) {
      if (t.ts! + t.dur! < input.ts! || t.ts! > end) continue;
      const key = `${t.pid}:${t.tid}`;
      const name = threadName.get(key) ?? key;
      const p = per.get(name) ?? { wall: 0, cpu: 0, n: 0 };
      p.wall += t.dur!;
      p.cpu += t.tdur ?? 0;
      p.n++;
      per.set(name, p);
      if (key !== page || t.dur! <= 2000) continue;
      const inner = ev
        .filter((e) => e.ph === 'X' && e.pid === t.pid && e.tid === t.tid && e.ts! >= t.ts! && e.ts! < t.ts! + t.dur! && !TASK_NAMES.has(e.name) && (e.dur ?? 0) > 1000)
        .sort((a, b) => b.dur! - a.dur!)
        .slice(0, 3)
        .map((e) => `${e.name} ${f(e.dur!)}`);
      big.push(`${f(t.ts! - input.ts!)}+${f(t.dur!)}/${f(t.tdur ?? 0)}${inner.length ? ` [${inner.join(', ')}]` : ''}`);
    }
    const threads = [...per]
      .filter(([, p]) => p.wall >= 500)
      .map(([name, p]) => `${name} ${p.n} tasks ${f(p.wall)} / ${f(p.cpu)}`)
      .join('; ');
    lines.push(`    ${f(end - input.ts!)} ms: ${threads}`);
    lines.push(`      main: ${big.join(' | ')}`);
  }
  return lines.join('\n');
}
