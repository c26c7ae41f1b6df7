/** Interns strings to dense integer ids so columns hold numbers, not strings. */
import { utf8Text } from '../../lib/ascii-text';

export type IndexIntoStringTable = number;

/** FNV-1a over bytes: `h = imul(h ^ byte, FNV_PRIME)` from FNV_OFFSET (parsers hash while scanning). */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export class StringTable {
  private readonly ids = new Map<string, IndexIntoStringTable>();
  readonly strings: string[] = [];
  /**
   * Byte-level lookup for the parser's hot path: an open-addressing table from the FNV-1a
   * hash of a name's UTF-8 bytes to its id (-1 = empty slot), so a name seen before is
   * found without creating a string. Collisions are told apart by comparing the bytes.
   */
  private slots = new Int32Array(1024).fill(-1);
  private slotHash = new Int32Array(1024);
  private byteNames = 0;
  /**
   * The UTF-8 bytes of every name looked up by bytes, one after another in one arena
   * (id → [byteStart[id], byteEnd[id])), so comparing a candidate reads one array.
   */
  private arena = new Uint8Array(16 * 1024);
  private arenaLength = 0;
  private byteStart = new Int32Array(1024);
  private byteEnd = new Int32Array(1024);
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  intern(s: string): IndexIntoStringTable {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  /**
   * The id of the UTF-8 text `buf[start, end)`, interning it when new. `h` is its FNV-1a
   * hash, computed by the caller while it scanned the bytes (one pass, not two).
   */
  internHashedBytes(buf: Uint8Array, start: number, end: number, h: number): IndexIntoStringTable {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.slotHash[slot] === h && this.sameBytes(id, buf, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.intern(utf8Text(this.decoder, buf, start, end));
    this.storeBytes(id, buf, start, end);
    this.slots[slot] = id;
    this.slotHash[slot] = h;
    if (++this.byteNames * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** Doubles the byte table; keeps it at most half full so probes stay short. */
  private rehash(): void {
    const oldSlots = this.slots;
    const oldHash = this.slotHash;
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    this.slotHash = new Int32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let k = 0; k < oldSlots.length; k++) {
      const id = oldSlots[k];
      if (id < 0) continue;
      let slot = oldHash[k] & mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = id;
      this.slotHash[slot] = oldHash[k];
    }
  }

  get(id: IndexIntoStringTable): string {
    return this.strings[id];
  }

  find(s: string): IndexIntoStringTable | undefined {
    return this.ids.get(s);
  }

  get size(): number {
    return this.strings.length;
  }

  private sameBytes(id: IndexIntoStringTable, buf: Uint8Array, start: number, end: number): boolean {
    if (id >= this.byteEnd.length || this.byteEnd[id] === 0) this.storeText(id);
    const a = this.byteStart[id];
    const n = this.byteEnd[id] - a;
    if (n !== end - start) return false;
    const arena = this.arena;
    for (let i = 0; i < n; i++) if (arena[a + i] !== buf[start + i]) return false;
    return true;
  }

  /** Bytes of a name interned as a string (not by bytes) that a byte lookup now meets. */
  private storeText(id: IndexIntoStringTable): void {
    const bytes = new TextEncoder().encode(this.strings[id]);
    this.storeBytes(id, bytes, 0, bytes.length);
  }

  private storeBytes(id: IndexIntoStringTable, buf: Uint8Array, start: number, end: number): void {
    const n = end - start;
    // Offsets start at 1 so that byteEnd 0 means "not stored" even for an empty name.
    if (this.arenaLength === 0) this.arenaLength = 1;
    if (this.arenaLength + n > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + n));
      grown.set(this.arena.subarray(0, this.arenaLength));
      this.arena = grown;
    }
    if (id >= this.byteStart.length) {
      const size = Math.max(this.byteStart.length * 2, id + 1);
      const start2 = new Int32Array(size);
      start2.set(this.byteStart);
      const end2 = new Int32Array(size);
      end2.set(this.byteEnd);
      this.byteStart = start2;
      this.byteEnd = end2;
    }
    this.arena.set(buf.subarray(start, end), this.arenaLength);
    this.byteStart[id] = this.arenaLength;
    this.arenaLength += n;
    this.byteEnd[id] = this.arenaLength;
  }
}
