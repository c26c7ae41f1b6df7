/**
 * Chromium renderer processes started by this Node process (Linux /proc): their resident
 * memory, sampled on a timer, for the app benchmark's peak-memory figure.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface RendererMemory {
  pid: number;
  /** VmRSS now, bytes. */
  rss: number;
  /** VmHWM (the kernel's own peak RSS of the process), bytes. */
  hwm: number;
}

/**
 * The processes descended from this one (Chromium's under Playwright) with their kind: the
 * `--type=` of their command line (`renderer`, `gpu-process`, `utility`, `zygote`), `browser`
 * for Chromium's own process, `other` for anything else (a compiler, a server).
 */
export function ourProcesses(): { pid: number; type: string }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parents = new Map<number, number>();
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parents.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: { pid: number; type: string }[] = [];
  for (const pid of parents.keys()) {
    let p: number | undefined = parents.get(pid);
    let ours = false;
    for (let k = 0; k < 20 && p !== undefined && p > 1; k++) {
      if (p === process.pid) {
        ours = true;
        break;
      }
      p = parents.get(p);
    }
    if (!ours) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? (/chrom/.test(cmd.split('\0')[0]) ? 'browser' : 'other');
      out.push({ pid, type });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Renderer processes (`--type=renderer`) descended from this process, with their memory. */
function renderers(): RendererMemory[] {
  const out: RendererMemory[] = [];
  for (const { pid, type } of ourProcesses()) {
    if (type !== 'renderer') continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
      out.push({ pid, rss: kb('VmRSS'), hwm: kb('VmHWM') });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Samples the renderers every `everyMs` and keeps each one's largest RSS. */
export class RssSampler {
  private peaks = new Map<number, { rss: number; hwm: number }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  samples = 0;
  /** performance.now() and the largest renderer RSS of each sample, to say when the peak fell. */
  readonly timeline: { at: number; rss: number }[] = [];

  constructor(private readonly everyMs = 250) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  sample(): void {
    this.samples++;
    let largest = 0;
    for (const r of renderers()) {
      largest = Math.max(largest, r.rss);
      const p = this.peaks.get(r.pid) ?? { rss: 0, hwm: 0 };
      p.rss = Math.max(p.rss, r.rss);
      p.hwm = Math.max(p.hwm, r.hwm);
      this.peaks.set(r.pid, p);
    }
    this.timeline.push({ at: performance.now(), rss: largest });
  }

  /** The largest sampled RSS at or before `at` (performance.now()), and the time of the peak sample. */
  around(at: number): { rssBefore: number; peakAt: number } {
    let rssBefore = 0;
    let peak = { at: 0, rss: -1 };
    for (const s of this.timeline) {
      if (s.at <= at) rssBefore = Math.max(rssBefore, s.rss);
      if (s.rss > peak.rss) peak = s;
    }
    return { rssBefore, peakAt: peak.at };
  }

  /** Forgets the peaks so far (a new phase). */
  reset(): void {
    this.peaks.clear();
    this.samples = 0;
    this.timeline.length = 0;
  }

  /** The renderer with the largest sampled peak: its pid, sampled peak RSS and VmHWM. */
  peak(): { pid: number; rss: number; hwm: number; renderers: number } {
    let best = { pid: 0, rss: 0, hwm: 0 };
    for (const [pid, p] of this.peaks) if (p.rss > best.rss) best = { pid, ...p };
    return { ...best, renderers: this.peaks.size };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Clock ticks per second of /proc utime and stime (USER_HZ). */
const USER_HZ = 100;

export interface ThreadCpu {
  pid: number;
  /** The process's kind (ourProcesses): `renderer`, `browser`, `gpu-process`, … */
  process: string;
  tid: number;
  /** /proc/…/comm: `chromium` for a renderer's main thread, `DedicatedWorker` for a worker thread. */
  name: string;
  cpuMs: number;
}

/** CPU time (user + system) of every thread of our renderer processes, by `pid:tid`. */
export function rendererThreadCpu(): Map<string, ThreadCpu> {
  return threadCpu((type) => type === 'renderer');
}

/**
 * The same for every process this one started: the browser process too, which serves the
 * page's reads of a File (its IO thread and thread pool), and the GPU and utility processes.
 */
export function chromiumThreadCpu(): Map<string, ThreadCpu> {
  return threadCpu(() => true);
}

function threadCpu(wanted: (type: string) => boolean): Map<string, ThreadCpu> {
  const out = new Map<string, ThreadCpu>();
  for (const { pid, type } of ourProcesses()) {
    if (!wanted(type)) continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        out.set(`${pid}:${tid}`, { pid, process: type, tid: Number(tid), name, cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ });
      } catch {
        /* gone */
      }
    }
  }
  return out;
}

/** Threads that used at least `minMs` of CPU between two rendererThreadCpu() readings, busiest first. */
export function threadCpuDelta(before: Map<string, ThreadCpu>, after: Map<string, ThreadCpu>, minMs = 30): ThreadCpu[] {
  const out: ThreadCpu[] = [];
  for (const [k, a] of after) {
    const d = a.cpuMs - (before.get(k)?.cpuMs ?? 0);
    if (d >= minMs) out.push({ ...a, cpuMs: d });
  }
  return out.sort((x, y) => y.cpuMs - x.cpuMs);
}

/** Whole-machine CPU jiffies (all cores): busy and total, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * Follows the CPU time of our renderer threads on a timer, so threads that end during the
 * measurement (a worker that is terminated) still count with their last reading.
 */
export class ThreadCpuTracker {
  private first = new Map<string, ThreadCpu>();
  private last = new Map<string, ThreadCpu>();
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `read`: whose threads (the renderers' by default; chromiumThreadCpu for every process). */
  constructor(
    private readonly everyMs = 200,
    private readonly read: () => Map<string, ThreadCpu> = rendererThreadCpu,
  ) {}

  start(): void {
    this.first = this.read();
    this.last = new Map(this.first);
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  private sample(): void {
    for (const [k, v] of this.read()) {
      this.last.set(k, v);
      // A thread born after start() counts from zero.
      if (!this.first.has(k)) this.first.set(k, { ...v, cpuMs: 0 });
    }
  }

  /** Stops and returns each thread's CPU time since start(), busiest first. */
  stop(minMs = 30): ThreadCpu[] {
    clearInterval(this.timer);
    this.sample();
    return threadCpuDelta(this.first, this.last, minMs);
  }
}

/** What a thread does in a load, by its process and name (Chromium 156's thread names). */
export type CpuRole = 'workers' | 'file read' | 'V8 helpers' | 'page' | 'other';

export function cpuRole(t: Pick<ThreadCpu, 'process' | 'name'>): CpuRole {
  if (t.process === 'renderer') {
    if (t.name === 'DedicatedWorker') return 'workers';
    // The renderer's side of a Blob read: its data pipe's IO thread.
    if (t.name.startsWith('Chrome_ChildIOT')) return 'file read';
    if (t.name.startsWith('ThreadPool') || t.name.startsWith('V8')) return 'V8 helpers';
    if (t.name === 'chromium' || t.name.startsWith('Compositor')) return 'page';
    return 'other';
  }
  // The browser process reads the File for the page (thread pool) and feeds it through a
  // data pipe (IO thread): measured the same whether read by stream(), a BYOB reader,
  // slice().arrayBuffer() or FileReaderSync (docs/performance-log.md, 2026-12-06, 14:34–15:12).
  if (t.process === 'browser' && (t.name.startsWith('Chrome_IOThread') || t.name.startsWith('ThreadPool'))) return 'file read';
  return 'other';
}

/** Each role's CPU time (ms) over a measurement, every role present. */
export function cpuByRole(threads: ThreadCpu[]): Record<CpuRole, number> {
  const out: Record<CpuRole, number> = { workers: 0, 'file read': 0, 'V8 helpers': 0, page: 0, other: 0 };
  for (const t of threads) out[cpuRole(t)] += t.cpuMs;
  return out;
}
