/** Interns strings to dense integer ids so columns hold numbers, not strings. */
export type IndexIntoStringTable = number;

export class StringTable {
  private readonly ids = new Map<string, IndexIntoStringTable>();
  readonly strings: string[] = [];
  /**
   * Byte-level lookup for the parser's hot path: FNV-1a hash of a name's UTF-8 bytes →
   * ids with that hash. A name seen before is found without creating a string.
   */
  private readonly byHash = new Map<number, IndexIntoStringTable | IndexIntoStringTable[]>();
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
    const hit = this.byHash.get(h);
    if (hit !== undefined) {
      if (typeof hit === 'number') {
        if (this.sameBytes(hit, buf, start, end)) return hit;
      } else {
        for (const id of hit) if (this.sameBytes(id, buf, start, end)) return id;
      }
    }
    const bytes = buf.slice(start, end);
    const id = this.intern(this.decoder.decode(bytes));
    this.utf8[id] = bytes;
    if (hit === undefined) this.byHash.set(h, id);
    else if (typeof hit === 'number') this.byHash.set(h, [hit, id]);
    else hit.push(id);
    return id;
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
