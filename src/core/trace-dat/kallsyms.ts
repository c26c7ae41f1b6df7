/**
 * Function names from the file's copy of /proc/kallsyms (`ADDR TYPE NAME[\t[MODULE]]`),
 * looked up as libtraceevent does (src/event-parse.c tep_parse_kallsyms, func_bcmp): an
 * address resolves to the symbol at or below it, but the highest symbol only to itself;
 * absolute symbols (`A`, `a`) and `$` names are skipped.
 *
 * Where several symbols share an address, libtraceevent's choice falls out of qsort and
 * bsearch; here it is fixed: a function over a section marker (`__softirqentry_text_start`
 * shares `__do_softirq`'s address), else the first in the file. An address with no symbol
 * prints as `0x…`, as trace-cmd -R prints it.
 *
 * Kernel addresses need all 64 bits, more than a number holds exactly: they are kept as
 * two 32-bit halves.
 */

/** Names of section boundaries and other markers that are not functions. */
const MARKER = /^_.*_(start|end)$|^_[se](text|data|inittext)$|^__(init|exit)_begin$/;

export class Kallsyms {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly names: string[];
  /** Resolved names by address (high half → low half → name). */
  private readonly cache = new Map<number, Map<number, string>>();
  private lastHi = -1;
  private lastMap: Map<number, string> | undefined;

  constructor(
    text: string,
    /** Bytes of a kernel long: unknown addresses print with this many hex digits at most. */
    private readonly longSize = 8,
  ) {
    // Parsed into parallel arrays, then ordered through an index: 100k lines, no objects.
    const his: number[] = [];
    const los: number[] = [];
    const names: string[] = [];
    const markers: boolean[] = [];
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = n;
      const line = pos;
      pos = eol + 1;
      const sp1 = text.indexOf(' ', line);
      if (sp1 <= line || sp1 > line + 16 || sp1 + 3 > eol || text.charCodeAt(sp1 + 2) !== 32) continue;
      const type = text.charCodeAt(sp1 + 1);
      if (type === 65 /* A */ || type === 97 /* a */) continue;
      // The name ends at a tab (a module follows) or at the line end; searched in this line only.
      let nameEnd = sp1 + 3;
      while (nameEnd < eol && text.charCodeAt(nameEnd) !== 9 && text.charCodeAt(nameEnd) !== 13) nameEnd++;
      if (nameEnd === sp1 + 3 || text.charCodeAt(sp1 + 3) === 36 /* $ */) continue;
      // The address in two 32-bit halves, read digit by digit (parseInt of slices is slow here).
      const split = Math.max(line, sp1 - 8);
      const hi = hexAt(text, line, split);
      const lo = hexAt(text, split, sp1);
      if (hi < 0 || lo < 0) continue;
      const name = text.slice(sp1 + 3, nameEnd);
      his.push(hi);
      los.push(lo);
      names.push(name);
      markers.push(name.charCodeAt(0) === 95 /* _ */ && MARKER.test(name));
    }
    const order = sortedOrder(his, los, markers);
    // One entry per address: the first after sorting is the preferred name.
    const kept = order.filter((k, i) => i === 0 || his[k] !== his[order[i - 1]] || los[k] !== los[order[i - 1]]);
    this.hi = Uint32Array.from(kept, (k) => his[k]);
    this.lo = Uint32Array.from(kept, (k) => los[k]);
    this.names = kept.map((k) => names[k]);
  }

  get size(): number {
    return this.names.length;
  }

  /** The name for the address `hi:lo`: a symbol, or `0x…` when none covers it. */
  name(hi: number, lo: number): string {
    let byLo: Map<number, string> | undefined;
    if (hi === this.lastHi) byLo = this.lastMap;
    else {
      byLo = this.cache.get(hi);
      if (!byLo) this.cache.set(hi, (byLo = new Map()));
      this.lastHi = hi;
      this.lastMap = byLo;
    }
    let name = byLo!.get(lo);
    if (name === undefined) {
      name = this.resolve(hi, lo);
      byLo!.set(lo, name);
    }
    return name;
  }

  private resolve(hi: number, lo: number): string {
    const H = this.hi;
    const L = this.lo;
    // The last entry at or below the address.
    let a = 0;
    let b = this.names.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (H[m] < hi || (H[m] === hi && L[m] <= lo)) a = m + 1;
      else b = m;
    }
    const k = a - 1;
    if (k >= 0) {
      const exact = H[k] === hi && L[k] === lo;
      if (exact || k < this.names.length - 1) return this.names[k];
    }
    return hexAddress(hi, lo, this.longSize);
  }
}

/** `0x%llx` of a 64-bit address given in halves (`0x%lx` of the low half for a 4-byte long). */
export function hexAddress(hi: number, lo: number, longSize = 8): string {
  if (hi === 0 || longSize === 4) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** Index bits of a sort key: kallsyms of up to 2^19 lines sort as plain numbers. */
const INDEX_BITS = 524288; // 2^19

/**
 * Line indexes ordered by address, functions before markers at one address, then file
 * order. Kernel addresses share a few high halves (all ones, mostly): per high half the
 * low half, the marker bit and the index make one exact number below 2^52, and a typed
 * array sorts those natively, several times faster than a comparator over 100k lines.
 */
function sortedOrder(his: number[], los: number[], markers: boolean[]): number[] {
  const n = his.length;
  if (n >= INDEX_BITS) {
    const order = Array.from(his, (_, k) => k);
    return order.sort((a, b) => his[a] - his[b] || los[a] - los[b] || Number(markers[a]) - Number(markers[b]) || a - b);
  }
  const groups = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    let g = groups.get(his[k]);
    if (!g) groups.set(his[k], (g = []));
    g.push(los[k] * (2 * INDEX_BITS) + (markers[k] ? INDEX_BITS : 0) + k);
  }
  const order: number[] = [];
  for (const hi of [...groups.keys()].sort((a, b) => a - b)) {
    const keys = Float64Array.from(groups.get(hi)!).sort();
    for (const key of keys) order.push(key % INDEX_BITS);
  }
  return order;
}

/** The hex number text[from, to) (at most 8 digits), or -1 when a character is not hex. */
function hexAt(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const d = c <= 57 ? c - 48 : (c | 32) - 87;
    if (d < 0 || d > 15 || (c > 57 && (c | 32) < 97)) return -1;
    v = v * 16 + d;
  }
  return v;
}
