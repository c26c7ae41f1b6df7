/**
 * Summarises a Chrome trace recorded with `disabled-by-default-v8.cpu_profiler`: per
 * thread (page main thread, the app's workers), the functions with the most self time and
 * the most inclusive time, mapped from the minified build back to src/ through the
 * build's source maps (source-map-js, which the Vite toolchain also uses).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
}
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  ts?: number;
  dur?: number;
  /** Thread (CPU) time of an X event, µs. */
  tdur?: number;
  cat?: string;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
      startTime?: number;
    };
  };
}

export interface FunctionTime {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
  /** First and last sample with this function on the stack, ms after the trace's time zero. */
  firstMs: number;
  lastMs: number;
}

export interface ThreadProfile {
  thread: string;
  sampledMs: number;
  top: FunctionTime[];
  topInclusive: FunctionTime[];
}

export interface ProfileSummary {
  /** Per thread, over the measured span (the marked phases, else the whole trace). */
  threads: ThreadProfile[];
  /** The page's `ab:*` performance marks (probe.ts), ms after the trace's time zero. */
  marks: { name: string; ms: number }[];
  text: string;
}

type Consumer = { originalPositionFor(p: { line: number; column: number }): { source: string | null; line: number | null; name: string | null } };

/** Source maps of the build's scripts, by script file name. */
export class Mapper {
  private maps = new Map<string, { consumer: Consumer; sources: Map<string, string[]> } | null>();
  private readonly SourceMapConsumer: (new (raw: unknown) => Consumer) | null;

  constructor(private readonly buildDir: string) {
    let c: (new (raw: unknown) => Consumer) | null = null;
    try {
      const require = createRequire(import.meta.url);
      c = (require('source-map-js') as { SourceMapConsumer: new (raw: unknown) => Consumer }).SourceMapConsumer;
    } catch {
      c = null;
    }
    this.SourceMapConsumer = c;
  }

  private load(file: string) {
    if (this.maps.has(file)) return this.maps.get(file)!;
    let entry: { consumer: Consumer; sources: Map<string, string[]> } | null = null;
    const path = join(this.buildDir, 'assets', `${file}.map`);
    if (this.SourceMapConsumer && existsSync(path)) {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      const sources = new Map<string, string[]>();
      raw.sources.forEach((s, i) => {
        const text = raw.sourcesContent?.[i];
        if (text) sources.set(s, text.split('\n'));
      });
      entry = { consumer: new this.SourceMapConsumer(raw), sources };
    }
    this.maps.set(file, entry);
    return entry;
  }

  /** `src/…/file.ts:line` and the original function name, when the frame is in the build. */
  map(f: CallFrame): { where: string; name: string } {
    const fallback = { where: f.url ? `${basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '(native)', name: f.functionName || '(anonymous)' };
    if (!f.url || f.lineNumber < 0) return fallback;
    const file = basename(new URL(f.url, 'http://x').pathname);
    const m = this.load(file);
    if (!m) return fallback;
    const pos = m.consumer.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    if (!pos.source || pos.line === null) return fallback;
    const src = pos.source.replace(/^(\.\.\/)+/, '').replace(/^.*?\/(src|node_modules)\//, '$1/');
    const name = pos.name ?? guessName(m.sources.get(pos.source)?.[pos.line - 1]) ?? f.functionName ?? '(anonymous)';
    return { where: `${src}:${pos.line}`, name: `${name}${f.functionName && f.functionName !== name ? ` [${f.functionName}]` : ''}` };
  }
}

/** The function a source line declares: `function foo(`, `foo(…) {`, `foo = (…) =>`, `get foo()`. */
function guessName(line: string | undefined): string | null {
  if (!line) return null;
  const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'catch', 'typeof', 'new', 'await']);
  const m =
    /function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(line) ??
    /([A-Za-z_$][\w$]*)\s*[:=]\s*(async\s*)?(\([^)]*\)|[A-Za-z_$][\w$]*)\s*(:\s*[^=]+)?=>/.exec(line) ??
    /^\s*(?:(?:public|private|protected|static|async|get|set|readonly)\s+)*([A-Za-z_$][\w$]*)\s*(<[^>]*>)?\s*\(/.exec(line);
  return m && !KEYWORDS.has(m[1]) ? m[1] : null;
}

export interface ThreadSamples {
  thread: string;
  /** `pid:tid` of the thread. */
  key: string;
  nodes: Map<number, ProfileNode>;
  /** Per sample: node id, time (ms after time zero), the interval it stands for (ms). */
  ids: number[];
  at: number[];
  dt: number[];
}

/** A stretch of time between two marks; phases with the same name add up. */
export interface Phase {
  name: string;
  from: number;
  to: number;
}

const IGNORED = new Set(['(idle)', '(program)', '(root)']);

/**
 * Self and inclusive time per function over `samples` that fall in `keep` (times in ms).
 * Sampled time is wall time of the thread while it had a stack (not idle): with more busy
 * threads than cores it includes time spent waiting for a core.
 */
export function aggregate(t: ThreadSamples, mapper: Mapper, keep: (at: number) => boolean): { sampledMs: number; all: FunctionTime[] } {
  const fns = new Map<string, FunctionTime>();
  const keyOf = new Map<number, string>();
  const frameOf = (id: number): string => {
    let k = keyOf.get(id);
    if (k !== undefined) return k;
    const cf = t.nodes.get(id)?.callFrame ?? { functionName: '?', url: '', lineNumber: -1, columnNumber: -1 };
    const { where, name } = mapper.map(cf);
    k = `${name} @ ${where}`;
    if (!fns.has(k)) fns.set(k, { name, where, selfMs: 0, totalMs: 0, firstMs: Infinity, lastMs: -Infinity });
    keyOf.set(id, k);
    return k;
  };
  let sampled = 0;
  for (let i = 0; i < t.ids.length; i++) {
    const at = t.at[i];
    const dt = t.dt[i];
    if (!keep(at)) continue;
    const id = t.ids[i];
    if (IGNORED.has(t.nodes.get(id)?.callFrame.functionName ?? '')) continue;
    sampled += dt;
    fns.get(frameOf(id))!.selfMs += dt;
    const seen = new Set<string>();
    for (let q: number | undefined = id; q !== undefined; q = t.nodes.get(q)?.parent) {
      const n = t.nodes.get(q);
      if (!n || n.callFrame.functionName === '(root)') break;
      const k = frameOf(q);
      if (seen.has(k)) continue;
      seen.add(k);
      const f = fns.get(k)!;
      f.totalMs += dt;
      if (at < f.firstMs) f.firstMs = at;
      if (at > f.lastMs) f.lastMs = at;
    }
  }
  return { sampledMs: sampled, all: [...fns.values()] };
}

/**
 * The phases the page's marks (probe.ts) delimit: a load's file-picked → ready → flame-tab
 * → first-frames → flame-shown, or each interaction's input → answered → shown.
 */
function phasesOf(marks: { name: string; ms: number }[]): Phase[] {
  const out: Phase[] = [];
  const names = marks.map((m) => m.name);
  if (names.includes('ab:input')) {
    let input: number | null = null;
    let answered: number | null = null;
    for (const m of marks) {
      if (m.name === 'ab:input') {
        input = m.ms;
        answered = null;
      } else if (m.name === 'ab:answered' && input !== null) {
        answered = m.ms;
        out.push({ name: 'input → answered (data changed)', from: input, to: m.ms });
      } else if (m.name === 'ab:shown' && input !== null) {
        out.push({ name: 'answered → shown (drawn, frame end)', from: answered ?? input, to: m.ms });
        input = null;
      }
    }
    return out;
  }
  for (let i = 0; i + 1 < marks.length; i++) {
    if (marks[i + 1].ms > marks[i].ms) out.push({ name: `${marks[i].name.slice(3)} → ${marks[i + 1].name.slice(3)}`, from: marks[i].ms, to: marks[i + 1].ms });
  }
  return out;
}

/** A Chrome trace as Browser.stopTracing writes it: an object with traceEvents, or the bare array. */
export type ChromeTrace = { traceEvents?: TraceEvent[] } | TraceEvent[];

export function profileSummary(trace: ChromeTrace, buildDir: string, topN = 10): ProfileSummary {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const rawMarks: { name: string; ts: number }[] = [];
  const seenMarks = new Set<string>();
  for (const e of events) {
    // A mark can be recorded twice (instant and the user-timing event): keep one.
    if (e.name.startsWith('ab:') && e.ts !== undefined && !seenMarks.has(`${e.name}@${e.ts}`)) {
      seenMarks.add(`${e.name}@${e.ts}`);
      rawMarks.push({ name: e.name, ts: e.ts });
    }
  }
  // Time zero: the first mark, else the earliest profile start (µs, the trace clock).
  const samples = threadSamples(events, rawMarks.length ? Math.min(...rawMarks.map((m) => m.ts)) : undefined);
  const zero = samples.zero;
  const marks = rawMarks.sort((a, b) => a.ts - b.ts).map((m) => ({ name: m.name, ms: (m.ts - zero) / 1000 }));
  const mapper = new Mapper(buildDir);
  const phases = phasesOf(marks);
  const inside = (at: number) => phases.length === 0 || phases.some((ph) => at >= ph.from && at <= ph.to);
  const threads: ThreadProfile[] = [];
  for (const t of samples.threads) {
    const { sampledMs, all } = aggregate(t, mapper, inside);
    if (sampledMs < 10) continue;
    threads.push({
      thread: t.thread,
      sampledMs,
      top: [...all].sort((a, b) => b.selfMs - a.selfMs).slice(0, topN),
      topInclusive: [...all].sort((a, b) => b.totalMs - a.totalMs).slice(0, topN),
    });
  }
  threads.sort((a, b) => b.sampledMs - a.sampledMs);

  const lines: string[] = [];
  const span = (f: FunctionTime) => (Number.isFinite(f.firstMs) ? `  [${f.firstMs.toFixed(0)}–${f.lastMs.toFixed(0)} ms]` : '');
  const row = (f: FunctionTime, total: number, withSpan = true) =>
    `        ${f.selfMs.toFixed(0).padStart(6)} ms self ${((100 * f.selfMs) / total).toFixed(1).padStart(5)}%  ${f.totalMs.toFixed(0).padStart(6)} ms incl  ${f.name}  ${f.where}${withSpan ? span(f) : ''}`;
  const interaction = marks.some((m) => m.name === 'ab:input');
  if (marks.length && !interaction) lines.push(`    marks (ms after the file was picked): ${marks.map((m) => `${m.name.slice(3)} ${m.ms.toFixed(0)}`).join(', ')}`);
  if (phases.length) {
    // Per phase (summed over its occurrences): where each busy thread spent it.
    const byName = new Map<string, Phase[]>();
    for (const ph of phases) byName.set(ph.name, [...(byName.get(ph.name) ?? []), ph]);
    for (const [name, list] of byName) {
      const wall = list.reduce((a, ph) => a + ph.to - ph.from, 0);
      lines.push(`    phase ${name}: ${wall.toFixed(0)} ms wall${list.length > 1 ? ` over ${list.length} occurrences` : ''}`);
      const keep = (at: number) => list.some((ph) => at >= ph.from && at <= ph.to);
      for (const t of samples.threads) {
        const { sampledMs, all } = aggregate(t, mapper, keep);
        if (sampledMs < Math.max(2, 0.03 * wall)) continue;
        lines.push(`      ${t.thread}: ${sampledMs.toFixed(0)} ms sampled`);
        for (const f of [...all].sort((a, b) => b.selfMs - a.selfMs).slice(0, 6)) if (f.selfMs >= 0.5) lines.push(row(f, sampledMs, !interaction));
        const incl = [...all]
          .filter((f) => !/comlink|react-dom|scheduler|\(anonymous\)/.test(`${f.name} ${f.where}`))
          .sort((a, b) => b.totalMs - a.totalMs)
          .slice(0, 4)
          .map((f) => `${f.name} (${f.where}) ${f.totalMs.toFixed(0)} ms`);
        if (incl.length) lines.push(`          inclusive: ${incl.join('; ')}`);
      }
    }
  }
  lines.push(`    whole ${phases.length ? 'measured span' : 'trace'}, by thread (sampled = wall time with a stack, idle excluded; with more busy threads than cores it includes waiting for a core):`);
  for (const t of threads) {
    lines.push(`      ${t.thread}: ${t.sampledMs.toFixed(0)} ms sampled`);
    for (const f of t.top) lines.push(row(f, t.sampledMs, !interaction));
  }
  return { threads, marks, text: lines.join('\n') };
}

/**
 * The V8 sampler's samples per thread, times in ms after `zeroTs` (µs on the trace clock;
 * by default the earliest profile start).
 */
export function threadSamples(events: TraceEvent[], zeroTs?: number): { threads: ThreadSamples[]; zero: number } {
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
  const label = (e: TraceEvent) => `${threadNames.get(`${e.pid}:${e.tid}`) ?? `tid ${e.tid}`} (pid ${e.pid})`;
  // Profiles by id: their nodes and samples arrive in chunks.
  const profiles = new Map<string, { thread: string; key: string; start: number; nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }>();
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) {
      p = { thread: label(e), key: `${e.pid}:${e.tid}`, start: NaN, nodes: new Map(), samples: [], deltas: [] };
      profiles.set(key, p);
    }
    if (e.name === 'Profile') {
      p.start = e.args?.data?.startTime ?? e.ts ?? NaN;
      p.thread = label(e);
      p.key = `${e.pid}:${e.tid}`;
      continue;
    }
    const d = e.args?.data;
    for (const n of d?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    const s = d?.cpuProfile?.samples ?? [];
    const t = d?.timeDeltas ?? [];
    for (let i = 0; i < s.length; i++) {
      p.samples.push(s[i]);
      p.deltas.push(t[i] ?? 0);
    }
  }
  const starts = [...profiles.values()].map((p) => p.start).filter(Number.isFinite);
  const zero = zeroTs ?? (starts.length ? Math.min(...starts) : 0);
  const samples: ThreadSamples[] = [];
  for (const p of profiles.values()) {
    const t: ThreadSamples = { thread: p.thread, key: p.key, nodes: p.nodes, ids: [], at: [], dt: [] };
    let clock = Number.isFinite(p.start) ? p.start : zero;
    for (let i = 0; i < p.samples.length; i++) {
      clock += p.deltas[i] ?? 0;
      // A sample stands for the interval until the next one.
      const dt = (p.deltas[i + 1] ?? p.deltas[i] ?? 0) / 1000;
      if (dt <= 0 || dt > 100) continue;
      t.ids.push(p.samples[i]);
      t.at.push((clock - zero) / 1000);
      t.dt.push(dt);
    }
    samples.push(t);
  }
  return { threads: samples, zero };
}
