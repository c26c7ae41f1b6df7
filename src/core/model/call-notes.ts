/**
 * What the trace printed beside a call, beyond its name and times: the return value
 * (`funcgraph-retval`, trace-cmd `(ret=…)`), the argument text (`funcgraph-args`),
 * the caller (`funcgraph-retaddr`, the function tracer's `<-parent`) and the overrun
 * count printed after an exit (`funcgraph-overrun`).
 *
 * Most traces print none of it, so this is a side table of rows (call, kind, text) that
 * costs nothing until the first note, instead of columns in the call table. Texts
 * are pooled here (a retval like `0x0` or a caller repeats on many calls) and kept out of
 * the model's StringTable, whose ids are function names to the queries.
 */
import type { IndexIntoCallTable } from './call-table';
import { grown } from '../../lib/grown';

/** What a note row holds. */
export const NoteKind = {
  Retval: 0,
  /** A return value printed cut (`ret=0x1c2d3e4f(trunc)`); its text is the part printed. */
  RetvalTruncated: 1,
  Args: 2,
  /** `vfs_open+0x2c/0x40` (retaddr) or `inet_sendmsg` (trace-cmd retaddr, function tracer). */
  Caller: 3,
  /** N of the ` (Overruns: N)` line printed after the call's exit (`funcgraph-overrun`). */
  Overruns: 4,
} as const;
export type NoteKind = (typeof NoteKind)[keyof typeof NoteKind];

/** All notes of one call; '' where the trace printed nothing. */
export interface CallNote {
  retval: string;
  retvalTruncated: boolean;
  /** Raw argument text, split with `splitArgs` (parse/args.ts) to show name/value pairs. */
  args: string;
  caller: string;
  /** Overrun count printed after the exit (` (Overruns: 2)` → `2`). */
  overruns: string;
}

export class CallNotes {
  /** Note rows, in the order they were added (not by call: an exit notes an older call). */
  private call = new Int32Array(0);
  private kind = new Uint8Array(0);
  private text = new Int32Array(0);
  private rows = 0;
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  /** Row numbers sorted by call (stable), built on the first lookup after an add. */
  private byCall: Int32Array | undefined;

  /** Number of notes (a call can have up to four). */
  get length(): number {
    return this.rows;
  }

  /** Notes `text` of `kind` on `call`. A later note of the same kind replaces the earlier one. */
  add(call: IndexIntoCallTable, kind: NoteKind, text: string): void {
    if (this.rows === this.call.length) this.grow();
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.textIds.set(text, id);
    }
    const r = this.rows++;
    this.call[r] = call;
    this.kind[r] = kind;
    this.text[r] = id;
    this.byCall = undefined;
  }

  /** The notes of `call`, or undefined when the trace printed none for it. */
  get(call: IndexIntoCallTable): CallNote | undefined {
    const order = this.index();
    // First row of `call` in the sorted order.
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.call[order[mid]] < call) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= order.length || this.call[order[lo]] !== call) return undefined;
    const note: CallNote = { retval: '', retvalTruncated: false, args: '', caller: '', overruns: '' };
    for (let k = lo; k < order.length && this.call[order[k]] === call; k++) {
      const r = order[k];
      const text = this.texts[this.text[r]];
      switch (this.kind[r]) {
        case NoteKind.Retval:
        case NoteKind.RetvalTruncated:
          note.retval = text;
          note.retvalTruncated = this.kind[r] === NoteKind.RetvalTruncated;
          break;
        case NoteKind.Args:
          note.args = text;
          break;
        case NoteKind.Caller:
          note.caller = text;
          break;
        case NoteKind.Overruns:
          note.overruns = text;
          break;
      }
    }
    return note;
  }

  private index(): Int32Array {
    if (this.byCall) return this.byCall;
    const order = new Int32Array(this.rows);
    for (let r = 0; r < this.rows; r++) order[r] = r;
    const call = this.call;
    // Ties by row, so that get() meets the notes of a call in the order they were added.
    order.sort((a, b) => call[a] - call[b] || a - b);
    return (this.byCall = order);
  }

  private grow(): void {
    this.call = grown(this.call, 64);
    this.kind = grown(this.kind, 64);
    this.text = grown(this.text, 64);
  }
}
