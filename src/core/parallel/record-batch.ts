/**
 * Parsed lines as compact columns, one row per line, so that a range of the input parsed
 * elsewhere (another worker) can be handed over as a few transferable typed arrays and
 * replayed into the builder exactly as the one-pass loader feeds it.
 *
 * The fields nearly every line carries are columns; strings are ids into the range's own
 * string lists (each batch carries the ones new since the range's previous batch); the rare
 * fields (event text, return values, instance names…) ride in `extras`, only for the rows
 * that have them.
 *
 * The string table's order is part of the model: the one-pass byte fast path interns a
 * function name when it first reads it, even on a line it then gives up on. The range's
 * fast path interns into the range's own `funcs` table, and the batch says after which row
 * each new name appeared (`internRows`), so that the reader interns it into the model's
 * table at that same point, before anything the builder interns for that row.
 */
import { StringTable } from '../model/string-table';
import { createRecord, RecordKind, resetRecord, type LineRecord } from '../parse/record';

/** A RecordFlag bit no parser uses: the row's name id was interned by the parser itself (funcId). */
const FROM_PARSER = 128;

/**
 * Kinds of rows no parser makes, written by a range that builds its own calls (split-range.ts):
 * a run of lines it built (`depth` holds how many), and the end of its speculation (every row
 * after it is a line of its own, replayed).
 */
export const BUILT_RUN = 254;
export const SPECULATION_END = 253;

/**
 * The rare fields of a record that differ from their "none" value, undefined when none
 * does (nearly every line). Spelled out field by field: this runs once per line.
 */
function rareFields(r: LineRecord): RecordExtras | undefined {
  if (
    r.text === '' && r.count === -1 && r.parentName === '' && r.retval === '' && r.args === '' &&
    r.instance === '' && r.problem === '' && r.toComm === '' && r.toPid === -1 && r.tgid === -1 &&
    r.module === '' && r.callerOffset === -1 && r.callerSize === -1 &&
    Number.isNaN(r.callTimeNs) && Number.isNaN(r.lastTsNs)
  ) {
    return undefined;
  }
  const x: RecordExtras = {};
  if (r.text !== '') x.text = r.text;
  if (r.count !== -1) x.count = r.count;
  if (r.parentName !== '') x.parentName = r.parentName;
  if (r.retval !== '') x.retval = r.retval;
  if (r.args !== '') x.args = r.args;
  if (r.instance !== '') x.instance = r.instance;
  if (r.problem !== '') x.problem = r.problem;
  if (r.toComm !== '') x.toComm = r.toComm;
  if (r.toPid !== -1) x.toPid = r.toPid;
  if (r.tgid !== -1) x.tgid = r.tgid;
  if (r.module !== '') x.module = r.module;
  if (r.callerOffset !== -1) x.callerOffset = r.callerOffset;
  if (r.callerSize !== -1) x.callerSize = r.callerSize;
  if (!Number.isNaN(r.callTimeNs)) x.callTimeNs = r.callTimeNs;
  if (!Number.isNaN(r.lastTsNs)) x.lastTsNs = r.lastTsNs;
  return x;
}

/** The rare fields of one row: only those that differ from their default. */
export type RecordExtras = Partial<LineRecord>;

export interface RecordBatch {
  /** Rows in this batch: one per input line, in order. */
  length: number;
  kind: Uint8Array;
  /** RecordFlag bits, and FROM_PARSER. */
  flags: Uint8Array;
  pid: Int32Array;
  cpu: Int32Array;
  depth: Int32Array;
  tsNs: Float64Array;
  durNs: Float64Array;
  /** Ids into the range's `funcs` for a FROM_PARSER row, else into its `texts` (-1: ''). */
  name: Int32Array;
  comm: Int32Array;
  flagsText: Int32Array;
  /** The overhead mark's character code (0: none). */
  mark: Uint16Array;
  /** Function names the range's fast path interned since its previous batch; their ids follow on. */
  funcs: string[];
  /** The other strings of rows (names, task names, flags) new since the previous batch. */
  texts: string[];
  /** Rows whose reading interned new function names (ascending), and the range's name count after each. */
  internRows: number[];
  internUpTo: number[];
  /** Rows with rare fields (ascending) and those fields. */
  extraRows: number[];
  extras: RecordExtras[];
}

/** The typed arrays of a batch: what a worker transfers instead of copying. */
export function batchBuffers(b: RecordBatch): ArrayBuffer[] {
  return [b.kind, b.flags, b.pid, b.cpu, b.depth, b.tsNs, b.durNs, b.name, b.comm, b.flagsText, b.mark].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Writes records of one range into batches of at most `capacity` rows. */
export class RecordBatchWriter {
  private readonly texts = new Map<string, number>();
  private readonly textList: string[] = [];
  private lastText = '';
  private lastTextId = -1;
  private lastText2 = '';
  private lastTextId2 = -1;
  private sentFuncs = 0;
  private sentTexts = 0;
  /** Names of `funcs` already tied to a row. */
  private funcsSeen = 0;
  private batch: RecordBatch;
  /** Batches the join has replayed and handed back: their columns are written again, not freshly allocated. */
  private readonly spare: RecordBatch[] = [];

  /**
   * `funcs`: the function names the range's byte fast path interns (its funcId is the row's
   * name id); a range that builds its own calls shares it with its builder (split-range.ts).
   */
  constructor(
    private readonly capacity = 1 << 16,
    readonly funcs = new StringTable(),
  ) {
    this.batch = emptyBatch(capacity);
  }

  get rows(): number {
    return this.batch.length;
  }

  get full(): boolean {
    return this.batch.length >= this.capacity;
  }

  /**
   * The batch's next row, after the names the range's fast path interned since the last row
   * are said to come before it (internRows), so that the reader interns them there too.
   */
  private newRow(b: RecordBatch): number {
    const i = b.length++;
    if (this.funcs.size > this.funcsSeen) {
      this.funcsSeen = this.funcs.size;
      b.internRows.push(i);
      b.internUpTo.push(this.funcsSeen);
    }
    return i;
  }

  /**
   * Adds a record of the byte fast path (trace-cmd-fast.ts), which fills only the column
   * fields: the rare ones stay at their defaults, so they are not looked at. The hot path.
   */
  addFast(r: LineRecord): void {
    // An event line (the fast path reads those too) carries its name and payload as text.
    if (r.kind === RecordKind.Event) {
      this.add(r);
      return;
    }
    const b = this.batch;
    const i = this.newRow(b);
    b.kind[i] = r.kind;
    const funcId = r.funcId;
    b.flags[i] = funcId >= 0 ? r.flags | FROM_PARSER : r.flags;
    b.tsNs[i] = r.tsNs;
    b.durNs[i] = r.durNs;
    b.name[i] = funcId; // -1 for an exit: the fast path names no exit
    b.comm[i] = this.id(r.comm);
    const flagsText = r.flagsText;
    b.flagsText[i] = flagsText === '' ? -1 : this.id(flagsText);
    const mark = r.mark;
    b.mark[i] = mark === '' ? 0 : mark.charCodeAt(0);
    const pid = r.pid;
    const cpu = r.cpu;
    b.pid[i] = pid;
    b.cpu[i] = cpu;
    b.depth[i] = r.depth;
    // Digits past 32 bits (hostile input): those go with the extras.
    if (b.pid[i] !== pid || b.cpu[i] !== cpu) {
      b.extraRows.push(i);
      b.extras.push({ pid, cpu });
    }
  }

  /** Adds the record of the next line (after the fast path, if any, had its try at it). */
  add(r: LineRecord): void {
    const b = this.batch;
    const i = this.newRow(b);
    b.kind[i] = r.kind;
    b.flags[i] = r.funcId >= 0 ? r.flags | FROM_PARSER : r.flags;
    b.tsNs[i] = r.tsNs;
    b.durNs[i] = r.durNs;
    b.name[i] = r.funcId >= 0 ? r.funcId : this.id(r.name);
    b.comm[i] = this.id(r.comm);
    b.flagsText[i] = this.id(r.flagsText);
    const markCode = r.mark.length === 1 ? r.mark.charCodeAt(0) : 0;
    b.mark[i] = markCode;
    let extra = rareFields(r);
    if (r.mark !== '' && markCode === 0) (extra ??= {}).mark = r.mark;
    // Hostile input can print numbers no 32-bit column holds: those go with the extras.
    b.pid[i] = r.pid | 0;
    if (b.pid[i] !== r.pid) (extra ??= {}).pid = r.pid;
    b.cpu[i] = r.cpu | 0;
    if (b.cpu[i] !== r.cpu) (extra ??= {}).cpu = r.cpu;
    b.depth[i] = r.depth | 0;
    if (b.depth[i] !== r.depth) (extra ??= {}).depth = r.depth;
    if (extra) {
      b.extraRows.push(i);
      b.extras.push(extra);
    }
  }

  /** Adds a row of kind BUILT_RUN (`lines` lines built by the range) or SPECULATION_END. */
  addMarker(kind: typeof BUILT_RUN | typeof SPECULATION_END, lines: number): void {
    const b = this.batch;
    const i = this.newRow(b);
    b.kind[i] = kind;
    b.flags[i] = 0;
    b.tsNs[i] = Number.NaN;
    b.durNs[i] = Number.NaN;
    b.name[i] = -1;
    b.comm[i] = -1;
    b.flagsText[i] = -1;
    b.mark[i] = 0;
    b.pid[i] = -1;
    b.cpu[i] = -1;
    b.depth[i] = lines;
  }

  /**
   * Takes back a batch the join is done with (its columns, moved back to this thread), so
   * that the next batch needs no fresh memory; one of another size is dropped.
   */
  recycle(b: RecordBatch): void {
    if (b.kind.length !== this.capacity || this.spare.length >= 4) return;
    b.length = 0;
    b.funcs = [];
    b.texts = [];
    b.internRows = [];
    b.internUpTo = [];
    b.extraRows = [];
    b.extras = [];
    this.spare.push(b);
  }

  /** The rows written since the last take (trimmed to their count), with the new strings. */
  take(): RecordBatch {
    const b = trimBatch(this.batch);
    b.funcs = this.funcs.strings.slice(this.sentFuncs);
    this.sentFuncs = this.funcs.size;
    b.texts = this.textList.slice(this.sentTexts);
    this.sentTexts = this.textList.length;
    this.batch = this.spare.pop() ?? emptyBatch(this.capacity);
    return b;
  }

  private id(s: string): number {
    if (s === '') return -1;
    // Consecutive lines mostly repeat their task name and flags: one compare, no lookup.
    if (s === this.lastText) return this.lastTextId;
    if (s === this.lastText2) return this.lastTextId2;
    let id = this.texts.get(s);
    if (id === undefined) {
      id = this.textList.length;
      this.textList.push(s);
      this.texts.set(s, id);
    }
    this.lastText2 = this.lastText;
    this.lastTextId2 = this.lastTextId;
    this.lastText = s;
    this.lastTextId = id;
    return id;
  }
}

/**
 * Replays the batches of one range into a consumer, in order, filling one reused record
 * as the range's parser filled it; function names the parser interned are interned into
 * `target` right before their row is consumed, as the one-pass fast path does.
 */
export class RecordBatchReader {
  private readonly funcs: string[] = [];
  private readonly texts: string[] = [];
  /** Range function id → id in `target`, for those interned there so far. */
  private globalIds: number[] = [];
  private readonly record = createRecord();

  constructor(private readonly target: StringTable) {}

  /** The ids in the target table of the range's functions interned there so far (by the rows replayed), by range id. */
  get targetIds(): readonly number[] {
    return this.globalIds;
  }

  /**
   * `plain`, when given, is offered each row without rare fields first (its record's rare
   * fields all at their "none" values): it returns true when it took the row without
   * changing the record (TraceBuilder.addPlain), false to have `consume` take it. The
   * record is then filled again only where a row sets it: reset only after `consume`
   * (which may change it) or for a row with rare fields.
   */
  replay(b: RecordBatch, consume: (r: LineRecord) => void, plain?: (r: LineRecord) => boolean): void {
    for (const s of b.funcs) this.funcs.push(s);
    for (const s of b.texts) this.texts.push(s);
    const r = this.record;
    const funcs = this.funcs;
    const texts = this.texts;
    const globalIds = this.globalIds;
    let nextExtra = 0;
    const extraRows = b.extraRows;
    let nextIntern = 0;
    const internRows = b.internRows;
    // The record holds only what the last row's columns set: no rare field, nothing `consume` changed.
    let clean = false;
    for (let i = 0; i < b.length; i++) {
      if (nextIntern < internRows.length && internRows[nextIntern] === i) {
        const upTo = b.internUpTo[nextIntern++];
        for (let f = globalIds.length; f < upTo; f++) globalIds.push(this.target.intern(funcs[f]));
      }
      const extra = nextExtra < extraRows.length && extraRows[nextExtra] === i;
      if (!clean || extra) resetRecord(r);
      r.kind = b.kind[i] as LineRecord['kind'];
      const flags = b.flags[i];
      r.flags = flags & ~FROM_PARSER;
      r.pid = b.pid[i];
      r.cpu = b.cpu[i];
      r.depth = b.depth[i];
      r.tsNs = b.tsNs[i];
      r.durNs = b.durNs[i];
      const name = b.name[i];
      if (flags & FROM_PARSER) {
        r.funcId = globalIds[name];
        r.name = funcs[name];
      } else {
        r.funcId = -1;
        r.name = name >= 0 ? texts[name] : '';
      }
      const comm = b.comm[i];
      r.comm = comm >= 0 ? texts[comm] : '';
      const flagsText = b.flagsText[i];
      r.flagsText = flagsText >= 0 ? texts[flagsText] : '';
      const mark = b.mark[i];
      r.mark = mark !== 0 ? String.fromCharCode(mark) : '';
      if (extra) Object.assign(r, b.extras[nextExtra++]);
      else if (plain !== undefined && plain(r)) {
        clean = true;
        continue;
      }
      clean = false;
      consume(r);
    }
  }
}

function emptyBatch(n: number): RecordBatch {
  return {
    length: 0,
    kind: new Uint8Array(n),
    flags: new Uint8Array(n),
    pid: new Int32Array(n),
    cpu: new Int32Array(n),
    depth: new Int32Array(n),
    tsNs: new Float64Array(n),
    durNs: new Float64Array(n),
    name: new Int32Array(n),
    comm: new Int32Array(n),
    flagsText: new Int32Array(n),
    mark: new Uint16Array(n),
    funcs: [],
    texts: [],
    internRows: [],
    internUpTo: [],
    extraRows: [],
    extras: [],
  };
}

/** The batch with its columns cut to its rows (a copy only when it is not full). */
function trimBatch(b: RecordBatch): RecordBatch {
  const n = b.length;
  if (n === b.kind.length) return b;
  return {
    ...b,
    kind: b.kind.slice(0, n),
    flags: b.flags.slice(0, n),
    pid: b.pid.slice(0, n),
    cpu: b.cpu.slice(0, n),
    depth: b.depth.slice(0, n),
    tsNs: b.tsNs.slice(0, n),
    durNs: b.durNs.slice(0, n),
    name: b.name.slice(0, n),
    comm: b.comm.slice(0, n),
    flagsText: b.flagsText.slice(0, n),
    mark: b.mark.slice(0, n),
  };
}
