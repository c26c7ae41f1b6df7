/**
 * The hot path of `trace-cmd report` parsing, on bytes: the plain funcgraph_entry /
 * funcgraph_exit lines that make up nearly all of a function_graph report,
 *
 *   COMM-PID [CPU] [FLAGS] TIME: funcgraph_entry:   [MARK] N.NNN us |  indent f();
 *   COMM-PID [CPU] [FLAGS] TIME: funcgraph_exit:    [MARK] N.NNN us |  indent }
 *
 * with no string made for a name seen before, and the other events' lines (`NAME: PAYLOAD`,
 * sched_switch, softirq_entry…: otherEvent). Anything else (the events the string parser
 * reads its own way, -l, -R, -N, --ts-diff, tails, depth suffixes, return values,
 * arguments, odd spacing) returns -1 and the caller hands the line to the complete string
 * parser (trace-cmd-report.ts), which gives the same record for these lines too (a test
 * checks that on real traces).
 *
 * It also finds the line's end: a taken line must end in LF (CRLF, trailing blanks
 * allowed) and the LF's index is returned, so the bulk of a report is read once instead
 * of being scanned for line ends first and parsed after.
 */
import { asciiText, utf8Text } from '../../lib/ascii-text';
import { FNV_OFFSET, FNV_PRIME, StringTable } from '../model/string-table';
import { isUnresolvedName } from './fields';
import { RecordFlag, RecordKind, resetRecord, type LineRecord } from './record';
import { endsInDebugTail } from './trace-cmd-report';

const SPACE = 32;
const LF = 10;
const CR = 13;
const ZERO = 48;
const NINE = 57;

/**
 * The event name at `k`: 1 for `funcgraph_entry:`, 2 for `funcgraph_exit:`, 0 otherwise.
 * Spelled out byte by byte: this runs once per line, and a loop over a word array costs
 * twice the loads.
 */
function funcgraphEvent(b: Uint8Array, k: number): number {
  // f u n c g r a p h _
  if (
    b[k] !== 102 || b[k + 1] !== 117 || b[k + 2] !== 110 || b[k + 3] !== 99 || b[k + 4] !== 103 ||
    b[k + 5] !== 114 || b[k + 6] !== 97 || b[k + 7] !== 112 || b[k + 8] !== 104 || b[k + 9] !== 95
  ) {
    return 0;
  }
  if (b[k + 10] !== 101 /* e */) return 0;
  const c = b[k + 11];
  // n t r y :
  if (c === 110) return b[k + 12] === 116 && b[k + 13] === 114 && b[k + 14] === 121 && b[k + 15] === 58 ? 1 : 0;
  // x i t :
  if (c === 120) return b[k + 12] === 105 && b[k + 13] === 116 && b[k + 14] === 58 ? 2 : 0;
  return 0;
}

export class TraceCmdFastPath {
  /** Task names by pid, with their bytes, so a known name makes no string. */
  private readonly commByPid = new Map<number, KnownComm>();
  private lastComm: KnownComm | undefined;
  private readonly flagsByKey = new Map<number, string>();
  /** The other events' names, each made once (interned by their bytes, apart from the functions'). */
  private readonly eventNames = new StringTable();
  /** Per function id: 0 not yet looked at, 1 a symbol, 2 an address. */
  private unresolved = new Uint8Array(1024);
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly strings: StringTable) {}

  /**
   * When the line starting at `s` is a plain funcgraph line ending in LF before `e`
   * (a chunk's end), fills `out` and returns the index of that LF; otherwise -1.
   * Every scan stops at LF, so a line is never read into the next one.
   */
  parse(b: Uint8Array, s: number, e: number, out: LineRecord): number {
    if (b[s] === 62 /* > */) return -1; // e-mail quote markers: the loader strips them
    let i = s;
    let c = 0;
    while (i < e && b[i] === SPACE) i++;
    const commStart = i;
    // `[CPU]`: the first `[` followed by digits and `]`.
    let j = i;
    let sawColon = false; // for the prefix check below, without a second scan of most names
    while (j < e && (c = b[j]) !== 91 /* [ */ && c !== LF) {
      if (c === 58 /* : */) sawColon = true;
      // A terminal colour code (ESC `[`…, from grep --color), a tab, or a web page's no-break
      // space (C2 A0 in UTF-8): the loader's text takes them out or expands them. A task name
      // in UTF-8 goes to the string parser too, which reads it the same.
      else if (c < SPACE || c >= 0x80) return -1;
      j++;
    }
    if (j >= e || c === LF) return -1;
    let k = j + 1;
    let cpu = 0;
    c = b[k];
    if (!(c >= ZERO && c <= NINE)) return -1;
    while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
      cpu = cpu * 10 + (c - ZERO);
      k++;
    }
    if (b[k] !== 93 /* ] */) return -1;
    k++;
    const afterCpu = k;
    // COMM-PID before the bracket: trailing blanks, pid digits, `-`.
    let t = j;
    while (t > commStart && b[t - 1] === SPACE) t--;
    let pid = 0;
    let mul = 1;
    let p = t;
    while (p > commStart && (c = b[p - 1]) >= ZERO && c <= NINE) {
      pid += (c - ZERO) * mul;
      mul *= 10;
      p--;
    }
    if (p === t || p <= commStart || b[p - 1] !== 45 /* - */) return -1;
    const commEnd = p - 1;
    // `net:             curl-139`: an instance's or input file's prefix (its name, ': ', then
    // the task name right-aligned, so blanks): the string parser reads those. A ': ' followed
    // by a name's character is a part of the name (`tmux: server`), as that parser reads it.
    if (sawColon) for (let q = commStart; q < commEnd - 2; q++) if (b[q] === 58 && b[q + 1] === SPACE && b[q + 2] === SPACE) return -1;
    // Optional flags token, then the timestamp ending in `:`.
    if (b[k] !== SPACE) return -1;
    while (k < e && b[k] === SPACE) k++;
    c = b[k];
    let flagsStart = -1;
    let flagsEnd = -1;
    if (!(c >= ZERO && c <= NINE)) {
      flagsStart = k;
      while (k < e && (c = b[k]) !== SPACE && c !== LF) k++; // flags (`.....`, `d..1.`)
      flagsEnd = k;
      while (k < e && b[k] === SPACE) k++;
      c = b[k];
      if (!(c >= ZERO && c <= NINE)) return -1;
    }
    let secs = 0;
    while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
      secs = secs * 10 + (c - ZERO);
      k++;
    }
    let ts = secs;
    let recordFlags: number = RecordFlag.RawTime; // until a fraction says seconds
    // A count in 13 columns may be trace-cmd 2.9's time under a second: the string parser's (subSecondTimeNs).
    if (b[k] !== 46 /* . */ && k - (flagsEnd >= 0 ? flagsEnd : afterCpu) === 13) return -1;
    if (b[k] === 46 /* . */) {
      recordFlags = 0;
      k++;
      let frac = 0;
      const f0 = k;
      while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
        frac = frac * 10 + (c - ZERO);
        k++;
      }
      const digits = k - f0;
      if (digits === 6) ts = secs * 1e9 + frac * 1000;
      else if (digits === 9) ts = secs * 1e9 + frac;
      else return -1;
    }
    if (b[k] !== 58 /* : */ || b[k + 1] !== SPACE) return -1;
    k += 2;
    const event = funcgraphEvent(b, k);
    if (event === 0) {
      // Another event (sched_switch, irq_handler_entry, …): its name and payload as text.
      const end = this.otherEvent(b, k, e, out);
      if (end < 0) return -1;
      out.comm = this.comm(b, commStart, commEnd, pid);
      out.pid = pid;
      out.cpu = cpu;
      out.tsNs = ts;
      out.flags = recordFlags;
      if (flagsStart >= 0) out.flagsText = this.flagsText(b, flagsStart, flagsEnd);
      return end;
    }
    const isExit = event === 2;
    k += isExit ? 15 : 16; // `funcgraph_exit:` / `funcgraph_entry:`
    // Duration column: `[MARK] N.NNN us <pad>|` or `<pad>|`.
    while (k < e && b[k] === SPACE) k++;
    let dur = Number.NaN;
    let mark = 0;
    c = b[k];
    if (c !== 124 /* | */) {
      if (c === 43 || c === 33 || c === 35 || c === 36 || c === 64 || c === 42) {
        mark = c;
        k++;
        while (k < e && b[k] === SPACE) k++;
      }
      let us = 0;
      c = b[k];
      if (!(c >= ZERO && c <= NINE)) return -1;
      while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
        us = us * 10 + (c - ZERO);
        k++;
      }
      let ns = us * 1000;
      if (b[k] === 46) {
        k++;
        const f0 = k;
        let frac = 0;
        while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
          frac = frac * 10 + (c - ZERO);
          k++;
        }
        if (k - f0 !== 3) return -1; // trace-cmd always prints 3 decimals
        ns += frac;
      }
      if (b[k] !== SPACE || b[k + 1] !== 117 /* u */ || b[k + 2] !== 115 /* s */) return -1;
      k += 3;
      while (k < e && b[k] === SPACE) k++;
      if (b[k] !== 124) return -1;
      dur = ns;
    }
    k++;
    // Body: two separator spaces, two per depth level, then `}`, `f();` or `f() {`.
    const b0 = k;
    while (k < e && b[k] === SPACE) k++;
    const indent = k - b0 - 2;
    if (indent < 0 || indent & 1) return -1;
    let kind: RecordKind;
    let funcId = -1;
    if (b[k] === 125 /* } */) {
      if (!isExit) return -1;
      kind = RecordKind.Exit;
      k++;
    } else {
      if (isExit) return -1;
      // The name, hashed while it is scanned so interning needs no second pass.
      const nameStart = k;
      let h = FNV_OFFSET;
      // Control bytes end it too (a colour code's ESC, a tab), and so do bytes past ASCII (a
      // no-break space): the string parser reads those lines.
      while (k < e && (c = b[k]) !== 40 /* ( */ && c > SPACE && c < 0x80) {
        h = Math.imul(h ^ c, FNV_PRIME);
        k++;
      }
      if (k === nameStart || c !== 40 || b[k + 1] !== 41 /* ) */) return -1;
      const nameEnd = k;
      k += 2;
      if (b[k] === 59 /* ; */) {
        kind = RecordKind.Leaf;
        k++;
      } else if (b[k] === SPACE && b[k + 1] === 123 /* { */) {
        kind = RecordKind.Entry;
        k += 2;
      } else return -1;
      if ((kind === RecordKind.Leaf) === Number.isNaN(dur)) return -1;
      funcId = this.strings.internHashedBytes(b, nameStart, nameEnd, h);
      if (this.isUnresolved(funcId)) recordFlags |= RecordFlag.Unresolved;
    }
    // Only blanks may follow, then the line end.
    while (k < e && b[k] === SPACE) k++;
    if (b[k] === CR) k++;
    if (k >= e || b[k] !== LF) return -1;
    resetRecord(out);
    out.kind = kind;
    out.comm = this.comm(b, commStart, commEnd, pid);
    out.pid = pid;
    out.cpu = cpu;
    out.tsNs = ts;
    out.depth = indent >> 1;
    out.durNs = dur;
    out.funcId = funcId;
    if (funcId >= 0) out.name = this.strings.get(funcId);
    out.flags = recordFlags;
    if (flagsStart >= 0) out.flagsText = this.flagsText(b, flagsStart, flagsEnd);
    if (mark !== 0) out.mark = String.fromCharCode(mark);
    return k;
  }

  /**
   * An event line other than function_graph's from its name at `k` (after the time's `: `):
   * `NAME: PAYLOAD`, the string parser's generic event (trace-cmd-report.ts: name up to the
   * first `:`, payload trimmed). When it is one, `out` is reset and holds the kind, name and
   * text, and the index of the line's LF is returned; otherwise -1, `out` untouched. Left
   * to the string parser: the events it reads another way (function, func_repeats,
   * fgraph_retaddr_entry) or whose message may go on over the next lines (print, bprint,
   * bputs), a `--ts-diff` column, a `--debug` tail, and any byte outside printable ASCII.
   * About 1% of a system-wide report's lines (the bench's 13,387 of 2M): read as strings,
   * they took 6% of its load in Node and more in a browser (ascii-text.ts).
   */
  private otherEvent(b: Uint8Array, k: number, e: number, out: LineRecord): number {
    const nameStart = k;
    let h = FNV_OFFSET;
    let c = 0;
    // An event's name is a C identifier (trace_events.h): anything else is the string parser's.
    while (k < e && (c = b[k]) !== 58 /* : */) {
      if (!((c >= 97 && c <= 122) || (c >= ZERO && c <= NINE) || c === 95 || (c >= 65 && c <= 90))) return -1;
      h = Math.imul(h ^ c, FNV_PRIME);
      k++;
    }
    if (k >= e || k === nameStart) return -1;
    const nameEnd = k;
    k++;
    // The payload: printable ASCII up to the line end (CRLF allowed), blanks around it trimmed.
    while (k < e && b[k] === SPACE) k++;
    const textStart = k;
    let textEnd = k;
    while (k < e && (c = b[k]) !== LF && c !== CR) {
      if (c < SPACE || c >= 0x7f) return -1;
      k++;
      if (c !== SPACE) textEnd = k;
    }
    if (c === CR) k++;
    if (k >= e || b[k] !== LF) return -1;
    const name = this.eventNames.get(this.eventNames.internHashedBytes(b, nameStart, nameEnd, h));
    if (STRING_PARSER_EVENTS.has(name)) return -1;
    const text = asciiText(b, textStart, textEnd);
    // A `--debug` tail the string parser cuts off ends the line only without blanks after
    // it (it cannot begin inside the name: an identifier).
    if (text === undefined || (textEnd === (b[k - 1] === CR ? k - 1 : k) && endsInDebugTail(text))) return -1;
    resetRecord(out);
    out.kind = RecordKind.Event;
    out.name = name;
    out.text = text;
    return k;
  }

  /** Whether a function name is an address (`ffffffffc0a1b2c3`), decided once per name. */
  private isUnresolved(funcId: number): boolean {
    let known = this.unresolved;
    if (funcId >= known.length) {
      known = new Uint8Array(Math.max(funcId + 1, known.length * 2));
      known.set(this.unresolved);
      this.unresolved = known;
    }
    let v = known[funcId];
    if (v === 0) known[funcId] = v = isUnresolvedName(this.strings.get(funcId)) ? 2 : 1;
    return v === 2;
  }

  /** The flags token as a string, made once per distinct token (a few dozen at most). */
  private flagsText(b: Uint8Array, start: number, end: number): string {
    const n = end - start;
    if (n > 6) return utf8Text(this.decoder, b, start, end);
    // Up to six bytes pack exactly into one number (< 2^53): the key needs no string.
    let key = n;
    for (let i = start; i < end; i++) key = key * 256 + b[i];
    let text = this.flagsByKey.get(key);
    if (text === undefined) {
      text = utf8Text(this.decoder, b, start, end);
      this.flagsByKey.set(key, text);
    }
    return text;
  }

  /** The task name: a string is made only when the pid's name bytes changed. */
  private comm(b: Uint8Array, start: number, end: number, pid: number): string {
    let known = this.lastComm;
    if (known === undefined || known.pid !== pid) known = this.commByPid.get(pid);
    if (known !== undefined && sameBytes(known.bytes, b, start, end)) {
      this.lastComm = known;
      return known.comm;
    }
    const bytes = b.slice(start, end);
    known = { pid, bytes, comm: utf8Text(this.decoder, bytes, 0, bytes.length) };
    this.commByPid.set(pid, known);
    this.lastComm = known;
    return known.comm;
  }
}

/**
 * Events the string parser reads other than as a generic event: function_graph's return
 * address entry and the function tracer's two (their own records), and the messages that
 * may go on over the next lines (trace-cmd-report.ts MESSAGE_EVENTS).
 */
const STRING_PARSER_EVENTS: ReadonlySet<string> = new Set(['fgraph_retaddr_entry', 'function', 'func_repeats', 'print', 'bprint', 'bputs']);

interface KnownComm {
  pid: number;
  bytes: Uint8Array;
  comm: string;
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}
