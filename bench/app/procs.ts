/**
 * Chromium renderer processes started by this Node process (Linux /proc): their resident
 * memory, sampled on a timer, for the app benchmark's peak-memory figure.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface RendererMemory {
  pid: number;
  /** VmRSS now, bytes. */
  rss: number;
  /** VmHWM (the kernel's own peak RSS of the process), bytes. */
  hwm: number;
}

/** Renderer processes (`--type=renderer`) descended from this process, with their memory. */
export function renderers(): RendererMemory[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parents = new Map<number, number>();
  const found: number[] = [];
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parents.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').includes('--type=renderer')) found.push(Number(e));
    } catch {
      /* gone */
    }
  }
  const out: RendererMemory[] = [];
  for (const pid of found) {
    let p: number | undefined = pid;
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

  constructor(private readonly everyMs = 250) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  sample(): void {
    this.samples++;
    for (const r of renderers()) {
      const p = this.peaks.get(r.pid) ?? { rss: 0, hwm: 0 };
      p.rss = Math.max(p.rss, r.rss);
      p.hwm = Math.max(p.hwm, r.hwm);
      this.peaks.set(r.pid, p);
    }
  }

  /** Forgets the peaks so far (a new phase). */
  reset(): void {
    this.peaks.clear();
    this.samples = 0;
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
