/**
 * The kernel's own function_graph text (K-graph, docs/formats.md §2): tracefs `trace` and
 * `trace_pipe`, with any mix of the optional columns
 *
 *   [abstime |] [ CPU)] [proc |] [ FLAGS |] [MARK DUR us |]  indent body
 *
 * plus the task-switch banner, irq markers, overrun and lost-event lines, `#` headers,
 * and the context-format lines (stack traces, function records) the kernel mixes in.
 *
 * Columns are recognised by their content, left to right (§2.2): every one is
 * optional, three end in the same ` |`, the proc column holds arbitrary text and wide
 * values push the rest of the line right, so no fixed offsets are used anywhere.
 */
import { isDigit, scanTimestampNs, scanUint, skipSpaces, splitCommPid } from './fields';
import { parseGraphBody, scanDurationColumn } from './graph-body';
import {
  RecordFlag,
  RecordKind,
  createRecord,
  resetRecord,
  sameRecord,
  type FormatDetector,
  type LineParser,
  type LineRecord,
} from './record';
import {
  LineExtras,
  isCaptureToolLine,
  isFtraceDumpFrame,
  isMarkChar,
  parseContextLine,
  parseLostLine,
  parseStackFrame,
  scanIrqFlags,
  scanOldIrqFlags,
  mayHaveConsolePrefix,
  skipConsolePrefix,
  stripCr,
} from './context-prefix';
import { isSymChar } from './function-payload';
import { headerTracer, looksLikeTraceCmd, parseCpusLine, readHeaderLine, type TracefsMeta } from './tracefs-header';

const CH_SPACE = 32;
const CH_HASH = 35;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_DASH = 45;
const CH_DOT = 46;
const CH_EQ = 61;
const CH_PIPE = 124;
const CH_C = 67;
const CH_D = 68;

/** Where we are in the 4-line banner: rule, `a-1 => b-2`, rule, blank. */
const BANNER_NONE = 0;
const BANNER_OPENED = 1;
const BANNER_SWITCHED = 2;
const BANNER_CLOSED = 3;

/** A `/* … *\/` comment can span lines (embedded newline in a marker); cap how far we follow it. */
const MAX_COMMENT_LINES = 64;

const COLS_OK = 0;
const COLS_NONE = 1;
const COLS_BAD = 2;

const num = { value: 0 };
const fromTask = { comm: '', pid: 0 };
const toTask = { comm: '', pid: 0 };
const OVERRUN_RE = /\(Overruns: (\d+)\)/y;

const PROBLEM = "expected a function_graph line: 'CPU) [duration |] function'";

/** Lowest duration (ns) each mark can stand for; `>=` so that pre-4.2 kernels pass too. */
function markFloorNs(mark: number): number {
  switch (mark) {
    case 43 /* + */:
      return 10_000;
    case 33 /* ! */:
      return 100_000;
    case 35 /* # */:
      return 1_000_000;
    case 42 /* * */:
      return 10_000_000;
    case 64 /* @ */:
      return 100_000_000;
    case 36 /* $ */:
      return 1_000_000_000;
    default:
      return 0;
  }
}

/** `%ps` output is a bare symbol or `0x…`; anything else means the body was not a call. */
function isSymbol(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let k = 0; k < n; k++) if (!isSymChar(name.charCodeAt(k))) return false;
  return true;
}

/** `CPU)` followed by a space (or the end) at `i`; returns the index after `) `, -1 otherwise. */
function scanCpuColumn(s: string, i: number): number {
  const n = s.length;
  let c = s.charCodeAt(i);
  if (!isDigit(c)) return -1;
  let v = 0;
  do {
    v = v * 10 + (c - 48);
    c = s.charCodeAt(++i);
  } while (isDigit(c));
  if (c !== CH_RPAREN) return -1;
  i++;
  if (i < n && s.charCodeAt(i) !== CH_SPACE) return -1;
  num.value = v;
  return i < n ? i + 1 : i;
}

export class TracefsGraphParser implements LineParser {
  private readonly meta: TracefsMeta = { tracer: '', kernelRelease: '' };
  private readonly ex = new LineExtras();
  private banner = BANNER_NONE;
  /** Lines left to treat as the rest of an unclosed `/* …` comment (0 = none open). */
  private commentLines = 0;
  /** The open comment is a `<user stack trace>`: its ` => ` lines are its frames. */
  private commentFrames = false;

  /** `# tracer: NAME` of the document, '' until seen. */
  get tracer(): string {
    return this.meta.tracer;
  }
  /** Kernel release from the latency-format banner (`… on 6.1.0-56-amd64`), '' until seen. */
  get kernelRelease(): string {
    return this.meta.kernelRelease;
  }
  /** Latency-format flags of the last line (`d..2.`, `d..1`), '' when it had none. */
  get lastFlags(): string {
    return this.ex.flags;
  }
  /** Overhead mark of the last line's duration (`+ ! # * @ $`), '' when blank or absent. */
  get lastMark(): string {
    return this.ex.mark === 0 ? '' : String.fromCharCode(this.ex.mark);
  }

  /**
   * The state across lines is the banner's step and the lines left of an open comment: a
   * line is a seam when every step, with no comment open and with one open (one line left
   * or more: only `> 0` and the decrement are read), gives it the same record and leaves
   * the same state. The header facts are put back: the line is read again where it belongs.
   */
  startsFresh(line: string): boolean {
    const { banner, commentLines, commentFrames } = this;
    const { tracer, kernelRelease } = this.meta;
    let first: LineRecord | undefined;
    let firstState = 0;
    let fresh = true;
    // Comment states: none open; one open, one line left or more; the same for a user stack.
    for (let b = BANNER_NONE; fresh && b <= BANNER_CLOSED; b++) {
      for (let c = 0; fresh && c <= 4; c++) {
        this.banner = b;
        this.commentLines = c > 2 ? c - 2 : c;
        this.commentFrames = c > 2;
        const r = createRecord();
        this.parseLine(line, 0, r);
        const state = (this.banner * (MAX_COMMENT_LINES + 1) + this.commentLines) * 2 + (this.commentFrames ? 1 : 0);
        if (first === undefined) {
          first = r;
          firstState = state;
        } else if (state !== firstState || !sameRecord(first, r)) {
          fresh = false;
        }
      }
    }
    this.banner = banner;
    this.commentLines = commentLines;
    this.commentFrames = commentFrames;
    this.meta.tracer = tracer;
    this.meta.kernelRelease = kernelRelease;
    return fresh;
  }

  parseLine(line: string, _lineNo: number, out: LineRecord): void {
    resetRecord(out);
    const s = stripCr(line);
    this.ex.reset(s);
    const n = s.length;
    let i = 0;
    if (n > 0) {
      const c0 = s.charCodeAt(0);
      if (mayHaveConsolePrefix(c0)) i = skipConsolePrefix(s);
    }
    const p = skipSpaces(s, i);
    const banner = this.banner;
    this.banner = BANNER_NONE;
    const commentLines = this.commentLines;
    this.commentLines = 0;
    const frames = commentLines > 0 && this.commentFrames;
    this.commentFrames = false;

    if (p >= n) {
      if (commentLines > 0) {
        // An empty line of a message that held two newlines in a row: the comment goes on.
        out.kind = RecordKind.EventText;
        this.commentLines = commentLines - 1;
        return;
      }
      out.kind = banner === BANNER_CLOSED ? RecordKind.BannerPart : RecordKind.Blank;
      return;
    }
    const c = s.charCodeAt(p);
    if (c === CH_HASH) {
      // With nofuncgraph-cpu a `#` duration mark lands in column 1: `# 1007.130 us |  }`.
      if (
        s.charCodeAt(p + 1) === CH_SPACE &&
        isDigit(s.charCodeAt(skipSpaces(s, p + 1))) &&
        this.parseColumns(s, i, p, out) === COLS_OK
      ) {
        return;
      }
      resetRecord(out);
      this.ex.reset(s);
      if (commentLines > 0) {
        // Headers come before the records: inside an open comment, `#` is the message's.
        this.commentText(s, i, commentLines, out);
        return;
      }
      out.kind = RecordKind.Meta;
      out.text = s.slice(p);
      readHeaderLine(s, p, this.meta);
      return;
    }
    if (c === CH_EQ && frames && parseStackFrame(s, p, out)) {
      this.userStackFrame(commentLines, out);
      return;
    }
    // print_graph_comment prints its record whole, so nothing else comes before its ` */`:
    // inside an open comment a line that reads as a banner rule, a lost-events notice, an
    // overrun or a stack frame is the message's own text (a record line still ends it, below).
    if (commentLines === 0) {
      if (c === CH_DASH && isRule(s, p)) {
        out.kind = RecordKind.BannerPart;
        this.banner = banner === BANNER_SWITCHED ? BANNER_CLOSED : BANNER_OPENED;
        return;
      }
      if (c === CH_C && parseLostLine(s, p, out)) return;
      if (c === CH_LPAREN) {
        OVERRUN_RE.lastIndex = p;
        const m = OVERRUN_RE.exec(s);
        if (m) {
          out.kind = RecordKind.Overrun;
          out.count = Number(m[1]);
          return;
        }
      }
      if (c === CH_EQ && parseStackFrame(s, p, out)) return;
      // ftrace_dump()'s own lines around a console dump (its 33-dash rules read as banner rules),
      // and a capture tool's around its text (atrace, perf-tools' funcgraph).
      if (((c === CH_D || c === CH_LPAREN) && isFtraceDumpFrame(s, p)) || isCaptureToolLine(s, p)) {
        out.kind = RecordKind.Meta;
        out.text = s.slice(p);
        return;
      }
    }

    const cols = this.parseColumns(s, i, p, out);
    if (cols === COLS_OK) return;
    if (cols === COLS_NONE) {
      // No graph column at all: a context-format record, the rest of an open comment,
      // or a bare body (nocontext-info).
      resetRecord(out);
      this.ex.reset(s);
      if (parseContextLine(s, p, out, this.ex)) return;
      if (commentLines > 0) {
        this.commentText(s, i, commentLines, out);
        return;
      }
      if (parseGraphBody(s, i, 0, out) && this.acceptBody(s, out, true)) return;
    }

    resetRecord(out);
    this.ex.reset(s);
    if (commentLines > 0) {
      // Columns with no valid body after them: the message's own text that looks like them.
      this.commentText(s, i, commentLines, out);
      return;
    }
    if (parseCpusLine(s, p, out)) return;
    out.kind = RecordKind.Unknown;
    out.text = line;
    out.problem = PROBLEM;
  }

  /**
   * Reads the columns left to right from `p` and then the body. COLS_OK: a graph line
   * (or a banner line); COLS_NONE: no graph column at all; COLS_BAD: columns but no
   * valid body. `out` is left dirty unless COLS_OK.
   */
  private parseColumns(s: string, i: number, p: number, out: LineRecord): number {
    const n = s.length;
    let q = p;
    // Where the body's indentation starts when there is no duration column.
    let body = i;
    let cols = false;
    let cpuCol = false;

    // 1. abstime `SECS.USECS |  ` (or a latency tracer's `NNN us |  ` REL TIME before the CPU).
    let c = s.charCodeAt(q);
    if (isDigit(c)) {
      let j = q + 1;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      c = s.charCodeAt(j);
      if (c === CH_DOT) {
        let k = j + 1;
        while (k < n && isDigit(s.charCodeAt(k))) k++;
        if (k > j + 1 && s.charCodeAt(k) === CH_SPACE && s.charCodeAt(k + 1) === CH_PIPE) {
          scanTimestampNs(s, q, num);
          out.tsNs = num.value;
          q = k + 2;
          body = Math.min(q + 2, n);
          cols = true;
        }
      } else if (c === CH_SPACE && s.startsWith(' us |', j)) {
        // Same shape as a ≥8-digit duration; only a CPU column after it makes it REL TIME.
        const after = j + 5;
        if (scanCpuColumn(s, skipSpaces(s, after)) >= 0) {
          // µs since the buffer started (print_graph_rel_time: `%9llu us |  ` of ts less
          // time_start): the latency tracers' only time, one axis for every line.
          scanUint(s, q, num);
          out.tsNs = num.value * 1000;
          out.flags |= RecordFlag.RelativeTime;
          q = after;
          body = Math.min(q + 2, n);
          cols = true;
        }
      }
    }

    // 2. CPU ` N) `
    let k = skipSpaces(s, q);
    if (isDigit(s.charCodeAt(k))) {
      const e = scanCpuColumn(s, k);
      if (e >= 0) {
        out.cpu = num.value;
        q = body = e;
        k = skipSpaces(s, q);
        cols = cpuCol = true;
      }
    }

    // From here `k` is the first non-blank at or after `q`, so no column re-skips blanks.
    // A duration column right here rules out proc and flags (they come before it, and
    // neither can read as `NUM us |`); trying it first keeps the default layout cheap.
    let after = scanDurationColumn(s, k, out);
    if (after < 0) {
      const q0 = q;
      // 3. proc: centred `comm-pid` then ` | `.
      const e = this.scanProcColumn(s, k, out);
      if (e >= 0) {
        q = e;
        body = Math.min(e + 1, n);
        k = skipSpaces(s, q);
        cols = true;
      }

      // 4. latency flags ` d..1. | ` (or ` d..1` with no separator on old kernels).
      let fe = scanIrqFlags(s, k);
      c = fe >= 0 ? s.charCodeAt(fe) : 0;
      if (fe >= 0 && c === CH_SPACE && s.charCodeAt(fe + 1) === CH_PIPE) {
        this.ex.flagsStart = k;
        this.ex.flagsEnd = fe;
        out.flagsText = this.ex.flagsOf(s, k, fe);
        q = fe + 2;
        body = Math.min(fe + 3, n);
        k = skipSpaces(s, q);
        cols = true;
      } else {
        // Before about 5.1 print_graph_lat_fmt() printed just ` d..1`: the duration column
        // follows at once, or, with nofuncgraph-duration, the indentation, so at depth 0
        // the body touches the flags (` 1)  d..1vfs_write() {`, where a hex-looking first
        // letter even reads as a fifth flag). A body never starts one space in, so four
        // flag characters there are that column, whatever follows them.
        if (!(fe >= 0 && (c === CH_SPACE || isMarkChar(c)))) fe = k === body + 1 ? scanOldIrqFlags(s, k) : -1;
        if (fe >= 0) {
          this.ex.flagsStart = k;
          this.ex.flagsEnd = fe;
          out.flagsText = this.ex.flagsOf(s, k, fe);
          q = k = fe;
          // The indentation starts right after the flags (no separator space).
          body = fe;
          cols = true;
        }
      }

      // 5. duration `[MARK] NUM us |` or blank `|`.
      if (q !== q0) after = scanDurationColumn(s, k, out);
    }
    if (after >= 0) {
      const mark = s.charCodeAt(k);
      if (isMarkChar(mark)) {
        this.ex.mark = mark;
        out.mark = String.fromCharCode(mark);
        if (out.durNs < markFloorNs(mark)) out.flags |= RecordFlag.MarkMismatch;
      }
      // The duration column is strong evidence by itself; the name is checked only
      // where a truncated or foreign line could otherwise pass for a body.
      return parseGraphBody(s, after, 2, out) && this.acceptBody(s, out, false) ? COLS_OK : COLS_BAD;
    }
    if (!cols) return COLS_NONE;
    if (parseGraphBody(s, body, 0, out) && this.acceptBody(s, out, true)) return COLS_OK;
    if (cpuCol && this.parseSwitch(s, q, out)) return COLS_OK;
    return COLS_BAD;
  }

  /**
   * The next line of an open comment's message, as the message has it (print_graph_comment
   * prints it whole, then ` *\/`): more text of the event before, up to that close.
   */
  private commentText(s: string, i: number, commentLines: number, out: LineRecord): void {
    out.kind = RecordKind.EventText;
    const text = s.slice(i).trimEnd();
    if (endsComment(text)) out.text = text.slice(0, text.endsWith(' */') ? -3 : -2);
    else {
      out.text = text;
      this.commentLines = commentLines - 1;
    }
  }

  /**
   * A frame line of an open `<user stack trace>` comment (trace_user_stack_print: ` => ` and
   * the address, or `path[+0xOFF]`, per line): the frame, the last one with the comment's
   * ` *\/` taken off (print_graph_comment closes the record's text with it).
   */
  private userStackFrame(commentLines: number, out: LineRecord): void {
    const name = out.name;
    if (endsComment(name)) out.name = name.slice(0, -2).trimEnd();
    else {
      this.commentLines = commentLines - 1;
      this.commentFrames = this.commentLines > 0;
    }
  }

  /** Checks what parseGraphBody produced and notes a comment left open. */
  private acceptBody(s: string, out: LineRecord, checkName: boolean): boolean {
    const kind = out.kind;
    if (kind === RecordKind.Entry || kind === RecordKind.Leaf) return out.name.length > 0 && (!checkName || isSymbol(out.name));
    // The kernel ends a comment with ` */` and the line: a `*/` inside is the message's own.
    if (kind === RecordKind.Event && !endsComment(s.trimEnd())) {
      this.commentLines = MAX_COMMENT_LINES;
      // A user stack (TRACE_USER_STACK is not among the records print_graph_function_flags
      // leaves to the context format, so it is a comment): its next lines are its frames.
      this.commentFrames = out.name === 'user_stack';
    }
    return true;
  }

  /**
   * The proc column at `q`: text ending in `-PID`, a space, `|`, a space. Tries each `|`
   * within reach of a 14-wide (or overflowing) field so a comm containing `|` still works
   * and a flags or duration column is never taken for a task.
   */
  private scanProcColumn(s: string, q: number, out: LineRecord): number {
    const n = s.length;
    let pp = s.indexOf('|', q);
    while (pp > q && pp - q <= 28) {
      if (s.charCodeAt(pp - 1) === CH_SPACE && (pp + 1 >= n || s.charCodeAt(pp + 1) === CH_SPACE)) {
        let e = pp - 1;
        while (e > q && s.charCodeAt(e - 1) === CH_SPACE) e--;
        let j = e;
        let pid = 0;
        let mul = 1;
        let c: number;
        while (j > q && isDigit((c = s.charCodeAt(j - 1)))) {
          pid += (c - 48) * mul;
          mul *= 10;
          j--;
        }
        if (j < e && j > q && s.charCodeAt(j - 1) === CH_DASH) {
          out.comm = this.ex.commOf(s, skipSpaces(s, q), j - 1);
          out.pid = pid;
          return pp + 1;
        }
      }
      pp = s.indexOf('|', pp + 1);
    }
    return -1;
  }

  /** ` 0)    curl-738    =>    curl-740   ` after the CPU column (at `q`). */
  private parseSwitch(s: string, q: number, out: LineRecord): boolean {
    const n = s.length;
    for (let a = s.indexOf('=>', q); a >= 0; a = s.indexOf('=>', a + 2)) {
      if (splitCommPid(s, q, a, fromTask) && splitCommPid(s, a + 2, n, toTask)) {
        const cpu = out.cpu;
        resetRecord(out);
        out.kind = RecordKind.TaskSwitch;
        out.cpu = cpu;
        out.comm = fromTask.comm;
        out.pid = fromTask.pid;
        out.toComm = toTask.comm;
        out.toPid = toTask.pid;
        this.banner = BANNER_SWITCHED;
        return true;
      }
    }
    return false;
  }
}

/** Whether a line (its end trimmed) closes a comment: print_graph_comment ends it with ` *\/`. */
function endsComment(s: string): boolean {
  return s.endsWith('*/');
}

/** A banner rule: ten or more dashes and nothing else. */
function isRule(s: string, p: number): boolean {
  let end = s.length;
  while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
  if (end - p < 10) return false;
  for (let k = p; k < end; k++) if (s.charCodeAt(k) !== CH_DASH) return false;
  return true;
}

export const tracefsGraphDetector: FormatDetector = {
  id: 'tracefs-function-graph',
  score(firstLines: readonly string[]): number {
    if (looksLikeTraceCmd(firstLines)) return 0;
    const tracer = headerTracer(firstLines);
    if (tracer === 'function_graph') return 1;
    if (tracer === 'function') return 0;
    // trace_pipe has no header, and latency tracers can print graph lines (display-graph).
    const parser = new TracefsGraphParser();
    const rec = createRecord();
    let graph = 0;
    let other = 0;
    for (let k = 0; k < firstLines.length; k++) {
      parser.parseLine(firstLines[k], k + 1, rec);
      switch (rec.kind) {
        case RecordKind.Entry:
        case RecordKind.Leaf:
        case RecordKind.Exit:
        case RecordKind.IrqMarker:
        case RecordKind.TaskSwitch:
        case RecordKind.Overrun:
          graph++;
          break;
        case RecordKind.Unknown:
        case RecordKind.FunctionCall:
          other++;
          break;
      }
    }
    if (graph === 0) return 0;
    return 0.5 + 0.45 * (graph / (graph + other));
  },
  create(): LineParser {
    return new TracefsGraphParser();
  },
};
