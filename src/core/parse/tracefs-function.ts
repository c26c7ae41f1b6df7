/**
 * The kernel's context-prefixed text (K-func, docs/formats.md §3): the `function` tracer
 * and every other record the kernel prints with the normal context prefix
 *
 *   COMM-PID [(TGID)] [CPU] [FLAGS] TIME: payload            (default)
 *   COMM8-PID CPUFLAGS REL[us MARK]: payload                  (latency-format)
 *
 * The same prefix shows up inside function_graph text for stack traces and function
 * records, so the graph parser (tracefs-graph.ts) borrows `parseContextLine`,
 * `parseStackFrame`, `parseLostLine`, `readHeaderLine` and `skipConsolePrefix` from here.
 *
 * The prefix is anchored on `[CPU]` (or, for latency lines, on `-PID CPUFLAGS`) and read
 * backwards and forwards from there: comm names contain spaces, dashes and brackets,
 * so nothing is sliced at fixed columns.
 */
import { isDigit, isHexAddress, scanOffsetSize, scanTimestampNs, scanUint, skipSpaces } from './fields';
import {
  RecordFlag,
  RecordKind,
  createRecord,
  resetRecord,
  type FormatDetector,
  type LineParser,
  type LineRecord,
} from './record';

const CH_SPACE = 32;
const CH_CR = 13;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_PLUS = 43;
const CH_DASH = 45;
const CH_DOT = 46;
const CH_COLON = 58;
const CH_LT = 60;
const CH_EQ = 61;
const CH_GT = 62;
const CH_LBRACKET = 91;
const CH_RBRACKET = 93;
const CH_UNDERSCORE = 95;
const CH_C = 67;

const num = { value: 0 };

/**
 * What a line carries beyond `LineRecord` (flags, mark, tgid, repeat time). Kept as
 * offsets into the last line so the hot path allocates nothing; getters slice on demand.
 */
export class LineExtras {
  line = '';
  flagsStart = -1;
  flagsEnd = -1;
  /** Char code of the duration / latency mark, 0 when the line has none. */
  mark = 0;
  /** `(   4400)` → 4400; -1 when there is no tgid group or it reads `(-------)`. */
  tgid = -1;
  /** `last_ts` of a `(repeats: N, last_ts: T)` tail, NaN otherwise. */
  repeatTsNs = Number.NaN;
  /** Last comm string handed out: consecutive lines of one task reuse it instead of slicing. */
  comm = '';
  /** Last flags string handed out, reused the same way (most lines print `.....`). */
  private lastFlags = '';

  reset(line: string): void {
    this.line = line;
    this.flagsStart = -1;
    this.mark = 0;
    this.tgid = -1;
    this.repeatTsNs = Number.NaN;
  }

  get flags(): string {
    return this.flagsStart < 0 ? '' : this.line.slice(this.flagsStart, this.flagsEnd);
  }

  /** `s[start, end)` as a string, reusing the previous comm when the text is the same. */
  commOf(s: string, start: number, end: number): string {
    const c = this.comm;
    if (c.length === end - start && s.startsWith(c, start)) return c;
    return (this.comm = s.slice(start, end));
  }

  /** `s[start, end)` as a string, reusing the previous flags when the text is the same. */
  flagsOf(s: string, start: number, end: number): string {
    const f = this.lastFlags;
    if (f.length === end - start && s.startsWith(f, start)) return f;
    return (this.lastFlags = s.slice(start, end));
  }
}

/** Document facts read from `#` header lines. */
export interface TracefsMeta {
  /** `# tracer: NAME`, '' until seen. */
  tracer: string;
  /** Release named by the latency banner (`… latency trace v1.1.5 on 6.1.0-56-amd64`), '' until seen. */
  kernelRelease: string;
}

export function isMarkChar(c: number): boolean {
  return c === CH_DOLLAR || c === 64 || c === 42 || c === CH_HASH || c === 33 || c === CH_PLUS;
}

const SYM_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  SYM_CHARS[c] =
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === CH_UNDERSCORE || c === CH_DOT || c === CH_DOLLAR
      ? 1
      : 0;
}

/** Symbol characters as `%ps` prints them (identifiers, `.isra.0` clones, `0x…` addresses). */
export function isSymChar(c: number): boolean {
  // A table beats the comparison chain: this runs for every character of every name.
  return c < 128 && SYM_CHARS[c] === 1;
}

/**
 * Index after a printk console prefix (`[ 4711.093821] `, optionally behind a `<4>` log
 * level) at the start of `s`, or 0 when there is none. One following space is part of
 * the prefix; the rest belongs to the line.
 */
export function skipConsolePrefix(s: string): number {
  const n = s.length;
  let i = 0;
  if (s.charCodeAt(0) === CH_LT) {
    i = 1;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === 1 || s.charCodeAt(i) !== CH_GT) return 0;
    i++;
  }
  if (s.charCodeAt(i) !== CH_LBRACKET) return 0;
  i = skipSpaces(s, i + 1);
  const d = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === d || s.charCodeAt(i) !== CH_DOT) return 0;
  const f = ++i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === f || s.charCodeAt(i) !== CH_RBRACKET) return 0;
  i++;
  return s.charCodeAt(i) === CH_SPACE ? i + 1 : i;
}

const TRACER_RE = /#\s*tracer:\s*(\S+)/y;
const LAT_BANNER_RE = /#\s*(\S+)\s+latency trace v\S+\s+on\s+(\S+)/y;

/** Reads the facts a `#` line at `p` may carry into `meta`. Called for header lines only. */
export function readHeaderLine(s: string, p: number, meta: TracefsMeta): void {
  TRACER_RE.lastIndex = p;
  let m = TRACER_RE.exec(s);
  if (m) {
    meta.tracer = m[1];
    return;
  }
  LAT_BANNER_RE.lastIndex = p;
  m = LAT_BANNER_RE.exec(s);
  if (m) {
    if (!meta.tracer) meta.tracer = m[1];
    meta.kernelRelease = m[2];
  }
}

const LOST_RE = /CPU:(\d+) \[(?:LOST (\d+) EVENTS|LOST EVENTS|(\d+) EVENTS DROPPED|EVENTS DROPPED)\]/y;

/** `CPU:3 [LOST 2417 EVENTS]`, `CPU:3 [LOST EVENTS]` (and trace-cmd's DROPPED forms) at `p`. */
export function parseLostLine(s: string, p: number, out: LineRecord): boolean {
  LOST_RE.lastIndex = p;
  const m = LOST_RE.exec(s);
  if (!m) return false;
  out.kind = RecordKind.Lost;
  out.cpu = Number(m[1]);
  const count = m[2] ?? m[3];
  out.count = count === undefined ? -1 : Number(count);
  return true;
}

/** ` => tcp_sendmsg`, ` => [FTRACE TRAMPOLINE]` at `p` (which points at `=`). */
export function parseStackFrame(s: string, p: number, out: LineRecord): boolean {
  if (s.charCodeAt(p) !== CH_EQ || s.charCodeAt(p + 1) !== CH_GT) return false;
  const c = s.charCodeAt(p + 2);
  if (p + 2 < s.length && c !== CH_SPACE) return false;
  out.kind = RecordKind.StackFrame;
  out.name = s.slice(p + 2).trim();
  return true;
}

/**
 * Irq/preempt flags (§5.3) at `i`: `[.dDbX][.NnpLlBb][.ZzHhs]` then 1–3 of `[.0-9a-f]`.
 * Returns the index after them or -1. The caller checks what follows.
 */
export function scanIrqFlags(s: string, i: number): number {
  const n = s.length;
  if (i + 4 > n) return -1;
  let c = s.charCodeAt(i);
  if (!(c === CH_DOT || c === 100 /* d */ || c === 68 /* D */ || c === 98 /* b */ || c === 88 /* X */)) return -1;
  c = s.charCodeAt(i + 1);
  if (
    !(c === CH_DOT || c === 78 /* N */ || c === 110 /* n */ || c === 112 /* p */ || c === 76 /* L */ ||
      c === 108 /* l */ || c === 66 /* B */ || c === 98 /* b */)
  ) return -1;
  c = s.charCodeAt(i + 2);
  if (!(c === CH_DOT || c === 90 /* Z */ || c === 122 /* z */ || c === 72 /* H */ || c === 104 /* h */ || c === 115 /* s */)) return -1;
  let j = i + 3;
  while (j < n && j < i + 6) {
    c = s.charCodeAt(j);
    if (c === CH_DOT || isDigit(c) || (c >= 97 && c <= 102)) j++;
    else break;
  }
  return j === i + 3 ? -1 : j;
}

/**
 * A context-prefixed line whose comm starts at `p` (first non-blank). Fills comm, pid,
 * cpu, tsNs and the payload fields and returns true; returns false (and leaves `out`
 * untouched) when the line has no context prefix.
 */
export function parseContextLine(s: string, p: number, out: LineRecord, ex: LineExtras): boolean {
  // The `[CPU]` sits after a comm of at most 16 and a pid of at most ~10 (+ tgid); a
  // bracket further right belongs to the payload.
  let b = s.indexOf('[', p);
  while (b >= 0 && b - p < 80) {
    if (b > p && tryBracketPrefix(s, p, b, out, ex)) return true;
    b = s.indexOf('[', b + 1);
  }
  return tryLatencyPrefix(s, p, out, ex);
}

function tryBracketPrefix(s: string, p: number, b: number, out: LineRecord, ex: LineExtras): boolean {
  const n = s.length;
  if (s.charCodeAt(b - 1) !== CH_SPACE) return false;
  let k = b + 1;
  let cpu = 0;
  let c = s.charCodeAt(k);
  if (!isDigit(c)) return false;
  do {
    cpu = cpu * 10 + (c - 48);
    c = s.charCodeAt(++k);
  } while (isDigit(c));
  if (c !== CH_RBRACKET) return false;
  k++;

  // Backwards: [spaces] [(TGID) spaces] PID '-' COMM
  let j = b - 1;
  while (j > p && s.charCodeAt(j - 1) === CH_SPACE) j--;
  let tgid = -1;
  if (s.charCodeAt(j - 1) === CH_RPAREN) {
    const open = s.lastIndexOf('(', j - 2);
    if (open <= p) return false;
    let t = skipSpaces(s, open + 1);
    if (s.charCodeAt(t) === CH_DASH) {
      while (s.charCodeAt(t) === CH_DASH) t++;
    } else {
      const e = scanUint(s, t, num);
      if (e < 0) return false;
      tgid = num.value;
      t = e;
    }
    if (t !== j - 1) return false;
    j = open;
    while (j > p && s.charCodeAt(j - 1) === CH_SPACE) j--;
  }
  const pidEnd = j;
  let pid = 0;
  let mul = 1;
  while (j > p && isDigit((c = s.charCodeAt(j - 1)))) {
    pid += (c - 48) * mul;
    mul *= 10;
    j--;
  }
  if (j === pidEnd || s.charCodeAt(j - 1) !== CH_DASH) return false;
  const commEnd = j - 1;

  // Forwards: ' ' [FLAGS ' '] spaces TIME ':'
  if (s.charCodeAt(k) !== CH_SPACE) return false;
  let q = skipSpaces(s, k);
  let fs = -1;
  let fe = -1;
  if (!isDigit(s.charCodeAt(q))) {
    fs = q;
    while (q < n && (c = s.charCodeAt(q)) !== CH_SPACE && c !== CH_COLON) q++;
    fe = q;
    if (q >= n || s.charCodeAt(q) !== CH_SPACE || fe - fs > 8) return false;
    q = skipSpaces(s, q);
  }
  const t = scanTimestampNs(s, q, num);
  if (t < 0 || s.charCodeAt(t) !== CH_COLON) return false;

  ex.flagsStart = fs;
  ex.flagsEnd = fe;
  ex.tgid = tgid;
  if (fs >= 0) out.flagsText = ex.flagsOf(s, fs, fe);
  out.tgid = tgid;
  out.comm = ex.commOf(s, p, commEnd);
  out.pid = pid;
  out.cpu = cpu;
  out.tsNs = num.value;
  // Seconds always carry a `.`; counter-type clocks print a bare integer.
  const dot = s.indexOf('.', q);
  if (dot < 0 || dot >= t) out.flags |= RecordFlag.RawTime;
  parsePayload(s, s.charCodeAt(t + 1) === CH_SPACE ? t + 2 : t + 1, out, ex);
  return true;
}

/**
 * `   nginx-4411      3..... 8055us : payload` / `kworker/-120  3d..1.   12us+: payload`
 * (and ` 1234: ` for non-ns clocks). Anchored on each `-PID` candidate in turn, because
 * the comm itself may contain `-`. Only reached when there is no `[CPU]`, so it is rare.
 */
function tryLatencyPrefix(s: string, p: number, out: LineRecord, ex: LineExtras): boolean {
  const n = s.length;
  for (let d = s.indexOf('-', p); d >= 0 && d - p < 40; d = s.indexOf('-', d + 1)) {
    let k = scanUint(s, d + 1, num);
    if (k < 0) continue;
    const pid = num.value;
    if (s.charCodeAt(k) !== CH_SPACE) continue;
    k = skipSpaces(s, k);
    k = scanUint(s, k, num);
    if (k < 0) continue;
    const cpu = num.value;
    const fs = k;
    const fe = scanIrqFlags(s, k);
    if (fe < 0 || s.charCodeAt(fe) !== CH_SPACE) continue;
    k = skipSpaces(s, fe);
    k = scanUint(s, k, num);
    if (k < 0) continue;
    let tsNs = num.value;
    let mark = 0;
    // µs for ns clocks; other clocks print their own raw units with no suffix.
    let timeFlags = RecordFlag.RelativeTime | RecordFlag.RawTime;
    if (s.charCodeAt(k) === 117 /* u */ && s.charCodeAt(k + 1) === 115 /* s */) {
      timeFlags = RecordFlag.RelativeTime;
      // µs since the buffer started: a relative axis, but the same one for every line.
      tsNs *= 1000;
      const m = s.charCodeAt(k + 2);
      if (isMarkChar(m)) mark = m;
      else if (m !== CH_SPACE) continue;
      k += 3;
    }
    if (s.charCodeAt(k) !== CH_COLON) continue;
    if (k + 1 < n && s.charCodeAt(k + 1) !== CH_SPACE) continue;
    ex.flagsStart = fs;
    ex.flagsEnd = fe;
    ex.mark = mark;
    out.flagsText = ex.flagsOf(s, fs, fe);
    if (mark !== 0) out.mark = String.fromCharCode(mark);
    out.flags |= timeFlags;
    out.comm = ex.commOf(s, p, d);
    out.pid = pid;
    out.cpu = cpu;
    out.tsNs = tsNs;
    parsePayload(s, k + 2, out, ex);
    return true;
  }
  return false;
}

/** Payload after `TIME: ` (§3.3–3.5): function call, `<stack trace>`, `event: fields`, or other text. */
function parsePayload(s: string, q: number, out: LineRecord, ex: LineExtras): void {
  let end = s.length;
  while (end > q && s.charCodeAt(end - 1) === CH_SPACE) end--;
  out.kind = RecordKind.Event;
  if (q >= end) return;
  if (s.charCodeAt(q) === CH_LT) {
    if (s.startsWith('<stack trace>', q)) {
      out.name = 'kernel_stack';
      out.text = '<stack trace>';
      return;
    }
    if (s.startsWith('<user stack trace>', q)) {
      out.name = 'user_stack';
      out.text = '<user stack trace>';
      return;
    }
  }
  let k = q;
  while (k < end && isSymChar(s.charCodeAt(k))) k++;
  if (k > q) {
    const c = s.charCodeAt(k);
    if (c === CH_COLON && (k + 1 === end || s.charCodeAt(k + 1) === CH_SPACE)) {
      out.name = s.slice(q, k);
      out.text = k + 2 <= end ? s.slice(k + 2, end) : '';
      return;
    }
    if ((k === end || c === CH_SPACE || c === CH_LPAREN || c === CH_PLUS) && parseFunctionPayload(s, q, k, end, out, ex)) {
      return;
    }
  }
  out.text = s.slice(q, end);
}

/** `sym[+off/size][(args)][ [mod]][ <addr>] [<-parent…] [(repeats: N, last_ts: T)]`. */
function parseFunctionPayload(
  s: string,
  q: number,
  nameEnd: number,
  end: number,
  out: LineRecord,
  ex: LineExtras,
): boolean {
  let k = skipSymDecorations(s, nameEnd, end);
  if (k < 0) return false;
  // Copied before the parent's decorations overwrite `deco`; applied only on success.
  const argsStart = deco.argsStart;
  const argsEnd = deco.argsEnd;
  const modStart = deco.modStart;
  const modEnd = deco.modEnd;
  let ps = -1;
  let pe = -1;
  let plus = -1;
  if (s.charCodeAt(k) === CH_SPACE && s.charCodeAt(k + 1) === CH_LT && s.charCodeAt(k + 2) === CH_DASH) {
    ps = k + 3;
    pe = ps;
    while (pe < end && isSymChar(s.charCodeAt(pe))) pe++;
    if (pe === ps) return false;
    k = skipSymDecorations(s, pe, end);
    if (k < 0) return false;
    plus = deco.plus;
  }
  let count = -1;
  let lastTs = Number.NaN;
  if (k < end && s.startsWith(' (repeats: ', k)) {
    let r = scanUint(s, k + 11, num);
    if (r < 0) return false;
    count = num.value;
    if (!s.startsWith(', last_ts:', r)) return false;
    r = scanTimestampNs(s, skipSpaces(s, r + 10), num);
    if (r < 0 || s.charCodeAt(r) !== CH_RPAREN) return false;
    lastTs = num.value;
    k = r + 1;
  }
  if (k !== end) return false;
  ex.repeatTsNs = lastTs;
  out.kind = RecordKind.FunctionCall;
  const name = s.slice(q, nameEnd);
  out.name = name;
  if (name.charCodeAt(0) === 48 /* 0 */ && isHexAddress(name)) out.flags |= RecordFlag.Unresolved;
  if (argsEnd > argsStart) out.args = s.slice(argsStart, argsEnd);
  if (modEnd > modStart) out.module = s.slice(modStart, modEnd);
  if (ps >= 0) {
    out.parentName = s.slice(ps, pe);
    if (plus >= 0 && scanOffsetSize(s, plus, end, site) >= 0) {
      out.callerOffset = site.offset;
      out.callerSize = site.size;
    }
  }
  out.count = count;
  out.lastTsNs = lastTs;
  return true;
}

/**
 * Where skipSymDecorations found each decoration of the last symbol, -1 when absent:
 * the `+` of `+0xOFF/0xSIZE`, the argument text inside `(…)`, the module inside ` […]`.
 */
const deco = { plus: -1, argsStart: -1, argsEnd: -1, modStart: -1, modEnd: -1 };
/** A parent's `+0xOFF/0xSIZE`. */
const site = { offset: 0, size: 0 };

/** Skips `+0xOFF/0xSIZE`, a balanced `(args)` group, ` [module]` and ` <address>`; -1 if unbalanced. */
function skipSymDecorations(s: string, k: number, end: number): number {
  deco.plus = deco.argsStart = deco.argsEnd = deco.modStart = deco.modEnd = -1;
  for (;;) {
    const c = s.charCodeAt(k);
    if (k >= end) return k;
    if (c === CH_PLUS) {
      deco.plus = k;
      k++;
      while (k < end && s.charCodeAt(k) !== CH_SPACE && s.charCodeAt(k) !== CH_LPAREN) k++;
    } else if (c === CH_LPAREN) {
      // Arguments can nest: `(struct qstr)[0x1a:0x2b]`, `notify=2 [TWA_SIGNAL]`.
      let level = 0;
      let j = k;
      for (; j < end; j++) {
        const d = s.charCodeAt(j);
        if (d === CH_LPAREN) level++;
        else if (d === CH_RPAREN && --level === 0) break;
      }
      if (j >= end) return -1;
      deco.argsStart = k + 1;
      deco.argsEnd = j;
      k = j + 1;
    } else if (c === CH_SPACE && s.charCodeAt(k + 1) === CH_LBRACKET) {
      const close = s.indexOf(']', k + 2);
      if (close < 0 || close >= end) return -1;
      deco.modStart = k + 2;
      deco.modEnd = close;
      k = close + 1;
    } else if (c === CH_SPACE && s.charCodeAt(k + 1) === CH_LT && s.charCodeAt(k + 2) !== CH_DASH) {
      const close = s.indexOf('>', k + 2);
      if (close < 0 || close >= end) return -1;
      k = close + 1;
    } else {
      return k;
    }
  }
}

/** Strips a trailing `\r` (CRLF input). Allocates only for CRLF lines. */
export function stripCr(line: string): string {
  const n = line.length;
  return n > 0 && line.charCodeAt(n - 1) === CH_CR ? line.slice(0, n - 1) : line;
}

export class TracefsFunctionParser implements LineParser {
  private readonly meta: TracefsMeta = { tracer: '', kernelRelease: '' };
  private readonly ex = new LineExtras();

  /** `# tracer: NAME` of the document, '' until seen. */
  get tracer(): string {
    return this.meta.tracer;
  }
  /** Kernel release from the latency-format banner, '' until seen. */
  get kernelRelease(): string {
    return this.meta.kernelRelease;
  }
  /** Irq/preempt flags of the last line (`.....`, `d..1`), '' when it had none. */
  get lastFlags(): string {
    return this.ex.flags;
  }
  /** Latency-format mark of the last line (`+`, `!`, …), '' when none. */
  get lastMark(): string {
    return this.ex.mark === 0 ? '' : String.fromCharCode(this.ex.mark);
  }
  /** `(   4400)` of the last line, -1 when absent or `(-------)`. */
  get lastTgid(): number {
    return this.ex.tgid;
  }
  /** `last_ts` of the last line's `(repeats: …)` tail in ns, NaN when it had none. */
  get lastRepeatTsNs(): number {
    return this.ex.repeatTsNs;
  }

  parseLine(line: string, _lineNo: number, out: LineRecord): void {
    resetRecord(out);
    const s = stripCr(line);
    this.ex.reset(s);
    const n = s.length;
    let i = 0;
    if (n > 0) {
      const c0 = s.charCodeAt(0);
      if (c0 === CH_LBRACKET || c0 === CH_LT) i = skipConsolePrefix(s);
    }
    const p = skipSpaces(s, i);
    if (p >= n) {
      out.kind = RecordKind.Blank;
      return;
    }
    const c = s.charCodeAt(p);
    if (c === CH_HASH) {
      out.kind = RecordKind.Meta;
      out.text = s.slice(p);
      readHeaderLine(s, p, this.meta);
      return;
    }
    if (c === CH_EQ && parseStackFrame(s, p, out)) return;
    if (c === CH_C && parseLostLine(s, p, out)) return;
    if (parseContextLine(s, p, out, this.ex)) return;
    out.kind = RecordKind.Unknown;
    out.text = line;
    out.problem = "expected a function-tracer line: 'COMM-PID [CPU] FLAGS TIME: function <-parent'";
  }
}

/**
 * Signs that the text was printed by `trace-cmd report`, not by the kernel: the
 * `cpus=N` preamble and event names the kernel's own text never uses.
 */
export function looksLikeTraceCmd(lines: readonly string[]): boolean {
  let seenRecord = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0 || line.charCodeAt(0) === CH_HASH) continue;
    if (!seenRecord && /^(?:\S.*?: )?(?:cpus=\d+|version = \d+|CPU \d+ is empty)$/.test(line)) return true;
    seenRecord = true;
    if (
      line.includes(': funcgraph_entry:') ||
      line.includes(': funcgraph_exit:') ||
      line.includes(': fgraph_retaddr_entry:') ||
      line.includes(': function: ') ||
      line.includes(': kernel_stack: ') ||
      line.includes(': func_repeats: ')
    ) {
      return true;
    }
  }
  return false;
}

/** The tracer named by a `# tracer:` line among `lines`, '' when there is none. */
export function headerTracer(lines: readonly string[]): string {
  const meta: TracefsMeta = { tracer: '', kernelRelease: '' };
  for (const line of lines) {
    const p = skipSpaces(line, 0);
    if (line.charCodeAt(p) === CH_HASH) {
      readHeaderLine(line, p, meta);
      if (meta.tracer) return meta.tracer;
    }
  }
  return '';
}

export const tracefsFunctionDetector: FormatDetector = {
  id: 'tracefs-function',
  score(firstLines: readonly string[]): number {
    if (looksLikeTraceCmd(firstLines)) return 0;
    const tracer = headerTracer(firstLines);
    if (tracer === 'function') return 1;
    if (tracer === 'function_graph') return 0;
    // No header (trace_pipe, a paste) or another tracer with events: judge the body.
    const parser = new TracefsFunctionParser();
    const rec = createRecord();
    let body = 0;
    let ctx = 0;
    let calls = 0;
    for (let i = 0; i < firstLines.length; i++) {
      parser.parseLine(firstLines[i], i + 1, rec);
      switch (rec.kind) {
        case RecordKind.FunctionCall:
          calls++;
          ctx++;
          body++;
          break;
        case RecordKind.Event:
        case RecordKind.StackFrame:
        case RecordKind.Lost:
          ctx++;
          body++;
          break;
        case RecordKind.Unknown:
          body++;
          break;
      }
    }
    if (ctx === 0) return 0;
    const share = ctx / body;
    // Function calls are what this format is named after; event-only text fits it too.
    return (calls > 0 ? 0.5 : 0.35) + 0.45 * share;
  },
  create(): LineParser {
    return new TracefsFunctionParser();
  },
};
