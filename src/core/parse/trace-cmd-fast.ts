/**
 * The hot path of `trace-cmd report` parsing, on bytes: the plain funcgraph_entry /
 * funcgraph_exit lines that make up nearly all of a function_graph report,
 *
 *   COMM-PID [CPU] [FLAGS] TIME: funcgraph_entry:   [MARK] N.NNN us |  indent f();
 *   COMM-PID [CPU] [FLAGS] TIME: funcgraph_exit:    [MARK] N.NNN us |  indent }
 *
 * with no string made for a name seen before. Anything else (other events, -l, -R, -N,
 * --ts-diff, tails, depth suffixes, return values, arguments, odd spacing) returns false
 * and the caller hands the line to the complete string parser (trace-cmd-report.ts),
 * which gives the same record for these lines too (a test checks that on real traces).
 */
import type { StringTable } from '../model/string-table';
import { RecordKind, resetRecord, type LineRecord } from './record';

const SPACE = 32;
const ZERO = 48;
const NINE = 57;
const ENTRY = bytesOf('funcgraph_entry:');
const EXIT = bytesOf('funcgraph_exit:');

function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function matches(b: Uint8Array, i: number, word: Uint8Array): boolean {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return false;
  return true;
}

export class TraceCmdFastPath {
  /** Task names by pid, with the hash of their bytes, so a known name makes no string. */
  private readonly commByPid = new Map<number, { hash: number; comm: string }>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly strings: StringTable) {}

  /** Fills `out` and returns true when b[s, e) is a plain funcgraph line. */
  parse(b: Uint8Array, s: number, e: number, out: LineRecord): boolean {
    if (b[s] === 62 /* > */) return false; // e-mail quote markers: the loader strips them
    let i = s;
    while (i < e && b[i] === SPACE) i++;
    const commStart = i;
    // `[CPU]`: the first `[` followed by digits and `]`.
    let j = i;
    while (j < e && b[j] !== 91 /* [ */) j++;
    if (j >= e) return false;
    let k = j + 1;
    let cpu = 0;
    let c = b[k];
    if (!(c >= ZERO && c <= NINE)) return false;
    while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
      cpu = cpu * 10 + (c - ZERO);
      k++;
    }
    if (b[k] !== 93 /* ] */) return false;
    k++;
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
    if (p === t || p <= commStart || b[p - 1] !== 45 /* - */) return false;
    const commEnd = p - 1;
    // Optional flags token, then the timestamp ending in `:`.
    if (b[k] !== SPACE) return false;
    while (k < e && b[k] === SPACE) k++;
    c = b[k];
    if (!(c >= ZERO && c <= NINE)) {
      while (k < e && b[k] !== SPACE) k++; // flags (`.....`, `d..1.`)
      while (k < e && b[k] === SPACE) k++;
      c = b[k];
      if (!(c >= ZERO && c <= NINE)) return false;
    }
    let secs = 0;
    while (k < e && (c = b[k]) >= ZERO && c <= NINE) {
      secs = secs * 10 + (c - ZERO);
      k++;
    }
    let ts = secs;
    if (b[k] === 46 /* . */) {
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
      else return false;
    }
    if (b[k] !== 58 /* : */ || b[k + 1] !== SPACE) return false;
    k += 2;
    let isExit: boolean;
    if (matches(b, k, ENTRY)) {
      isExit = false;
      k += ENTRY.length;
    } else if (matches(b, k, EXIT)) {
      isExit = true;
      k += EXIT.length;
    } else return false;
    // Duration column: `[MARK] N.NNN us <pad>|` or `<pad>|`.
    while (k < e && b[k] === SPACE) k++;
    let dur = Number.NaN;
    c = b[k];
    if (c !== 124 /* | */) {
      if (c === 43 || c === 33 || c === 35 || c === 36 || c === 64 || c === 42) {
        k++;
        while (k < e && b[k] === SPACE) k++;
      }
      let us = 0;
      c = b[k];
      if (!(c >= ZERO && c <= NINE)) return false;
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
        if (k - f0 !== 3) return false; // trace-cmd always prints 3 decimals
        ns += frac;
      }
      if (b[k] !== SPACE || b[k + 1] !== 117 /* u */ || b[k + 2] !== 115 /* s */) return false;
      k += 3;
      while (k < e && b[k] === SPACE) k++;
      if (b[k] !== 124) return false;
      dur = ns;
    }
    k++;
    // Body: two separator spaces, two per depth level, then `}`, `f();` or `f() {`.
    const b0 = k;
    while (k < e && b[k] === SPACE) k++;
    const indent = k - b0 - 2;
    if (indent < 0 || indent & 1) return false;
    let end = e;
    while (end > k && b[end - 1] === SPACE) end--;
    let kind: RecordKind;
    let funcId = -1;
    if (b[k] === 125 /* } */) {
      if (end !== k + 1 || !isExit) return false;
      kind = RecordKind.Exit;
    } else {
      if (isExit) return false;
      const nameStart = k;
      while (k < end && (c = b[k]) !== 40 /* ( */ && c !== SPACE) k++;
      if (k === nameStart || b[k] !== 40 || b[k + 1] !== 41 /* ) */) return false;
      const nameEnd = k;
      k += 2;
      if (b[k] === 59 /* ; */ && k + 1 === end) kind = RecordKind.Leaf;
      else if (b[k] === SPACE && b[k + 1] === 123 /* { */ && k + 2 === end) kind = RecordKind.Entry;
      else return false;
      if ((kind === RecordKind.Leaf) === Number.isNaN(dur)) return false;
      funcId = this.strings.internBytes(b, nameStart, nameEnd);
    }
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
    return true;
  }

  private comm(b: Uint8Array, start: number, end: number, pid: number): string {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const known = this.commByPid.get(pid);
    if (known && known.hash === h) return known.comm;
    const comm = this.decoder.decode(b.subarray(start, end));
    this.commByPid.set(pid, { hash: h, comm });
    return comm;
  }
}
