/** Interns strings to dense integer ids so columns hold numbers, not strings. */
export type IndexIntoStringTable = number;

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
  private readonly utf8: (Uint8Array | undefined)[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  intern(s: string): IndexIntoStringTable {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.utf8.push(undefined);
      this.ids.set(s, id);
    }
    return id;
  }

  /** The id of the UTF-8 text `buf[start, end)`, interning it when new. */
  internBytes(buf: Uint8Array, start: number, end: number): IndexIntoStringTable {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.slotHash[slot] === h && this.sameBytes(id, buf, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const bytes = buf.slice(start, end);
    const id = this.intern(this.decoder.decode(bytes));
    this.utf8[id] = bytes;
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
    let b = this.utf8[id];
    if (b === undefined) this.utf8[id] = b = new TextEncoder().encode(this.strings[id]);
    if (b.length !== end - start) return false;
    for (let i = 0; i < b.length; i++) if (b[i] !== buf[start + i]) return false;
    return true;
  }
}
