/**
 * Summarises a Chrome trace recorded with `disabled-by-default-v8.cpu_profiler`: per
 * thread (page main thread, the app's workers), the functions with the most self time and
 * the most inclusive time, mapped from the minified build back to src/ through the
 * build's source maps (source-map-js, a dependency of the Vite toolchain).
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
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  ts?: number;
  dur?: number;
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
}

export interface ThreadProfile {
  thread: string;
  sampledMs: number;
  top: FunctionTime[];
  topInclusive: FunctionTime[];
}

export interface ProfileSummary {
  threads: ThreadProfile[];
  text: string;
}

type Consumer = { originalPositionFor(p: { line: number; column: number }): { source: string | null; line: number | null; name: string | null } };

/** Source maps of the build's scripts, by script file name. */
class Mapper {
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
  const m =
    /function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(line) ??
    /([A-Za-z_$][\w$]*)\s*[:=]\s*(async\s*)?(\([^)]*\)|[A-Za-z_$][\w$]*)\s*(:\s*[^=]+)?=>/.exec(line) ??
    /^\s*(?:(?:public|private|protected|static|async|get|set|readonly)\s+)*([A-Za-z_$][\w$]*)\s*(<[^>]*>)?\s*\(/.exec(line);
  return m ? m[1] : null;
}

export function profileSummary(trace: { traceEvents?: TraceEvent[] } | TraceEvent[], buildDir: string, topN = 12): ProfileSummary {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
  // Profiles by id: their nodes and samples arrive in chunks.
  const profiles = new Map<string, { thread: string; nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }>();
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) {
      p = { thread: `${threadNames.get(`${e.pid}:${e.tid}`) ?? `tid ${e.tid}`} (pid ${e.pid})`, nodes: new Map(), samples: [], deltas: [] };
      profiles.set(key, p);
    }
    if (e.name === 'Profile') {
      p.thread = `${threadNames.get(`${e.pid}:${e.tid}`) ?? `tid ${e.tid}`} (pid ${e.pid})`;
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
  const mapper = new Mapper(buildDir);
  const threads: ThreadProfile[] = [];
  for (const p of profiles.values()) {
    const self = new Map<string, FunctionTime>();
    const keyOf = new Map<number, string>();
    const frameOf = (id: number): string => {
      let k = keyOf.get(id);
      if (k !== undefined) return k;
      const n = p.nodes.get(id);
      const cf = n?.callFrame ?? { functionName: '?', url: '', lineNumber: -1, columnNumber: -1 };
      const { where, name } = mapper.map(cf);
      k = `${name} @ ${where}`;
      if (!self.has(k)) self.set(k, { name, where, selfMs: 0, totalMs: 0 });
      keyOf.set(id, k);
      return k;
    };
    let sampled = 0;
    for (let i = 0; i < p.samples.length; i++) {
      // A sample stands for the interval until the next one.
      const dt = (p.deltas[i + 1] ?? p.deltas[i] ?? 0) / 1000;
      if (dt <= 0 || dt > 100) continue;
      const id = p.samples[i];
      const leaf = p.nodes.get(id);
      const leafName = leaf?.callFrame.functionName ?? '';
      if (leafName === '(idle)' || leafName === '(program)' || leafName === '(root)') continue;
      sampled += dt;
      self.get(frameOf(id))!.selfMs += dt;
      const seen = new Set<string>();
      for (let q: number | undefined = id; q !== undefined; q = p.nodes.get(q)?.parent) {
        const n = p.nodes.get(q);
        if (!n || n.callFrame.functionName === '(root)') break;
        const k = frameOf(q);
        if (seen.has(k)) continue;
        seen.add(k);
        self.get(k)!.totalMs += dt;
      }
    }
    if (sampled < 20) continue;
    const all = [...self.values()];
    threads.push({
      thread: p.thread,
      sampledMs: sampled,
      top: [...all].sort((a, b) => b.selfMs - a.selfMs).slice(0, topN),
      topInclusive: [...all].sort((a, b) => b.totalMs - a.totalMs).slice(0, topN),
    });
  }
  threads.sort((a, b) => b.sampledMs - a.sampledMs);
  const lines: string[] = [];
  const row = (f: FunctionTime, total: number) =>
    `      ${f.selfMs.toFixed(0).padStart(6)} ms self ${((100 * f.selfMs) / total).toFixed(1).padStart(5)}%  ${f.totalMs.toFixed(0).padStart(6)} ms incl  ${f.name}  ${f.where}`;
  for (const t of threads) {
    lines.push(`    ${t.thread}: ${t.sampledMs.toFixed(0)} ms of JS/GC/native samples (idle excluded)`);
    lines.push('      by self time:');
    for (const f of t.top) lines.push(row(f, t.sampledMs));
    lines.push('      by inclusive time:');
    for (const f of t.topInclusive.slice(0, 8)) lines.push(row(f, t.sampledMs));
  }
  return { threads, text: lines.join('\n') };
}
