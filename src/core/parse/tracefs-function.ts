/**
 * The kernel's `function` tracer text (K-func, docs/formats.md §3): its line parser and
 * detector. Each line is a context-prefixed record (context-prefix.ts) whose payload is a
 * function call (function-payload.ts), an event or a stack trace; or a lost-events marker,
 * a stack frame, a `#` header (tracefs-header.ts).
 */
import { LineExtras, isCaptureToolLine, isFtraceDumpFrame, parseContextLine, parseLostLine, mayHaveConsolePrefix, parseStackFrame, skipConsolePrefix, stripCr } from './context-prefix';
import { skipSpaces } from './fields';
import { isSymChar, parseFunctionPayload } from './function-payload';
import {
  MAX_MESSAGE_LINES,
  OpenMessage,
  RecordKind,
  createRecord,
  resetRecord,
  type FormatDetector,
  type LineParser,
  type LineRecord,
} from './record';
import { headerTracer, looksLikeTraceCmd, parseCpusLine, readHeaderLine, type TracefsMeta } from './tracefs-header';

const CH_SPACE = 32;
const CH_HASH = 35;
const CH_EQ = 61;
const CH_C = 67;

export class TracefsFunctionParser implements LineParser {
  private readonly meta: TracefsMeta = { tracer: '', kernelRelease: '' };
  private readonly ex = new LineExtras();
  /** A message event's text may go on on the next lines (RecordKind.EventText). */
  private readonly message = new OpenMessage();

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

  parseLine(line: string, lineNo: number, out: LineRecord): void {
    const open = this.message.take(lineNo);
    const { tracer, kernelRelease } = this.meta;
    this.parseRecord(line, out);
    const kind = out.kind;
    if (OpenMessage.continues(open, kind, line)) {
      // The rest of a message with a newline: trace_print_print (trace_output.c) prints a
      // marker's or trace_printk's text with `%s`, its newlines and all, the lines after the
      // first with no prefix.
      const s = stripCr(line);
      const i = s.length > 0 && mayHaveConsolePrefix(s.charCodeAt(0)) ? skipConsolePrefix(s) : 0;
      resetRecord(out);
      this.ex.reset(s);
      this.meta.tracer = tracer;
      this.meta.kernelRelease = kernelRelease;
      out.kind = RecordKind.EventText;
      out.text = s.slice(i).trimEnd();
      this.message.open(lineNo, this.message.left - 1);
    } else if (kind === RecordKind.Event && out.name !== 'kernel_stack' && out.name !== 'user_stack') {
      // Any event's text may be a message: its name is the caller's symbol (tracing_mark_write,
      // or the function that called trace_printk), which no list can tell from an event's.
      this.message.open(lineNo, MAX_MESSAGE_LINES);
    }
  }

  /**
   * The record and the state a line gives are the same whether a message is open or not
   * (a message's further lines are those no record shape reads, so such a line never
   * begins a range). The header facts are put back: the line is read again where it belongs.
   */
  startsFresh(line: string): boolean {
    const { tracer, kernelRelease } = this.meta;
    const fresh = this.message.readsSameOpenOrClosed(line, (l, n, out) => this.parseLine(l, n, out));
    this.meta.tracer = tracer;
    this.meta.kernelRelease = kernelRelease;
    return fresh;
  }

  private parseRecord(line: string, out: LineRecord): void {
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
    if (isFtraceDumpFrame(s, p) || isCaptureToolLine(s, p)) {
      out.kind = RecordKind.Meta;
      out.text = s.slice(p);
      return;
    }
    if (parseCpusLine(s, p, out)) return;
    if (parseBareCall(s, p, out, this.ex)) return;
    resetRecord(out);
    this.ex.reset(s);
    out.kind = RecordKind.Unknown;
    out.text = line;
    out.problem = "expected a function-tracer line: 'COMM-PID [CPU] FLAGS TIME: function <-parent'";
  }
}

/**
 * A call printed with the `context-info` option off (`echo 0 > options/context-info`):
 * trace.c print_trace_fmt prints the task, CPU, flags and time only with
 * TRACE_ITER_CONTEXT_INFO, and trace_fn_trace the payload alone, `f <-g`. Taken only with
 * its `<-parent` (print-parent, on by default): a bare word is no call.
 */
function parseBareCall(s: string, p: number, out: LineRecord, ex: LineExtras): boolean {
  let end = s.length;
  while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
  let k = p;
  while (k < end && isSymChar(s.charCodeAt(k))) k++;
  if (k === p) return false;
  resetRecord(out);
  ex.reset(s);
  return parseFunctionPayload(s, p, k, end, out, ex) && out.parentName !== '';
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
