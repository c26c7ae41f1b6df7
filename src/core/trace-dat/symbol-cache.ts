/**
 * Function names by address for the record decoder's hot path: each address is resolved
 * through kallsyms once, then found again by its two 32-bit halves in an open-addressing
 * table of typed arrays (a Map keyed by a kernel address's low half would hash a heap
 * number per record: they are above 2^31).
 *
 * With the model's string table, an address also remembers its name's id there once the
 * builder interned it (the builder interns a name when a call first needs it, so ids keep
 * the order they had without this cache), and records carry it as `funcId`: the builder
 * then needs no string lookup.
 */
import type { StringTable } from '../model/string-table';
import type { Kallsyms } from './kallsyms';

/** Distinct addresses a trace's functions use are a few thousand: start with room for 4k. */
const INITIAL_SLOTS = 8192;

/**
 * The slot of an address: the top bits of a multiplicative hash of its halves. Not the low
 * bits: kernel functions start on 16-byte boundaries (64 in some builds), so the low 4 bits
 * of every address, and of its product with an odd number, are the same; a lookup indexed
 * by them probed 3.9 slots on average (3,000 functions at random 16-byte-aligned addresses
 * in 8,192 slots; 12.8 at 64-byte alignment), by the top bits 1.3.
 */
function slotOf(hi: number, lo: number, shift: number): number {
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> shift;
}

export class SymbolCache {
  private mask = INITIAL_SLOTS - 1;
  /** 32 minus log2 of the slot count: slotOf's shift. */
  private shift = Math.clz32(INITIAL_SLOTS) + 1;
  private keyHi = new Uint32Array(INITIAL_SLOTS);
  private keyLo = new Uint32Array(INITIAL_SLOTS);
  /** Slot → entry index, -1 for an empty slot. */
  private slot = new Int32Array(INITIAL_SLOTS).fill(-1);
  private readonly names: string[] = [];
  /** Entry → id in the string table, -1 until the name is interned there. */
  private ids = new Int32Array(INITIAL_SLOTS >> 1).fill(-1);
  /** entryAt's address on a miss, on its way to `add`. */
  private readonly pending = new Uint32Array(2);

  constructor(
    private readonly kallsyms: Kallsyms,
    private readonly strings: StringTable | null = null,
  ) {}

  /**
   * The entry of the address stored at `at` in `dv` (8 bytes when `wide`, else 4), read
   * here: a kernel address's halves are past the small integers a call passes unboxed, so
   * handing them over as numbers would allocate two boxes per record.
   */
  entryAt(dv: DataView, at: number, little: boolean, wide: boolean): number {
    const hi = wide ? dv.getUint32(at + (little ? 4 : 0), little) : 0;
    const lo = wide ? dv.getUint32(at + (little ? 0 : 4), little) : dv.getUint32(at, little);
    // entry()'s probe, here (a hit is the rule: the halves leave this function only on a miss).
    const mask = this.mask;
    let k = slotOf(hi, lo, this.shift);
    for (;;) {
      k &= mask;
      const e = this.slot[k];
      if (e < 0) {
        // Through the typed array: the halves never become numbers of the heap here.
        this.pending[0] = hi;
        this.pending[1] = lo;
        return this.addPending(k);
      }
      if (this.keyLo[k] === lo && this.keyHi[k] === hi) return e;
      k++;
    }
  }

  /**
   * entryAt of an address in 32-bit words of the machine's byte order (BinaryView.words):
   * its low half at `words[w]`, its high half after it when `wide` (else 0). The words are
   * signed, small integers to the compiler, unlike the halves of a kernel address.
   */
  entryOfWords(words: Int32Array, w: number, wide: boolean): number {
    const lo = words[w];
    const hi = wide ? words[w + 1] : 0;
    // The slot of the same 32 bits as entryAt's (Math.imul and ^ read them alike signed or not).
    const mask = this.mask;
    let k = slotOf(hi, lo, this.shift);
    for (;;) {
      k &= mask;
      const e = this.slot[k];
      if (e < 0) {
        this.pending[0] = hi;
        this.pending[1] = lo;
        return this.addPending(k);
      }
      if (this.keyLo[k] === lo >>> 0 && this.keyHi[k] === hi >>> 0) return e;
      k++;
    }
  }

  /** The entry of the address `hi:lo` (an index for `name` and `id`). */
  entry(hi: number, lo: number): number {
    const mask = this.mask;
    let k = slotOf(hi, lo, this.shift);
    for (;;) {
      k &= mask;
      const e = this.slot[k];
      if (e < 0) return this.add(k, hi, lo);
      if (this.keyLo[k] === lo && this.keyHi[k] === hi) return e;
      k++;
    }
  }

  name(entry: number): string {
    return this.names[entry];
  }

  /** The string-table id of the entry's name, -1 while the builder has not interned it. */
  id(entry: number): number {
    const id = this.ids[entry];
    if (id >= 0 || this.strings === null) return id;
    const found = this.strings.find(this.names[entry]);
    if (found === undefined) return -1;
    this.ids[entry] = found;
    return found;
  }

  private addPending(k: number): number {
    return this.add(k, this.pending[0], this.pending[1]);
  }

  private add(k: number, hi: number, lo: number): number {
    const e = this.names.length;
    this.names.push(this.kallsyms.name(hi, lo));
    if (e >= this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2).fill(-1);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.keyHi[k] = hi;
    this.keyLo[k] = lo;
    this.slot[k] = e;
    // At most half full, so that probes stay short.
    if (this.names.length * 2 > this.slot.length) this.rehash();
    return e;
  }

  private rehash(): void {
    const oldHi = this.keyHi;
    const oldLo = this.keyLo;
    const oldSlot = this.slot;
    const n = oldSlot.length * 2;
    this.mask = n - 1;
    this.shift = Math.clz32(n) + 1;
    this.keyHi = new Uint32Array(n);
    this.keyLo = new Uint32Array(n);
    this.slot = new Int32Array(n).fill(-1);
    for (let j = 0; j < oldSlot.length; j++) {
      const e = oldSlot[j];
      if (e < 0) continue;
      let k = slotOf(oldHi[j], oldLo[j], this.shift);
      for (;;) {
        k &= this.mask;
        if (this.slot[k] < 0) break;
        k++;
      }
      this.keyHi[k] = oldHi[j];
      this.keyLo[k] = oldLo[j];
      this.slot[k] = e;
    }
  }
}
