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
    const entries: { hi: number; lo: number; name: string; marker: boolean; order: number }[] = [];
    let order = 0;
    for (const line of text.split('\n')) {
      const sp1 = line.indexOf(' ');
      if (sp1 <= 0 || sp1 > 16) continue;
      const type = line.charAt(sp1 + 1);
      if (line.charAt(sp1 + 2) !== ' ' || type === 'A' || type === 'a') continue;
      let name = line.slice(sp1 + 3);
      const tab = name.indexOf('\t');
      if (tab >= 0) name = name.slice(0, tab);
      name = name.trim();
      if (name === '' || name.charCodeAt(0) === 36 /* $ */) continue;
      const addr = line.slice(0, sp1).padStart(16, '0');
      const hi = parseInt(addr.slice(0, 8), 16);
      const lo = parseInt(addr.slice(8), 16);
      if (Number.isNaN(hi) || Number.isNaN(lo)) continue;
      entries.push({ hi, lo, name, marker: MARKER.test(name), order: order++ });
    }
    entries.sort((a, b) => a.hi - b.hi || a.lo - b.lo || Number(a.marker) - Number(b.marker) || a.order - b.order);
    // One entry per address: the first after sorting is the preferred name.
    const kept = entries.filter((e, k) => k === 0 || e.hi !== entries[k - 1].hi || e.lo !== entries[k - 1].lo);
    this.hi = Uint32Array.from(kept, (e) => e.hi);
    this.lo = Uint32Array.from(kept, (e) => e.lo);
    this.names = kept.map((e) => e.name);
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
