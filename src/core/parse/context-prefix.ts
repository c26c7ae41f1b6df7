/**
 * The kernel's context prefix (docs/formats.md §3.2), shared by every parser of kernel text:
 *
 *   COMM-PID [(TGID)] [CPU] [FLAGS] TIME: payload            (default)
 *   COMM8-PID CPUFLAGS REL[us MARK]: payload                  (latency-format)
 *
 * plus the lines that travel with it: printk console prefixes, `CPU:N [LOST …]` markers,
 * ` => frame` stack lines, CRLF ends. The function tracer (tracefs-function.ts) is made of
 * these lines; function_graph text (tracefs-graph.ts) mixes them in for stack traces and
 * function records. The payload after `TIME: ` is told apart here (event, stack trace or
 * function call, whose grammar is function-payload.ts).
 *
 * The prefix is anchored on `[CPU]` (or, for latency lines, on `-PID CPUFLAGS`) and read
 * backwards and forwards from there: comm names contain spaces, dashes and brackets,
 * so nothing is sliced at fixed columns.
 */
import { isDigit, scanOffsetSize, scanTimestampNs, scanUint, skipSpaces } from './fields';
import { tracerRecordName } from './tracer-records';
import { isSymChar, parseFunctionPayload } from './function-payload';
import { RecordFlag, RecordKind, type LineRecord } from './record';

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

export function isMarkChar(c: number): boolean {
  return c === CH_DOLLAR || c === 64 || c === 42 || c === CH_HASH || c === 33 || c === CH_PLUS;
}

/**
 * The head a log puts before a kernel message: syslog's and `journalctl -k`'s
 * `Dec  5 11:00:00 host kernel: ` (day padded by a blank or a 0), their RFC 3339 form
 * `2026-12-05T11:00:00.123456+00:00 host kernel: ` (journalctl -o short-iso/short-precise
 * style, rsyslog), journalctl -o short-monotonic's `[   12.345678] host kernel: `, and
 * `dmesg -T`'s `[Sat Dec  5 11:00:00 2026] ` (util-linux, ctime's layout).
 */
const LOG_HEAD_RE =
  /^(?:(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|\[ *\d+\.\d+\]) \S+ kernel: |\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] )/;

/** Whether a line starting with `c0` may have a console or log prefix (skipConsolePrefix). */
export function mayHaveConsolePrefix(c0: number): boolean {
  return c0 === CH_LBRACKET || c0 === CH_LT || (c0 >= 65 && c0 <= 90) || isDigit(c0);
}

/**
 * Index after a printk console prefix (`[ 4711.093821] `, optionally behind a `<4>` log
 * level and followed by a caller id, `[ 4711.093821][  T123] `) at the start of `s`, or 0
 * when there is none; a system log's head before it (LOG_HEAD_RE: a kernel dump read back
 * from the journal, kern.log or dmesg -T) goes with it. One following space is part of
 * the prefix; the rest belongs to the line.
 */
export function skipConsolePrefix(s: string): number {
  const c0 = s.charCodeAt(0);
  if (c0 !== CH_LT) {
    const m = LOG_HEAD_RE.exec(s);
    if (m) {
      // kern.log keeps printk's own time after the head; the journal drops it.
      const base = m[0].length;
      const k = skipPrintkPrefix(s, base);
      return k > base ? k : base;
    }
  }
  return skipPrintkPrefix(s, 0);
}

/** Index after printk's `[<4>][ 4711.093821][  T123] ` prefix at `from`, or `from` when there is none. */
function skipPrintkPrefix(s: string, from: number): number {
  const n = s.length;
  let i = from;
  if (s.charCodeAt(i) === CH_LT) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === from + 1 || s.charCodeAt(i) !== CH_GT) return from;
    i++;
  }
  if (s.charCodeAt(i) !== CH_LBRACKET) return from;
  i = skipSpaces(s, i + 1);
  const d = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === d || s.charCodeAt(i) !== CH_DOT) return from;
  const f = ++i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === f || s.charCodeAt(i) !== CH_RBRACKET) return from;
  i++;
  i = skipPrintkCaller(s, i);
  return s.charCodeAt(i) === CH_SPACE ? i + 1 : i;
}

/**
 * Index after the caller id that a CONFIG_PRINTK_CALLER kernel prints right after the time
 * (printk.c print_caller: `[%6s]` of `T<pid>` or `C<cpu>`, as in `[   12.345678][    T1] `;
 * syzbot's and many distributions' debug kernels have it), at `i`; `i` when there is none.
 */
function skipPrintkCaller(s: string, i: number): number {
  if (s.charCodeAt(i) !== CH_LBRACKET) return i;
  let k = skipSpaces(s, i + 1);
  const c = s.charCodeAt(k);
  if (c !== 84 /* T */ && c !== 67 /* C */) return i;
  const d = ++k;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k > d && s.charCodeAt(k) === CH_RBRACKET ? k + 1 : i;
}

const LOST_RE = /CPU:(\d+) \[(?:LOST (\d+) EVENTS|LOST EVENTS|(\d+) EVENTS DROPPED|EVENTS DROPPED)\]/y;

const DUMP_FRAME_RE = /^(?:Dumping ftrace (?:instance \S+ )?buffer:|-{33}|\(ftrace buffer empty\))\s*$/;

/**
 * The lines ftrace_dump() (trace.c: ftrace_dump_on_oops, sysrq-z) prints to the console
 * around the buffer it dumps, at `p`: `Dumping ftrace buffer:` (or `Dumping ftrace instance
 * NAME buffer:`), a rule of 33 dashes before and after the records, `(ftrace buffer empty)`.
 */
export function isFtraceDumpFrame(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  if (c !== 68 /* D */ && c !== CH_DASH && c !== CH_LPAREN) return false;
  return DUMP_FRAME_RE.test(p === 0 ? s : s.slice(p));
}

const ATRACE_BANNER_RE = /^(?:capturing trace\.\.\.(?: done)?|TRACE:)\s*$/;
/**
 * perf-tools' funcgraph and functrace (kernel/funcgraph, kernel/functrace): `echo "Tracing
 * \"$funcs\"$pidtext... Ctrl-C to end."` (or `… for $duration seconds...` with -d, `$pidtext`
 * being ` for PID N`) before they cat trace_pipe or trace, `echo "Ending tracing..."` after;
 * and the `^C` a terminal echoes when Ctrl-C ends them, in a pasted session.
 */
const PERF_TOOLS_LINE_RE = /^(?:Tracing ".*"(?: for PID \d+)?(?:\.\.\. Ctrl-C to end\.| for \S+ seconds\.\.\.)|Ending tracing\.\.\.|\^C)\s*$/;

/**
 * A capture tool's own line around the tracefs text it prints, at `p`: Android atrace's
 * `capturing trace...` and ` done` on stdout, then `TRACE:` (atrace.cpp main), or perf-tools'
 * funcgraph and functrace lines (PERF_TOOLS_LINE_RE). Not trace lines, and no damage.
 */
export function isCaptureToolLine(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  if (c === 99 /* c */ || c === 84 /* T */) {
    const t = p === 0 ? s : s.slice(p);
    return ATRACE_BANNER_RE.test(t) || (c === 84 && PERF_TOOLS_LINE_RE.test(t));
  }
  return (c === 69 /* E */ || c === 94 /* ^ */) && PERF_TOOLS_LINE_RE.test(p === 0 ? s : s.slice(p));
}

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

/** Flag classes of §5.3, by char code: 1 irqs, 2 need-resched, 4 context, 8 a depth digit. */
const FLAG_CLASS = new Uint8Array(128);
for (const ch of '.dDbX') FLAG_CLASS[ch.charCodeAt(0)] |= 1;
for (const ch of '.NnpLlBb') FLAG_CLASS[ch.charCodeAt(0)] |= 2;
for (const ch of '.ZzHhs') FLAG_CLASS[ch.charCodeAt(0)] |= 4;
for (const ch of '.0123456789abcdef') FLAG_CLASS[ch.charCodeAt(0)] |= 8;
/** The most flag characters any kernel prints (PREEMPT_RT: `....1..`). */
const MAX_FLAGS = 7;

const flagClass = (c: number): number => (c < 128 ? FLAG_CLASS[c] : 0);

/**
 * Irq/preempt flags (§5.3) at `i`: `[.dDbX][.NnpLlBb]{1,2}[.ZzHhs][.0-9a-f]{1,4}`, 4 to 7
 * characters. The width comes from the line, never from the legend above it: 4 before
 * 5.15, 5 after, up to 7 on PREEMPT_RT kernels whose legend still announces 4 (the second
 * need-resched letter is the lazy one, the extra digits the lazy-preempt and
 * migrate-disable depths). Returns the index after them or -1. The caller checks what
 * follows.
 */
export function scanIrqFlags(s: string, i: number): number {
  const n = s.length;
  let j = i;
  while (j < n && j - i < MAX_FLAGS + 1 && flagClass(s.charCodeAt(j)) !== 0) j++;
  const len = j - i;
  if (len < 4 || len > MAX_FLAGS || !(flagClass(s.charCodeAt(i)) & 1)) return -1;
  const depthsFrom = (k: number): boolean => {
    if (j - k < 1 || j - k > 4) return false;
    for (let m = k; m < j; m++) if (!(flagClass(s.charCodeAt(m)) & 8)) return false;
    return true;
  };
  const c1 = flagClass(s.charCodeAt(i + 1));
  const c2 = flagClass(s.charCodeAt(i + 2));
  // One need-resched letter, or two (PREEMPT_RT's lazy one), then the context letter.
  if (c1 & 2 && c2 & 4 && depthsFrom(i + 3)) return j;
  if (c1 & 2 && c2 & 2 && flagClass(s.charCodeAt(i + 3)) & 4 && depthsFrom(i + 4)) return j;
  return -1;
}

/**
 * The four flag characters that kernels before about 5.1 printed in function_graph's
 * latency column with nothing after them (`d..1`, `.N.2`), at `i`: the index after them,
 * or -1. Unlike scanIrqFlags it reads no further, so a body glued to them stays whole.
 */
export function scanOldIrqFlags(s: string, i: number): number {
  const ok =
    flagClass(s.charCodeAt(i)) & 1 &&
    flagClass(s.charCodeAt(i + 1)) & 2 &&
    flagClass(s.charCodeAt(i + 2)) & 4 &&
    flagClass(s.charCodeAt(i + 3)) & 8;
  return ok ? i + 4 : -1;
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
  return tryLatencyPrefix(s, p, out, ex) || tryVerboseLatencyPrefix(s, p, out, ex);
}

/**
 * The `verbose` option's latency prefix (trace_print_lat_context, lat_print_timestamp in
 * trace_output.c): `%16s %7d %3d %d %08x %08lx ` (comm, pid, CPU, the irq flag bits in
 * decimal, preempt count, entry index; `%5d` before 5.x), then `[%08llx] %ld.%03ldms
 * (+%ld.%03ldms): ` for ns clocks (µs of the clock in hex, ms since the buffer started, ms
 * to the next entry) or `[%016llx] %lld (+%lld): ` for the others (raw counts).
 */
// Unanchored, from the space before the pid's digits: the comm (any text) is what lies
// before it, so nothing here backtracks over a long comm or a long run of blanks.
const VERBOSE_LAT_RE =
  / (\d+) +(\d+) \d+ [0-9a-f]{8} [0-9a-f]{8,} \[[0-9a-f]+\] (?:(\d+)\.(\d{3})ms \(\+\d+\.\d{3}ms\)|(\d+) \(\+\d+\)): /;

function tryVerboseLatencyPrefix(s: string, p: number, out: LineRecord, ex: LineExtras): boolean {
  const rest = p === 0 ? s : s.slice(p);
  const m = VERBOSE_LAT_RE.exec(rest);
  if (!m) return false;
  let commEnd = p + m.index;
  while (commEnd > p && s.charCodeAt(commEnd - 1) === CH_SPACE) commEnd--;
  if (commEnd === p) return false;
  out.comm = ex.commOf(s, p, commEnd);
  out.pid = Number(m[1]);
  out.cpu = Number(m[2]);
  if (m[3] !== undefined) {
    // ms.µµµ since the buffer started: the same axis as the short form's `NNNus`.
    out.tsNs = (Number(m[3]) * 1000 + Number(m[4])) * 1000;
    out.flags |= RecordFlag.RelativeTime;
  } else {
    out.tsNs = Number(m[5]);
    out.flags |= RecordFlag.RelativeTime | RecordFlag.RawTime;
  }
  parsePayload(s, p + m.index + m[0].length, out, ex);
  return true;
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

/**
 * `graph_ent: func=NAME` / `graph_ret: func=NAME`: function_graph with Android's
 * `funcgraph-flat` option, which `atrace -k FUNCS` turns on (atrace.cpp setKernelTraceFuncs;
 * the lines catapult's kernel_func_parser reads). They print no depth and no duration, so
 * no call is made of them: each is reported with what to record instead, rather than kept
 * as an instant event of a trace of no calls.
 */
const FLAT_GRAPH_PROBLEM =
  "a 'graph_ent: func=…' / 'graph_ret: func=…' line of Android's funcgraph-flat option (atrace -k sets it): it prints no depth or duration, " +
  'so no call is made of it; turn the option off (echo 0 > /sys/kernel/tracing/options/funcgraph-flat) with current_tracer function_graph and read the tracefs trace file';

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
      if ((out.name === 'graph_ent' || out.name === 'graph_ret') && out.text.startsWith('func=')) {
        out.kind = RecordKind.Unknown;
        out.text = s;
        out.problem = FLAT_GRAPH_PROBLEM;
      }
      return;
    }
    if (c === CH_PLUS || c === CH_SPACE) {
      const colon = messageColon(s, k, end);
      if (colon >= 0) {
        out.name = s.slice(q, k);
        out.text = colon + 2 <= end ? s.slice(colon + 2, end) : '';
        return;
      }
    }
    if ((k === end || c === CH_SPACE || c === CH_LPAREN || c === CH_PLUS) && parseFunctionPayload(s, q, k, end, out, ex)) {
      return;
    }
  }
  const text = s.slice(q, end);
  // The records of tracers such as wakeup, osnoise or hwlat print no event name.
  const recordName = tracerRecordName(text);
  if (recordName) {
    out.name = recordName;
    out.text = text.trim();
    return;
  }
  out.text = text;
}

const site = { offset: 0, size: 0 };

/**
 * The `:` that ends a message event's caller when the symbol at `s[..k)` has the
 * decorations seq_print_ip_sym() (trace_output.c) gives it under the sym-offset and sym-addr
 * options: `+0xOFF/0xSIZE` and ` [module]` (sprint_symbol), then ` <ADDRESS>`, as in
 * `tracing_mark_write+0x5c/0x1a0: hello`; -1 when what follows is not those and `: `.
 */
function messageColon(s: string, k: number, end: number): number {
  let j = k;
  if (s.charCodeAt(j) === CH_PLUS) {
    j = scanOffsetSize(s, j, end, site);
    if (j < 0) return -1;
    if (s.startsWith(' [', j)) {
      const close = s.indexOf(']', j + 2);
      if (close < 0 || close >= end) return -1;
      j = close + 1;
    }
  }
  if (s.startsWith(' <', j)) {
    let h = j + 2;
    while (h < end && isHexDigit(s.charCodeAt(h))) h++;
    if (h === j + 2 || s.charCodeAt(h) !== CH_GT) return -1;
    j = h + 1;
  }
  if (j === k || s.charCodeAt(j) !== CH_COLON) return -1;
  return j + 1 === end || s.charCodeAt(j + 1) === CH_SPACE ? j : -1;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Strips a trailing `\r` (CRLF input). Allocates only for CRLF lines. */
export function stripCr(line: string): string {
  const n = line.length;
  return n > 0 && line.charCodeAt(n - 1) === CH_CR ? line.slice(0, n - 1) : line;
}
