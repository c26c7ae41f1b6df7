/**
 * `trace-cmd report` text (docs/formats.md §4): every record line is
 *
 *   [instance: ] COMM-PID [CPU] [FLAGS] TIME: [(+DIFF)] EVENT: PAD payload      (default, -t, --raw-ts, -R)
 *   [instance: ] COMM8-PID CPUFLAGS TIME: EVENT: PAD payload                    (-l)
 *
 * and the function_graph payloads are the kernel's graph columns (graph-body.ts),
 * `-R` raw `key=value` fields, or `-N` kernel print formats (`--> f (1)`, `<-- f (1) (start: …)`).
 *
 * The prefix is located from the `: ` that ends the timestamp, then read backwards and
 * forwards from there, never by column: comm names contain spaces, dashes and brackets.
 */
import {
  CH_SPACE,
  isDigit,
  parseDec,
  parseHex,
  scanTimestampNs,
  scanUint,
  splitCommPid,
} from './fields';
import { parseLostLine } from './context-prefix';
import { exitTimes, returnsOnLine } from './exit-times';
import { parseGraphBody, scanDurationColumn } from './graph-body';
import { isLatencyReport } from './tracefs-header';
import {
  MAX_MESSAGE_LINES,
  OpenMessage,
  RecordFlag,
  RecordKind,
  resetRecord,
  type FormatDetector,
  type LineParser,
  type LineRecord,
} from './record';

const num = { value: 0 };
const commPid = { comm: '', pid: 0 };

/** Preamble lines, optionally behind a file-name prefix: `cpus=2`, `version = 6`, `CPU 2 is empty`. */
const PREAMBLE_RE = /^(?:\s*(\S.*?): )?(?:cpus=(\d+)|version = \d+|CPU \d+ is empty)\s*$/;

/**
 * The events whose text is a message that may hold newlines: trace_marker's `print`,
 * trace_printk's `bprint` and `bputs` (kernel/trace/trace_entries.h).
 */
const MESSAGE_EVENTS = new Set(['print', 'bprint', 'bputs']);

export class TraceCmdReportParser implements LineParser {
  /** Number of CPUs from the `cpus=N` line, -1 until seen. */
  cpuCount = -1;
  /** A message event's text may go on on the next lines (RecordKind.EventText). */
  private readonly message = new OpenMessage();

  parseLine(line: string, lineNo: number, out: LineRecord): void {
    const open = this.message.take(lineNo);
    this.parseRecord(line, out);
    const kind = out.kind;
    if (OpenMessage.continues(open, kind, line)) {
      // The rest of a message with a newline: trace-cmd prints the text as it is and takes
      // off only the line's last newline (trace-read.c show_data), so the lines after the
      // first come with no prefix.
      const end = line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
      resetRecord(out);
      out.kind = RecordKind.EventText;
      out.text = line.slice(0, end).trimEnd();
      this.message.open(lineNo, this.message.left - 1);
    } else if (kind === RecordKind.Event && MESSAGE_EVENTS.has(out.name)) {
      this.message.open(lineNo, MAX_MESSAGE_LINES);
    }
  }

  /**
   * The record and the state a line gives are the same whether a message is open or not
   * (its further lines are those no record shape reads: such a line never begins a range).
   */
  startsFresh(line: string): boolean {
    const cpuCount = this.cpuCount;
    const fresh = this.message.readsSameOpenOrClosed(line, (l, n, out) => this.parseLine(l, n, out));
    this.cpuCount = cpuCount;
    return fresh;
  }

  private parseRecord(line: string, out: LineRecord): void {
    resetRecord(out);
    let end = line.length;
    if (end > 0 && line.charCodeAt(end - 1) === 13) end--; // CRLF
    const s = end === line.length ? line : line.slice(0, end);
    let i = 0;
    while (i < end && s.charCodeAt(i) === CH_SPACE) i++;
    if (i === end) {
      out.kind = RecordKind.Blank;
      return;
    }
    const first = s.charCodeAt(i);
    if (first === 61 /* = */ && s.charCodeAt(i + 1) === 62 /* > */) {
      // `=> vfs_write (ffffffff81423c10)`: a kernel_stack frame, innermost first. The last one
      // carries --debug's tail (the record's, printed after its payload's last line).
      out.kind = RecordKind.StackFrame;
      out.name = (s.charCodeAt(end - 1) === 93 /* ] */ ? withoutDebugTail(s) : s).slice(i + 2).trim();
      return;
    }
    if (first === 35 /* # */) {
      out.kind = RecordKind.Meta;
      return;
    }
    if (first === 67 /* C */ && (parseLostLine(s, i, out) || parseSubbufferStart(s, i, out))) return;
    if (DEBUG_PAGE_RE.test(s) || WAKEUP_SUMMARY_RE.test(s)) {
      out.kind = RecordKind.Meta;
      return;
    }
    if (this.parseRecordLine(s, i, out)) return;
    const pre = PREAMBLE_RE.exec(s);
    if (pre) {
      out.kind = RecordKind.Preamble;
      if (pre[2] !== undefined) {
        out.count = Number(pre[2]);
        this.cpuCount = out.count;
      }
      return;
    }
    out.kind = RecordKind.Unknown;
    out.text = s;
    if (!out.problem) out.problem = "expected a trace-cmd record: 'COMM-PID [CPU] TIME: EVENT: payload'";
  }

  /** Parses a prefixed record line; false (with `out.problem` set) when it is not one. */
  private parseRecordLine(s: string, start: number, out: LineRecord): boolean {
    let colon = s.indexOf(': ', start);
    // An instance / input-file prefix (`net-inst: `) comes before the record itself.
    while (colon > 0) {
      const r = this.parsePrefix(s, start, colon, out);
      if (r) {
        // A task name may itself read as a whole prefix (`x-1 [2] 1.0: y`, set by prctl):
        // an event's name has no blank, so when the text after this colon has one before its
        // own ': ', the record's colon is a later one (colonInTaskName).
        const later = eventNameHasBlank(s, colon) ? this.colonInTaskName(s, start, colon, out) : -1;
        if (later > 0) colon = later;
        break;
      }
      const recordColon = this.colonInTaskName(s, start, colon, out);
      if (recordColon > 0) {
        colon = recordColon;
        break;
      }
      const name = s.slice(start, colon).trim();
      // Blanks are allowed: the prefix of an input file is its base name (`my run.dat`).
      if (out.instance || name.length === 0) return false;
      out.instance = name;
      start = colon + 2;
      // trace-cmd prints the prefix, then the record's text, which starts with the drop
      // marker when events were lost before it: `net: CPU:1 [3 EVENTS DROPPED]`. The record
      // itself follows on the next line without a prefix (the builder gives it this one).
      // --debug / --boundary print `CPU:1 [SUBBUFFER START]` the same way, after the prefix.
      if (s.startsWith('CPU:', start) && (parseLostLine(s, start, out) || parseSubbufferStart(s, start, out))) return true;
      colon = s.indexOf(': ', start);
    }
    if (colon < 0) return false;
    // Optional --ts-diff column `(+12)`, then the event name and its `: `.
    let i = colon + 2;
    while (i < s.length && s.charCodeAt(i) === CH_SPACE) i++;
    if (s.charCodeAt(i) === 40 /* ( */ && s.charCodeAt(i + 1) === 43 /* + */) {
      const close = s.indexOf(')', i);
      if (close < 0) return false;
      i = close + 1;
      while (i < s.length && s.charCodeAt(i) === CH_SPACE) i++;
    }
    // --debug prints the record's place in its page after the payload (withoutDebugTail).
    if (s.charCodeAt(s.length - 1) === 93 /* ] */) s = withoutDebugTail(s);
    // The two function_graph events are nearly every line: test them without a slice.
    if (s.startsWith('funcgraph_entry:', i)) return this.parseGraphPayload(s, i + 16, false, out);
    if (s.startsWith('funcgraph_exit:', i)) return this.parseGraphPayload(s, i + 15, true, out);
    const evColon = s.indexOf(':', i);
    if (evColon < 0) {
      out.problem = "expected 'EVENT:' after the timestamp";
      return false;
    }
    const event = s.slice(i, evColon);
    const payload = evColon + 1;
    switch (event) {
      case 'fgraph_retaddr_entry':
        return this.parseGraphPayload(s, payload, false, out);
      case 'function':
      case 'func_repeats':
        return parseFunctionPayload(s, payload, out);
      default:
        out.kind = RecordKind.Event;
        out.name = event;
        out.text = s.slice(payload).trim();
        return true;
    }
  }

  /**
   * `tmux: server-1234 [001] …`: a task name may hold ': ' (tmux names its server so), which
   * is not an instance's or input file's prefix: such a prefix is followed by the record's
   * task name right-aligned in its field (16 wide, 8 with -l; a name has at most 15
   * characters), so by blanks, unless an 8-character name fills the -l field. So when the
   * ': ' at `colon` is followed by a character of a name, and the text from `start` to a
   * later ': ' is a record prefix whose name holds this colon (at most 8 characters long
   * in the -l form), that later ': ' is the record's own: its index is returned (`out` holds
   * the prefix read). Otherwise -1, and `out` is as it was.
   */
  private colonInTaskName(s: string, start: number, colon: number, out: LineRecord): number {
    if (colon + 2 >= s.length || s.charCodeAt(colon + 2) === CH_SPACE) return -1;
    const { flags, cpu, flagsText, comm, pid, tsNs } = out;
    // A name holds one or two such colons at most: three later ones are enough to try.
    let next = s.indexOf(': ', colon + 2);
    for (let tries = 0; next > 0 && tries < 3; tries++) {
      if (this.parsePrefix(s, start, next, out) && out.comm.includes(': ')) {
        const bracketed = s.lastIndexOf('[', next) > colon;
        if (bracketed || out.comm.length <= 8) return next;
      }
      Object.assign(out, { flags, cpu, flagsText, comm, pid, tsNs });
      next = s.indexOf(': ', next + 2);
    }
    return -1;
  }

  /**
   * Reads `COMM-PID [CPU] [FLAGS] TIME` (or the -l form) in s[start, colon).
   * Returns false when that text is not a record prefix.
   */
  private parsePrefix(s: string, start: number, colon: number, out: LineRecord): boolean {
    // TIME is the last blank-separated token before the colon. A raw counter can be glued
    // to the flags or to `]` (`[003]48120995123456`): then keep only its trailing digits.
    let t = colon;
    while (t > start && s.charCodeAt(t - 1) !== CH_SPACE && s.charCodeAt(t - 1) !== 93 /* ] */) t--;
    let tEnd = t;
    let dots = 0;
    while (tEnd < colon) {
      const c = s.charCodeAt(tEnd);
      if (c === 46) dots++;
      else if (!isDigit(c)) break;
      tEnd++;
    }
    if (tEnd !== colon || dots > 1 || !isDigit(s.charCodeAt(t))) {
      // Glued to the flags (`.....48120995123456`, `d..2.48120995123456`): a raw counter of
      // 12 digits or more (`%12llu` has no room for a blank), digits only, from the right.
      t = colon;
      while (t > start && isDigit(s.charCodeAt(t - 1))) t--;
      t = gluedFlagsEnd(s, t, colon);
    }
    if (t === colon || scanTimestampNs(s, t, num) !== colon) return false;
    let tsNs = num.value;
    let p = t;
    while (p > start && s.charCodeAt(p - 1) === CH_SPACE) p--;
    // A time without a fraction is a raw clock count (`-t` off with a counter clock, --raw-ts),
    // unless it is trace-cmd 2.9.x's time under one second (subSecondTimeNs).
    if (s.lastIndexOf('.', colon) < t) {
      const sub = subSecondTimeNs(tsNs, colon - p);
      if (Number.isNaN(sub)) out.flags |= RecordFlag.RawTime;
      else tsNs = sub;
    }
    const cpuClose = s.lastIndexOf(']', p);
    const cpuOpen = cpuClose > start ? s.lastIndexOf('[', cpuClose) : -1;
    if (cpuOpen > start && scanUint(s, cpuOpen + 1, num) === cpuClose) {
      out.cpu = num.value;
      if (!splitCommPid(s, start, cpuOpen, commPid)) return false;
      // `[003] d..1. TIME`: the flags token between the CPU and the time (3.3+).
      let f = cpuClose + 1;
      while (f < p && s.charCodeAt(f) === CH_SPACE) f++;
      if (f < p) out.flagsText = flagsText(s, f, p);
    } else {
      // -l: `COMM8-PID CPUFLAGS TIME`: the token before TIME is the CPU glued to the flags.
      let q = p;
      while (q > start && s.charCodeAt(q - 1) !== CH_SPACE) q--;
      const flags = scanUint(s, q, num);
      if (flags < 0) return false;
      out.cpu = num.value;
      if (flags < p) out.flagsText = flagsText(s, flags, p);
      if (!splitCommPid(s, start, q, commPid)) return false;
    }
    out.comm = commPid.comm;
    out.pid = commPid.pid;
    out.tsNs = tsNs;
    return true;
  }

  private parseGraphPayload(s: string, i: number, isExit: boolean, out: LineRecord): boolean {
    let p = i;
    while (p < s.length && s.charCodeAt(p) === CH_SPACE) p++;
    if (s.startsWith('func=', p)) return parseRawGraphFields(s, p, isExit, out);
    if (s.startsWith('--> ', p) || s.startsWith('<-- ', p)) return parseKernelGraphFormat(s, p, out);
    const body = scanDurationColumn(s, p, out);
    if (body < 0) {
      out.problem = "expected a duration column '[+!#$] N.NNN us |' or '|'";
      return false;
    }
    if (!parseGraphBody(s, body, 2, out)) {
      out.problem = "expected a function_graph body: 'f() {', 'f();' or '}'";
      return false;
    }
    if (out.kind === RecordKind.Exit && !isExit) {
      out.problem = 'a funcgraph_entry line with a closing brace';
      return false;
    }
    return true;
  }
}

/**
 * `trace-cmd report --debug` (and --boundary) marks the first record of each ring-buffer page
 * with `CPU:N [SUBBUFFER START]`, --debug adding ` [PAGE_TS:0xPAGE_OFFSET]` (trace-read.c
 * trace_show_data): on a line of its own before the record, a page boundary that loses
 * nothing. Read at `p` as a header line.
 */
function parseSubbufferStart(s: string, p: number, out: LineRecord): boolean {
  SUBBUFFER_RE.lastIndex = p;
  if (!SUBBUFFER_RE.test(s)) return false;
  out.kind = RecordKind.Meta;
  return true;
}
const SUBBUFFER_RE = /CPU:\d+ \[SUBBUFFER START\](?: \[-?\d+:0x[0-9a-f]+\])?\s*$/y;

/**
 * --debug's lines after a record for the ring buffer's own entries that follow it in the page
 * (trace-read.c trace_show_data: ` PADDING: `, ` TIME EXTEND: `, ` TIME STAMP: ` with
 * `delta:%lld length:%d` or `timestamp:%lld length:%d`): no event, read as header lines.
 */
const DEBUG_PAGE_RE = /^ (?:PADDING|TIME EXTEND|TIME STAMP): (?:delta|timestamp):-?\d+ length:-?\d+\s*$/;

/**
 * The summary `trace-cmd report -w` prints after the records (trace-read.c show_wakeup_timings,
 * finish_wakeup): `Average wakeup latency: U.NNN usecs`, `Maximum Latency: U.NNN usecs at
 * timestamp: S.NNNNNN`, the same for `Minimum`, and `RT task timings:` before the same three for
 * RT tasks. Figures about the trace, not records of it: read as header lines.
 */
const WAKEUP_SUMMARY_RE = /^(?:Average wakeup latency: \d+\.\d{3} usecs|(?:Maximum|Minimum) Latency: \d+\.\d{3} usecs at timestamp: \d+\.\d{6}|RT task timings:)\s*$/;

/**
 * The record line `s` without the tail `--debug` prints after every payload, ` [%d:0x%llx:%d]`:
 * the time delta, the offset in the page and the size (trace-read.c trace_show_data). It is
 * taken off before the payload is read: no function_graph or function payload ends so (a
 * module is `[name]`), nor does an event's print format.
 */
/**
 * Whether the text `s` (an event's payload, read apart: the byte fast path) ends in that
 * tail: the string parser would cut it off. Its blank may be the one before the payload.
 */
export function endsInDebugTail(payload: string): boolean {
  return payload.charCodeAt(payload.length - 1) === 93 /* ] */ && DEBUG_TAIL_RE.test(' ' + payload);
}

function withoutDebugTail(s: string): string {
  const m = DEBUG_TAIL_RE.exec(s);
  return m ? s.slice(0, m.index) : s;
}
const DEBUG_TAIL_RE = / \[-?\d+:0x[0-9a-f]+:\d+\]\s*$/;

/**
 * trace-cmd 2.9 to 2.9.2 print a nanosecond clock's time as ` %6.1000d:` (` %9.1d:` with -t)
 * through their copy of libtraceevent, whose print_event_time printed `%12llu`, the bare count
 * of microseconds (nanoseconds with -t), instead of `%5llu.%06llu` whenever that count was at
 * most 10^6 (10^9): every time under one second, so the first second of an --align-ts report
 * (libtraceevent cd9cf71, 2021, fixed it for 3.0's libtraceevent 1.5). Such a time is its
 * leading blank and 12 columns after the CPU or flags, where a raw clock's count is 12 columns
 * glued to them (`%12d:`, trace-read.c time_format). `width` is the columns from the last
 * character before the time to its colon; the time in ns, or NaN when it is a raw count. A
 * count up to 10^6 is taken for microseconds (-t's first millisecond, in ns, cannot be told
 * from them); one above, for -t's nanoseconds. trace-cmd 2.8 printed a raw count as ` %12llu:`,
 * so one of a counter clock up to 10^6 reads as microseconds too: no ns clock prints one.
 */
export function subSecondTimeNs(count: number, width: number): number {
  if (width !== 13) return Number.NaN;
  if (count <= 1e6) return count * 1000;
  return count <= 1e9 ? count : Number.NaN;
}

/**
 * Where a raw time glued to the flags begins, given `t`, the start of the token's trailing
 * digits. Flags are three letters or dots, then the preempt count (and, from libtraceevent
 * 1.7.1, the migrate-disable count) as a hex digit or `.` (§5.3): a `.` past the three
 * letters ends them (`d..2.` + `48120995123456`), but when they end in digits (`...11` +
 * `48120995123456`) those cannot be told from the time's, and the flags keep the five
 * characters libtraceevent prints today, unless that leaves the time too short. In the -l
 * form the flags follow the CPU's digits; `-R`'s `-0xN` flags are left as they are.
 */
function gluedFlagsEnd(s: string, t: number, colon: number): number {
  let f = t;
  while (f > 0 && s.charCodeAt(f - 1) !== CH_SPACE && s.charCodeAt(f - 1) !== 93 /* ] */) f--;
  while (f < t && isDigit(s.charCodeAt(f))) f++;
  if (f + 3 > t || s.charCodeAt(f) === 45 /* - */) return t;
  if (s.charCodeAt(t - 1) === 46 /* . */ && t - 1 >= f + 3) return t;
  // A glued time has 12 digits at least: with fewer it would have had a blank before it.
  const end = Math.min(f + 5, colon - 12);
  return end > t ? end : t;
}

/**
 * The flags token s[f, p): letters as printed (`.....`, `d..1.`), or with `-R` the raw flag
 * bits `-0x1` glued to the CPU (§4.3 FLAGSPART), whose `-` only separates them from the
 * CPU: the value is `0x1` (checklist 70).
 */
function flagsText(s: string, f: number, p: number): string {
  if (s.charCodeAt(f) === 45 /* - */ && s.charCodeAt(f + 1) === 48 /* 0 */ && s.charCodeAt(f + 2) === 120 /* x */) f++;
  return s.slice(f, p);
}

/**
 * `-R`: `func=NAME depth=N` (entry) and `func=NAME depth=N overrun=0 calltime=HEX rettime=HEX`
 * (exit), in whatever field order the kernel's event format has. Parsed by name.
 */
function parseRawGraphFields(s: string, p: number, isExit: boolean, out: LineRecord): boolean {
  let calltime = '';
  let rettime = '';
  const fields = s.slice(p).trim().split(/\s+/);
  for (const f of fields) {
    const eq = f.indexOf('=');
    if (eq <= 0) continue;
    const key = f.slice(0, eq);
    const value = f.slice(eq + 1);
    if (key === 'func') out.name = value;
    else if (key === 'depth') out.depth = parseIntAuto(value);
    else if (key === 'calltime') calltime = value;
    else if (key === 'rettime') rettime = value;
    else if (key === 'retval' && isExit) out.retval = value;
  }
  if (out.name === '' || !(out.depth >= 0)) {
    out.problem = "expected raw fields 'func=NAME depth=N'";
    return false;
  }
  if (!isExit) {
    out.kind = RecordKind.Entry;
    return true;
  }
  out.kind = RecordKind.Exit;
  if (calltime && rettime) {
    const [call, ret, radix] = clockPair(calltime, rettime, out.tsNs);
    const times = exitTimes(call, ret, calltime, rettime, radix, out.tsNs);
    if (!Number.isNaN(times.durNs)) {
      out.callTimeNs = times.callTimeNs;
      out.durNs = times.durNs;
    }
  }
  return true;
}

/**
 * Raw calltime/rettime are printed as bare hex where libtraceevent prints a field by the
 * event's print fmt (`start: %llx`: `2aeef15b8`), as `%llu` decimal by its print_field_raw
 * (an unsigned long long field), or as `0x…`. A value with a hex letter or `0x` is hex. An
 * all-digit pair is read the way whose rettime lies where the exit's time says
 * (exit-times.ts returnsOnLine), else as decimal. Nearness alone misread a clock other than
 * local (-C tai: 1.7e18 ns, -C boot, --ts-offset): there the bigger hex reading is always
 * nearer, and a decimal report's every duration was its digits read as hex. The choice is
 * the line's alone, no state from earlier lines, so that a range of a parallel load reads
 * it as one pass does (an all-digit pair of a hex report on such a clock, a few in 10^4,
 * is then read as decimal). Hex when the line has no usable timestamp. The radix read comes
 * last (exit-times.ts reads the digits again past 2^53).
 */
function clockPair(call: string, ret: string, tsNs: number): [number, number, 16 | 10] {
  const hex: [number, number, 16] = [parseHex(call), parseHex(ret), 16];
  if (/[xa-fA-F]/.test(call + ret) || Number.isNaN(tsNs)) return hex;
  const dec: [number, number, 10] = [parseDec(call), parseDec(ret), 10];
  const decOn = returnsOnLine(dec[1], tsNs);
  if (decOn !== returnsOnLine(hex[1], tsNs)) return decOn ? dec : hex;
  return dec;
}

function parseIntAuto(text: string): number {
  return text.startsWith('0x') ? parseHex(text) : parseDec(text);
}

/** `-N`: `--> f (1)` / `--> f (1) <- caller` and `<-- f (1) (start: HEX  end: HEX) over: 1 retval: 5a8`. */
function parseKernelGraphFormat(s: string, p: number, out: LineRecord): boolean {
  const isEntry = s.charCodeAt(p) === 45;
  let i = p + 4;
  const open = s.indexOf(' (', i);
  if (open < 0) {
    out.problem = "expected '--> NAME (DEPTH)' or '<-- NAME (DEPTH) …'";
    return false;
  }
  out.name = s.slice(i, open).trim();
  i = scanUint(s, open + 2, num);
  if (i < 0 || s.charCodeAt(i) !== 41) {
    out.problem = "expected a depth '(N)' after the function name";
    return false;
  }
  out.depth = num.value;
  if (isEntry) {
    out.kind = RecordKind.Entry;
    const caller = s.indexOf('<- ', i);
    if (caller > 0) out.parentName = s.slice(caller + 3).trim();
    return true;
  }
  out.kind = RecordKind.Exit;
  const m = /start: ([0-9a-fA-Fx]+)\s+end: ([0-9a-fA-Fx]+)/.exec(s.slice(i));
  if (m) {
    const times = exitTimes(parseHex(m[1]), parseHex(m[2]), m[1], m[2], 16, out.tsNs);
    out.callTimeNs = times.callTimeNs;
    out.durNs = times.durNs;
  }
  // `retval: %lx` prints bare hex; the `0x` keeps it from reading as decimal.
  const ret = /\bretval: (?:0x)?([0-9a-fA-F]+)/.exec(s.slice(i));
  if (ret) out.retval = '0x' + ret[1];
  return true;
}

/**
 * `function:   NAME`, `function: NAME <-- PARENT`, `func_repeats: NAME <-PARENT\t(repeats:4  delta: -189)`,
 * `func_repeats: NAME <-- PARENT (count: 4  last_ts: …)`,
 * and with `-O offset` `NAME+0x4  <-- PARENT+0x2c ` (libtraceevent's plugin_function.c).
 * The function plugin's indentation is a guess, never a depth (§4.5).
 */
function parseFunctionPayload(s: string, i: number, out: LineRecord): boolean {
  let text = s.slice(i).trim();
  const kernelRep = text.lastIndexOf('(repeats:');
  const rep = text.indexOf(' (count: ');
  if (kernelRep > 0 && readKernelRepeats(text, kernelRep, out)) {
    text = text.slice(0, kernelRep);
  } else if (rep > 0) {
    const after = scanUint(text, rep + 9, num);
    out.count = num.value;
    const last = after < 0 ? -1 : text.indexOf('last_ts:', after);
    if (last >= 0) {
      let t = last + 8;
      while (text.charCodeAt(t) === CH_SPACE) t++;
      if (scanTimestampNs(text, t, num) > 0) out.lastTsNs = num.value;
    }
    text = text.slice(0, rep);
  }
  // `<-- ` in the function event's format and plugin; `<-` glued to the parent in func_repeats's.
  const arrow = text.indexOf(' <-');
  if (arrow > 0) {
    const from = text.startsWith(' <--', arrow) ? arrow + 4 : arrow + 3;
    out.parentName = withoutOffset(text.slice(from).trim());
    text = text.slice(0, arrow);
  }
  text = withoutOffset(text.trim());
  if (text.length === 0) {
    out.problem = 'expected a function name after "function:"';
    return false;
  }
  out.kind = RecordKind.FunctionCall;
  out.name = text;
  return true;
}

/**
 * The tail of func_repeats as trace-cmd prints it, `(repeats:N  delta: -D)` at `at`: the event's
 * own print format, as no libtraceevent plugin handles the event (kernel trace_entries.h
 * `FTRACE_ENTRY(func_repeats …)`: `" %ps <-%ps\t(repeats:%u  delta: -%llu)"`). N calls repeated
 * the line before (trace_functions.c counts the repeats after the call it recorded), the last
 * of them D ns before this record's time. False, and nothing set, unless the tail is whole.
 */
function readKernelRepeats(text: string, at: number, out: LineRecord): boolean {
  let k = scanUint(text, at + 9, num);
  if (k < 0) return false;
  const count = num.value;
  while (text.charCodeAt(k) === CH_SPACE) k++;
  if (!text.startsWith('delta: -', k)) return false;
  k = scanUint(text, k + 8, num);
  if (k < 0 || k !== text.length - 1 || text.charCodeAt(k) !== 41 /* ) */) return false;
  out.count = count;
  if (!Number.isNaN(out.tsNs)) out.lastTsNs = out.tsNs - num.value;
  return true;
}

/** `-O offset` (ftrace:offset) prints `NAME+0xOFF ` for a function and its parent: the name is NAME. */
function withoutOffset(name: string): string {
  const plus = name.indexOf('+0x');
  return plus > 0 ? name.slice(0, plus) : name;
}

/** A trace-cmd record line (loosely: the prefix and an event name). */
export const RECORD_RE = /^\s*(?:\S+: +)?.*-\d+\s+(?:\[\d+\]|\d+\S*)\s*\S*\s*\d+(?:\.\d+)?: (?:\(\+\d+\)\s*)?\w+:/;

export const traceCmdReportDetector: FormatDetector = {
  id: 'trace-cmd-report',
  score(lines) {
    // A latency tracer's report is `cpus=N` and then the kernel's own text (isLatencyReport).
    if (isLatencyReport(lines)) return 0;
    let records = 0;
    let seen = 0;
    let preambleOnly = true;
    for (const line of lines) {
      if (line.trim() === '') continue;
      // `cpus=N` before the first record means trace-cmd (checklist 8). Older versions print
      // `CPU N is empty` and `version = N` before it, so those may come first; they are not
      // records and must not dilute the score of a short report either.
      if (preambleOnly && PREAMBLE_RE.test(line)) {
        if (/cpus=\d+/.test(line)) return 1;
        continue;
      }
      preambleOnly = false;
      seen++;
      if (/: (?:funcgraph_entry|funcgraph_exit|fgraph_retaddr_entry):/.test(line)) return 1;
      if (RECORD_RE.test(line)) records++;
    }
    return seen === 0 ? 0 : (0.8 * records) / seen;
  },
  create() {
    return new TraceCmdReportParser();
  },
};

/**
 * Whether the text after the ': ' at `colon`, up to its next ':', holds a blank after its
 * first character: no event name does (`funcgraph_entry`, `sched_switch`), while a task name
 * that reads as a prefix leaves the rest of the record there (`y-4194303 [1023] 1011.5`).
 */
function eventNameHasBlank(s: string, colon: number): boolean {
  const from = colon + 2;
  if (from >= s.length || s.charCodeAt(from) === CH_SPACE) return false;
  const end = s.indexOf(':', from);
  const blank = s.indexOf(' ', from);
  return blank > 0 && (end < 0 || blank < end);
}
