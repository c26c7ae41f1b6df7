/**
 * The properties every fuzz case must keep. Each check returns the failures it found
 * (a few examples per property, enough to reproduce; the case replays the rest).
 */
import type { TraceModel } from '../../src/core/model/tables';
import { CallFlag } from '../../src/core/model/call-table';
import { MAX_ITEMS_PER_KIND } from '../../src/core/model/builder';
import { SLEEP_LEFT_OUT_NOTE } from '../../src/core/model/sleep-left-out';
import { readableLine } from '../../src/core/parse/line-reading';

export interface Failure {
  /** exception | time | hang | lines | self | nesting | chunking | seams | service | diagnostics | self-sum | first-flame-graph */
  property: string;
  message: string;
}

const EXAMPLES = 3;

/** Collects at most EXAMPLES messages per property, and counts the rest. */
class Findings {
  readonly failures: Failure[] = [];
  private readonly counts = new Map<string, number>();

  add(property: string, message: string): void {
    const n = (this.counts.get(property) ?? 0) + 1;
    this.counts.set(property, n);
    if (n <= EXAMPLES) this.failures.push({ property, message });
  }

  done(): Failure[] {
    for (const [property, n] of this.counts) {
      if (n > EXAMPLES) this.failures.push({ property, message: `… and ${n - EXAMPLES} more` });
    }
    return this.failures;
  }
}

/** Lines in the input as the loader should count them: `\n`s, plus a last line without one. */
export function expectedLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

/** Every line is accounted for: parsed + not understood + header = read = the input's lines. */
export function checkLines(model: TraceModel, bytes: Uint8Array, binary: boolean): Failure[] {
  const f = new Findings();
  const d = model.diagnostics;
  if (d.parsedLines + d.unparsedLines + d.headerLines !== d.linesRead) {
    f.add('lines', `parsed ${d.parsedLines} + unparsed ${d.unparsedLines} + header ${d.headerLines} != read ${d.linesRead}`);
  }
  // A binary file named from its first bytes is not read on (load.ts): no lines.
  const want = binary ? 0 : expectedLines(bytes);
  if (d.linesRead !== want) f.add('lines', `read ${d.linesRead} lines, the input has ${want}`);
  if (!binary && model.textBytes !== bytes.length) f.add('lines', `textBytes ${model.textBytes}, the input has ${bytes.length} bytes`);
  return f.done();
}

const callText = (m: TraceModel, c: number): string => {
  const k = m.calls;
  return `#${c} ${m.strings.get(k.func[c])} depth ${k.depth[c]} cpu ${k.cpu[c]} start ${k.start[c]} dur ${k.duration[c]} self ${k.self[c]} flags ${k.flags[c]}`;
};

/** Every call's self time is >= 0 and <= its total (a duration is never negative). */
export function checkSelf(model: TraceModel): Failure[] {
  const f = new Findings();
  const k = model.calls;
  for (let c = 0; c < k.length; c++) {
    const dur = k.duration[c];
    const self = k.self[c];
    if (Number.isNaN(dur)) {
      if (!Number.isNaN(self) && !(k.flags[c] & CallFlag.NoDuration)) f.add('self', `self without a duration: ${callText(model, c)}`);
      continue;
    }
    // Past 2^53 ns the sums of children round: allow that much.
    const eps = Math.abs(dur) * 1e-12;
    if (dur < 0) f.add('self', `negative duration: ${callText(model, c)}`);
    else if (!(self >= -eps && self <= dur + eps)) f.add('self', `self outside [0, total]: ${callText(model, c)}`);
  }
  return f.done();
}

/** Any flag but NoDuration is a repair the diagnostics report. */
const REPAIRED = CallFlag.Orphan | CallFlag.Unclosed | CallFlag.DepthGap | CallFlag.AfterLoss | CallFlag.StartUnknown | CallFlag.NameMismatch;
/** Printed times are rounded to the microsecond; parent and child each may be off by one. */
const TOLERANCE_NS = 2000;

/**
 * A child's interval lies inside its parent's where both come from one clock (same CPU,
 * both timed), unless a diagnostic says why: a repair flag on either call, a time going
 * back, lost events, or durations that leave out sleep (nosleep-time: sleep-left-out.ts).
 */
export function checkNesting(model: TraceModel): Failure[] {
  const f = new Findings();
  const d = model.diagnostics;
  if (d.timeBackwards > 0 || d.dropMarkers > 0) return [];
  if (d.inputErrors.some((e) => e.startsWith(SLEEP_LEFT_OUT_NOTE))) return [];
  const k = model.calls;
  for (let c = 0; c < k.length; c++) {
    const p = k.parent[c];
    if (p < 0) continue;
    if (p >= k.length) {
      f.add('nesting', `parent ${p} out of the table: ${callText(model, c)}`);
      continue;
    }
    if ((k.flags[c] | k.flags[p]) & REPAIRED || k.cpu[c] !== k.cpu[p]) continue;
    const cs = k.start[c];
    const cd = k.duration[c];
    const ps = k.start[p];
    const pd = k.duration[p];
    if (Number.isNaN(cs) || Number.isNaN(cd) || Number.isNaN(ps) || Number.isNaN(pd)) continue;
    if (cs < ps - TOLERANCE_NS || cs + cd > ps + pd + TOLERANCE_NS) {
      f.add('nesting', `child outside its parent with no diagnostic: ${callText(model, c)} in ${callText(model, p)}`);
    }
  }
  return f.done();
}

/** A tag (`<b`, `</`, `<!`) or an entity (`&lt;`, `&#60;`): the marks of text made into HTML. */
const MARKUP = /<[a-zA-Z/!?]|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/;
const KINDS = new Set(['unparsed', 'drop', 'orphan', 'unclosed', 'depth-gap', 'name-mismatch', 'time-backwards', 'input']);

/**
 * Diagnostics keep input in data fields: typed fields in range, and no markup the engine
 * made. A word of a message or text that holds a tag or an entity must come from the input as
 * it is (a name printed verbatim); one that does not was built or escaped by the engine,
 * i.e. someone turned input into HTML.
 */
export function checkDiagnostics(model: TraceModel, input: string): Failure[] {
  const f = new Findings();
  const d = model.diagnostics;
  const perKind = new Map<string, number>();
  // The input's lines as the parsers read and quote them (colour codes out, tabs as spaces:
  // readableLine), made only when a word is not in the input as it is.
  let asRead: string | undefined;
  const fromInput = (quoted: string) => input.includes(quoted) || (asRead ??= input.split('\n').map(readableLine).join('\n')).includes(quoted);
  const markupWords = (s: string, where: string) => {
    for (const word of s.split(/\s+/)) {
      // A name quoted in a message may stand in the message's own words: "…" of a cut, "'s", brackets, punctuation.
      const quoted = word.replace(/…$/, '').replace(/(?:['’]s)?[.,:;)”"]*$/, '').replace(/^[(“"]+/, '');
      if (MARKUP.test(word) && !fromInput(quoted)) f.add('diagnostics', `${where}: "${word.slice(0, 80)}" is markup not from the input`);
    }
  };
  for (const it of d.items) {
    perKind.set(it.kind, (perKind.get(it.kind) ?? 0) + 1);
    if (!KINDS.has(it.kind)) f.add('diagnostics', `unknown kind ${String(it.kind)}`);
    // -1: at the end of the input (calls never closed), 0: before the first line.
    if (!Number.isInteger(it.line) || it.line < -1 || it.line > d.linesRead) f.add('diagnostics', `line ${it.line} outside -1..${d.linesRead}`);
    if (!Number.isInteger(it.call) || it.call < -1 || it.call >= model.calls.length) f.add('diagnostics', `call ${it.call} outside the table`);
    if (typeof it.message !== 'string' || it.message === '') f.add('diagnostics', `empty message (${it.kind}, line ${it.line})`);
    if (it.text !== undefined && (typeof it.text !== 'string' || it.text.length > 301)) f.add('diagnostics', `text of ${it.text.length} chars (${it.kind}, line ${it.line})`);
    markupWords(it.message, `${it.kind} message, line ${it.line}`);
    if (it.text) markupWords(it.text, `${it.kind} text, line ${it.line}`);
  }
  for (const e of d.inputErrors) markupWords(e, 'input error');
  for (const [kind, n] of perKind) if (kind !== 'input' && n > MAX_ITEMS_PER_KIND) f.add('diagnostics', `${n} items of kind ${kind} (cap ${MAX_ITEMS_PER_KIND})`);
  return f.done();
}

/**
 * A damaged trace.dat says where: every input error of the binary reader names the part of
 * the file and a byte offset inside it (`trace.dat CPU 1 data at byte 8192: …`), or is one of
 * the reader's whole-file notes (an option not applied, latency text not shown), the text
 * parser's when the file held latency text, or the model's note on durations that leave out a
 * sleep (it names the calls).
 */
export function checkDatErrors(model: TraceModel, size: number): Failure[] {
  const f = new Findings();
  for (const e of model.diagnostics.inputErrors) {
    const m = /^trace\.dat .+? at byte (\d+): \S/.exec(e);
    if (m) {
      // An offset past the end is one the file itself named (then the message says the file ends first).
      if (Number(m[1]) > size && !/file ends at byte|past the end of the file/.test(e)) {
        f.add('dat-errors', `offset ${m[1]} past the end of the ${size}-byte file: ${e.slice(0, 200)}`);
      }
    } else if (!/^the \w+ option|^instance ".*" holds latency-format text/.test(e) && !e.startsWith(SLEEP_LEFT_OUT_NOTE)) {
      // The model's note on call times moved on by a sleep names its calls, not bytes: a flipped
      // byte in a record's call time reads the same as nosleep-time's (sleep-left-out.ts).
      f.add('dat-errors', `an error that names no place in the file: ${e.slice(0, 200)}`);
    }
  }
  return f.done();
}

/**
 * Issue 10 §1 (opt-in until the builder nests by the interval rule): per task, the self
 * times add up to the outermost timed calls' durations. A call's self is its duration less
 * its timed children's, so a timed call under one with no duration (an exit line without
 * one, closing calls read before it) is outermost here: its time is in no parent's.
 */
export function checkSelfSum(model: TraceModel): Failure[] {
  const f = new Findings();
  const k = model.calls;
  const self = new Map<number, number>();
  const outer = new Map<number, number>();
  for (let c = 0; c < k.length; c++) {
    const t = k.task[c];
    if (!Number.isNaN(k.self[c])) self.set(t, (self.get(t) ?? 0) + k.self[c]);
    const p = k.parent[c];
    if (!Number.isNaN(k.duration[c]) && (p < 0 || Number.isNaN(k.duration[p]))) outer.set(t, (outer.get(t) ?? 0) + k.duration[c]);
  }
  for (const [t, s] of self) {
    const o = outer.get(t) ?? 0;
    if (Math.abs(s - o) > Math.abs(o) * 1e-12) f.add('self-sum', `task ${t}: self times add up to ${s} ns, outermost calls to ${o} ns`);
  }
  return f.done();
}

/** The first difference between two models of one input, or null when they are the same. */
export function modelDifference(a: TraceModel, b: TraceModel): string | null {
  for (const key of ['format', 'textBytes', 'cpuCount', 'kernelRelease', 'hasTimestamps'] as const) {
    if (!Object.is(a[key], b[key])) return `${key}: ${String(a[key])} vs ${String(b[key])}`;
  }
  const ca = a.calls;
  const cb = b.calls;
  if (ca.length !== cb.length) return `calls: ${ca.length} vs ${cb.length}`;
  for (const col of ['func', 'parent', 'task', 'depth', 'cpu', 'flags', 'start', 'duration', 'self'] as const) {
    const x = ca[col];
    const y = cb[col];
    for (let i = 0; i < ca.length; i++) if (!Object.is(x[i], y[i])) return `calls.${col}[${i}]: ${x[i]} vs ${y[i]}`;
  }
  const diff = deepDifference(
    { strings: a.strings.strings, tasks: a.tasks, events: a.events, diagnostics: a.diagnostics },
    { strings: b.strings.strings, tasks: b.tasks, events: b.events, diagnostics: b.diagnostics },
    '',
  );
  if (diff) return diff;
  if (a.notes.length !== b.notes.length) return `notes: ${a.notes.length} vs ${b.notes.length}`;
  if (a.notes.length > 0) {
    for (let c = 0; c < ca.length; c++) {
      const d = deepDifference(a.notes.get(c), b.notes.get(c), `notes of call ${c}`);
      if (d) return d;
    }
  }
  return null;
}

/** The path of the first difference between two plain values (NaN equals NaN), or null. */
export function deepDifference(a: unknown, b: unknown, path: string): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path || '.'}: ${short(a)} vs ${short(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const d = deepDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (d) return d;
  }
  return null;
}

const short = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 120 ? s.slice(0, 120) + '…' : s;
};
