/** Interns strings to dense integer ids so columns hold numbers, not strings. */
export type IndexIntoStringTable = number;

export class StringTable {
  private readonly ids = new Map<string, IndexIntoStringTable>();
  readonly strings: string[] = [];

  intern(s: string): IndexIntoStringTable {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
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
}
