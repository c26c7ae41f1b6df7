/**
 * Function names from the file's copy of /proc/kallsyms (`ADDR TYPE NAME[\t[MODULE]]`),
 * looked up as libtraceevent does (src/event-parse.c tep_parse_kallsyms, func_bcmp): an
 * address resolves to the symbol at or below it, but the highest symbol only to itself;
 * absolute symbols (`A`, `a`) and `$` names are skipped.
 *
 * Where several symbols share an address (SYSCALL_DEFINE0's `__do_sys_geteuid`,
 * `__x64_sys_geteuid`, `__ia32_sys_geteuid`), the name is the one trace-cmd prints, which is
 * deterministic (libtraceevent src/event-parse.c, glibc):
 * - tep_register_function prepends to a list, and func_map_init copies that list into an
 *   array: the array holds the symbols in reverse file order;
 * - qsort by address alone (func_cmp) is glibc's stable merge sort (stdlib/msort.c up to
 *   2.38, stdlib/qsort.c's msort_with_tmp from 2.39; quicksort/heapsort only when the buffer
 *   cannot be had): within an address the names stay in reverse file order;
 * - __find_func is glibc bsearch (`idx = (l + u) / 2`, bits/stdlib-bsearch.h) with
 *   func_bcmp, which matches an entry at the address or below it when the next entry is
 *   above it. An address inside a function matches only the group's last entry, the first
 *   name in the file; the exact address, the first entry of the group that bsearch probes.
 * One rule on top: where that pick is a section marker (`__softirqentry_text_start` shares
 * `__do_softirq`'s address), the first function of the group in the file is given instead,
 * the name trace-cmd prints for addresses inside the function whenever that is a function.
 * An address with no symbol prints as `0x…`, as trace-cmd -R prints it.
 *
 * Kernel addresses need all 64 bits, more than a number holds exactly: they are kept as
 * two 32-bit halves.
 */

/** Names of section boundaries and other markers that are not functions. */
const MARKER = /^_.*_(start|end)$|^_[se](text|data|inittext)$|^__(init|exit)_begin$/;

export class Kallsyms {
  /** The distinct addresses, ascending. */
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  /** Address k's names are entries first[k] … first[k + 1] - 1 of libtraceevent's sorted func_map. */
  private readonly first: Uint32Array;
  /** Per func_map entry, where its name sits in the text: decoded only when an event names it. */
  private readonly nameStart: Uint32Array;
  private readonly nameEnd: Uint32Array;
  private readonly marker: Uint8Array;
  private readonly text: Uint8Array;
  /** Resolved names by address (high half → low half → name). */
  private readonly cache = new Map<number, Map<number, string>>();
  private lastHi = -1;
  private lastMap: Map<number, string> | undefined;

  constructor(
    /** The kallsyms text as stored in the file (ASCII/UTF-8 bytes). */
    text: Uint8Array | string,
    /** Bytes of a kernel long: unknown addresses print with this many hex digits at most. */
    private readonly longSize = 8,
  ) {
    const t = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    this.text = t;
    // Parsed into typed arrays sized by the line count, then ordered through an index:
    // 100k lines, no objects and no strings until a name is asked for.
    let lines = 1;
    for (let i = t.indexOf(10); i >= 0; i = t.indexOf(10, i + 1)) lines++;
    const his = new Uint32Array(lines);
    const los = new Uint32Array(lines);
    const starts = new Uint32Array(lines);
    const ends = new Uint32Array(lines);
    const markers = new Uint8Array(lines);
    let count = 0;
    let pos = 0;
    const n = t.length;
    while (pos < n) {
      let eol = t.indexOf(10, pos);
      if (eol < 0) eol = n;
      const line = pos;
      pos = eol + 1;
      let sp1 = line;
      while (sp1 < eol && t[sp1] !== 32) sp1++;
      if (sp1 === line || sp1 > line + 16 || sp1 + 3 >= eol || t[sp1 + 2] !== 32) continue;
      const type = t[sp1 + 1];
      if (type === 65 /* A */ || type === 97 /* a */) continue;
      // The name ends at a tab (a module follows) or at the line end.
      const nameStart = sp1 + 3;
      let nameEnd = nameStart;
      while (nameEnd < eol && t[nameEnd] !== 9 && t[nameEnd] !== 13) nameEnd++;
      if (nameEnd === nameStart || t[nameStart] === 36 /* $ */) continue;
      const split = Math.max(line, sp1 - 8);
      const hi = hexAt(t, line, split);
      const lo = hexAt(t, split, sp1);
      if (hi < 0 || lo < 0) continue;
      his[count] = hi;
      los[count] = lo;
      starts[count] = nameStart;
      ends[count] = nameEnd;
      markers[count] = isMarker(t, nameStart, nameEnd) ? 1 : 0;
      count++;
    }
    const order = sortedOrder(his, los, count);
    // func_map's entries in order, and one row per address pointing at its first entry.
    // (Plain loops: typed-array `from` with a mapping function is several times slower.)
    this.entries = count;
    this.nameStart = new Uint32Array(count);
    this.nameEnd = new Uint32Array(count);
    this.marker = new Uint8Array(count);
    const hiOut = new Uint32Array(count);
    const loOut = new Uint32Array(count);
    const first = new Uint32Array(count + 1);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const k = order[i];
      this.nameStart[i] = starts[k];
      this.nameEnd[i] = ends[k];
      this.marker[i] = markers[k];
      if (kept > 0 && his[k] === hiOut[kept - 1] && los[k] === loOut[kept - 1]) continue;
      hiOut[kept] = his[k];
      loOut[kept] = los[k];
      first[kept] = i;
      kept++;
    }
    first[kept] = count;
    this.hi = hiOut.subarray(0, kept);
    this.lo = loOut.subarray(0, kept);
    this.first = first.subarray(0, kept + 1);
    this.size = kept;
  }

  /** Distinct symbol addresses. */
  readonly size: number;
  /** Symbols kept (func_map's length, aliases included). */
  private readonly entries: number;

  /** The name for the address `hi:lo`: a symbol, or `0x…` when none covers it. */
  name(hi: number, lo: number): string {
    let byLo: Map<number, string> | undefined;
    if (hi === this.lastHi) byLo = this.lastMap;
    else {
      byLo = this.cache.get(hi);
      if (!byLo) this.cache.set(hi, (byLo = new Map<number, string>()));
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

  /**
   * `%pS`/`%pF`: the name and the address's offset into the symbol (`kmalloc_trace+0x2a`),
   * as libtraceevent's print_function prints them; `0x…` when no symbol covers it.
   */
  nameWithOffset(hi: number, lo: number): string {
    const k = this.find(hi, lo);
    if (k < 0) return hexAddress(hi, lo, this.longSize);
    const offset = (hi - this.hi[k]) * 4294967296 + (lo - this.lo[k]);
    return `${this.name(hi, lo)}+0x${offset.toString(16)}`;
  }

  /** Distinct addresses looked up that no symbol covers (printed as `0x…`). */
  unnamed = 0;

  /**
   * The file's kallsyms lists symbols, every one at address 0: /proc/kallsyms as the kernel
   * shows it to a reader it hides addresses from (kallsyms_show_value, kernel/ksyms_common.c,
   * formerly kernel/kallsyms.c: kptr_restrict 2, or 1 or 0 without CAP_SYSLOG), so no
   * address has a name.
   */
  get addressesHidden(): boolean {
    return this.size === 1 && this.hi[0] === 0 && this.lo[0] === 0;
  }

  private resolve(hi: number, lo: number): string {
    const k = this.find(hi, lo);
    if (k < 0) {
      this.unnamed++;
      return hexAddress(hi, lo, this.longSize);
    }
    const e = this.pick(k, this.hi[k] === hi && this.lo[k] === lo);
    return DECODER.decode(this.text.subarray(this.nameStart[e], this.nameEnd[e]));
  }

  /**
   * The func_map entry trace-cmd names address k by (see the class comment): inside the
   * function, the group's last entry; at its exact address, the first of the group that
   * glibc's bsearch probes over the whole array. A marker gives way to the group's last
   * function entry, the first function in the file.
   */
  private pick(k: number, exact: boolean): number {
    const from = this.first[k];
    const to = this.first[k + 1];
    let e = to - 1;
    if (exact && to - from > 1) {
      // bsearch's probes only compare the address: below the group go right, above it left.
      let l = 0;
      let u = this.entries;
      for (;;) {
        const idx = Math.floor((l + u) / 2);
        if (idx < from) l = idx + 1;
        else if (idx >= to) u = idx;
        else {
          e = idx;
          break;
        }
      }
    }
    if (this.marker[e]) for (let j = to - 1; j >= from; j--) if (!this.marker[j]) return j;
    return e;
  }

  /** The symbol that covers the address (see the class comment), or -1. */
  private find(hi: number, lo: number): number {
    const H = this.hi;
    const L = this.lo;
    const size = this.size;
    // The last entry at or below the address.
    let a = 0;
    let b = size;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (H[m] < hi || (H[m] === hi && L[m] <= lo)) a = m + 1;
      else b = m;
    }
    const k = a - 1;
    if (k >= 0) {
      const exact = H[k] === hi && L[k] === lo;
      if (exact || k < size - 1) return k;
    }
    return -1;
  }
}

const DECODER = new TextDecoder();

/** The last byte of every name MARKER matches ("…_start", "…_end", "…text", "…data", "…_begin"). */
const MARKER_LAST = new Set([116 /* t */, 100 /* d */, 97 /* a */, 110 /* n */]);

/**
 * MARKER's test of the name text[from, to). A third of a kernel's names start with `_`; only
 * those ending as a marker does are made a string for the pattern (the rest, a string and a
 * regex each, took most of the parse).
 */
function isMarker(t: Uint8Array, from: number, to: number): boolean {
  return t[from] === 95 /* _ */ && MARKER_LAST.has(t[to - 1]) && MARKER.test(ascii(t, from, to));
}

/** Whether a kallsyms name is a section boundary or other marker, not a function. */
export function isSectionMarker(name: string): boolean {
  return MARKER.test(name);
}

function ascii(t: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(t[i]);
  return s;
}

/** `0x%llx` of a 64-bit address given in halves (`0x%lx` of the low half for a 4-byte long). */
export function hexAddress(hi: number, lo: number, longSize = 8): string {
  if (hi === 0 || longSize === 4) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** Index bits of a sort key: kallsyms of up to 2^19 lines sort as plain numbers. */
const INDEX_BITS = 524288; // 2^19
/** More distinct high halves than this (not a real kernel's): the comparator sort. */
const MAX_HIGHS = 16;

/**
 * Line indexes ordered as libtraceevent's func_map after qsort: by address, and at one
 * address in reverse file order (the list it is copied from was built by prepending, and
 * glibc's merge sort is stable). Kernel addresses share a few high halves (all ones,
 * mostly): per high half the low half and the reversed index make one exact number below
 * 2^51, and a typed array sorts those natively, several times faster than a comparator
 * over 100k lines.
 */
function sortedOrder(his: Uint32Array, los: Uint32Array, n: number): Uint32Array {
  // The distinct high halves (a kernel has one or two), ascending.
  const highs: number[] = [];
  for (let k = 0; k < n && highs.length <= MAX_HIGHS; k++) if (!highs.includes(his[k])) highs.push(his[k]);
  if (n >= INDEX_BITS || highs.length > MAX_HIGHS) {
    const order = Array.from({ length: n }, (_, k) => k);
    order.sort((a, b) => his[a] - his[b] || los[a] - los[b] || b - a);
    return Uint32Array.from(order);
  }
  highs.sort((a, b) => a - b);
  const order = new Uint32Array(n);
  let o = 0;
  for (const hi of highs) {
    let m = 0;
    for (let k = 0; k < n; k++) if (his[k] === hi) m++;
    const keys = new Float64Array(m);
    m = 0;
    for (let k = 0; k < n; k++) if (his[k] === hi) keys[m++] = los[k] * INDEX_BITS + (INDEX_BITS - 1 - k);
    keys.sort();
    for (let j = 0; j < m; j++) order[o++] = INDEX_BITS - 1 - (keys[j] % INDEX_BITS);
  }
  return order;
}

/** The hex number text[from, to) (at most 8 digits), or -1 when a character is not hex. */
function hexAt(text: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    const d = c <= 57 ? c - 48 : (c | 32) - 87;
    if (d < 0 || d > 15 || (c > 57 && (c | 32) < 97)) return -1;
    v = v * 16 + d;
  }
  return v;
}
