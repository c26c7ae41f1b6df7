/**
 * The per-CPU merge of read-records.ts: takes the records of every stream in trace-cmd's
 * order and hands them to the sink, synchronously, until a stream's block is used up (the
 * caller reads the next block and calls `run` again). The hot loop of a trace.dat load;
 * kept out of the async reader so that it compiles as one plain loop.
 *
 * Order: the earliest head of all streams, the first listed on a tie (instances in file
 * order, the top one first; CPUs ascending), as tracecmd_iterate_events_multi() in
 * lib/trace-cmd/trace-input.c picks them. The ready streams are kept in that order (head
 * time, then listing order): the chosen stream's records are taken one after another while
 * they still come before the runner-up's head, and then only that stream moved, so one
 * insertion puts it back in place. That is exactly the order a fresh pick per record gives
 * (record-merge.test.ts), without a compare of every stream's head per pick.
 */
import type { BinaryView } from './binary-view';
import type { Cmdlines } from './cmdlines';
import type { CpuStream } from './cpu-stream';
import type { TraceDatSink } from './read-records';
import { UNKNOWN_EVENT, type RecordDecoder } from './record-decoder';
import { createGraphRecord } from '../model/graph-record';
import { createRecord, RecordKind, resetRecord, type LineRecord } from '../parse/record';

export interface MergeParts {
  streams: readonly CpuStream[];
  /** Per stream, its instance's name ('' for the top-level buffer). */
  instances: readonly string[];
  /**
   * Per stream, what puts a funcgraph_exit's calltime on the records' time line (the
   * DATE/OFFSET options), or null when the buffer's clock is not the calltime's: its exits
   * then carry their exact duration but no call time (the call starts at its entry's time).
   */
  callShift: readonly (number | null)[];
  decoder: RecordDecoder;
  cmdlines: Cmdlines;
  /** The file's clock to nanoseconds. */
  ts2ns: (ts: number) => number;
  sink: TraceDatSink;
  /** A stream stopped on a damaged record (its `error` says what). */
  failed(stream: CpuStream): void;
  /** A record of an event id with no format the reader can parse. */
  unknown(view: BinaryView, at: number, id: number): void;
}

export class RecordMerge {
  /** Records handed to the sink so far (drop markers and stack frames not counted). */
  records = 0;
  /** Two records, so that a record read ahead (an entry's exit) need not be read again. */
  private readonly r = createRecord();
  private readonly r2 = createRecord();
  private cur: LineRecord = this.r;
  /** The fast lane's record (see TraceDatSink.graph). */
  private readonly g = createGraphRecord();
  /** While `run` goes: each stream's head time, and the ready streams in merge order (sortHeads). */
  private heads = new Float64Array(0);
  private order = new Int32Array(0);
  /** What the last decodeInto that failed threw. */
  private decodeError: unknown = null;

  constructor(private readonly p: MergeParts) {}

  /**
   * Hands records to the sink until a stream's block is used up: returns that stream, to be
   * refilled before the next call; null once every stream is done.
   */
  run(): CpuStream | null {
    const { streams, instances, callShift, decoder, cmdlines, ts2ns, sink } = this.p;
    const lane = sink.graph;
    const pairs = sink.pair !== undefined;
    const g = this.g;
    // The ready streams in merge order, by head time and, on a tie, by listing order: the
    // chosen stream is the first and the runner-up the second. Only the chosen stream moves
    // inside this call (the caller refills between calls), so after its run it is put back
    // in place by one insertion, where a scan of every head per pick took several compares
    // whose outcome no branch predictor guesses (close times of streams taking turns).
    let ready = this.sortHeads(streams);
    const heads = this.heads;
    const order = this.order;
    merge: for (;;) {
      if (ready === 0) return null;
      const best = order[0];
      const next = ready > 1 ? order[1] : -1;
      const nextTs = ready > 1 ? heads[next] : 0;
      const stream = streams[best];
      const instance = instances[best];
      const shift = callShift[best];
      const cpu = stream.cpu;
      const rec = stream.rec;
      const view = stream.currentBlock();
      // The chosen stream comes first up to the runner-up's head (inclusive when listed before it).
      const limit = next < 0 ? Number.POSITIVE_INFINITY : nextTs;
      const inclusive = next < 0 || best < next;
      g.instance = instance;
      g.cpu = cpu;
      do {
        if (rec.missed !== 0) {
          const cur = this.cur;
          resetRecord(cur);
          cur.kind = RecordKind.Lost;
          cur.cpu = cpu;
          cur.count = rec.missed;
          cur.instance = instance;
          cur.tsNs = ts2ns(rec.ts);
          sink.record(cur);
        }
        // Nearly every record of a function_graph trace: numbers straight to the sink.
        // An exit whose call time cannot be put exactly on the records' time line goes the slow
        // way (the builder's fast lane needs it).
        if (lane !== undefined && decoder.graph(view, rec.start, rec.length, g) && (!g.exit || !Number.isNaN((g.callTimeNs = callTimeOnRecords(g.callTimeNs, shift))))) {
          g.comm = cmdlines.commOn(best, g.pid);
          g.tsNs = ts2ns(rec.ts);
          if (lane(g)) {
            this.records++;
            if (!stream.advance()) return stream;
            continue;
          }
        }
        let cur = this.cur;
        if (!this.decodeInto(stream, view, instance, shift, cur)) {
          stream.fail(this.decodeError);
          this.p.failed(stream);
          ready = this.dropFirst(ready);
          continue merge;
        }
        if (pairs && cur.kind === RecordKind.Entry && decoder.frames.length === 0) {
          // The entry's exit may be this stream's next record and the trace's next too: then
          // the two are one call for the builder (a leaf, as the text prints it on one line).
          if (!stream.advance()) {
            this.records++;
            sink.record(cur);
            return stream;
          }
          if (rec.missed !== 0 || !(rec.ts < limit || (inclusive && rec.ts === limit))) {
            this.records++;
            sink.record(cur);
            continue;
          }
          const other = cur === this.r ? this.r2 : this.r;
          const read = this.decodeInto(stream, view, instance, shift, other);
          this.records++;
          if (!read) {
            sink.record(cur);
            stream.fail(this.decodeError);
            this.p.failed(stream);
            ready = this.dropFirst(ready);
            continue merge;
          }
          if (other.kind === RecordKind.Exit && other.pid === cur.pid && other.depth === cur.depth && other.name === cur.name && sink.pair?.(cur, other) === true) {
            this.records++;
            if (!stream.advance()) return stream;
            continue;
          }
          // Not its exit, or not a pair the builder takes as one: the entry, then this record.
          sink.record(cur);
          cur = this.cur = other;
        }
        if (cur.kind === RecordKind.Event && cur.name === UNKNOWN_EVENT) this.p.unknown(view, rec.start, decoder.type(view, rec.start));
        this.records++;
        sink.record(cur);
        const frames = decoder.frames;
        for (let f = 0; f < frames.length; f++) {
          resetRecord(cur);
          cur.kind = RecordKind.StackFrame;
          cur.name = frames[f];
          sink.record(cur);
        }
        if (!stream.advance()) return stream;
      } while (rec.ts < limit || (inclusive && rec.ts === limit));
      this.reinsertFirst(rec.ts, ready);
    }
  }

  /** Puts the ready streams in `order` by (head time, index) and their times in `heads`; returns how many. */
  private sortHeads(streams: readonly CpuStream[]): number {
    if (this.heads.length !== streams.length) {
      this.heads = new Float64Array(streams.length);
      this.order = new Int32Array(streams.length);
    }
    const order = this.order;
    const heads = this.heads;
    let ready = 0;
    for (let k = 0; k < streams.length; k++) {
      if (!streams[k].ready) continue;
      const ts = (heads[k] = streams[k].rec.ts);
      // Insertion from the end: a stream listed later than every one before it goes after them on a tie.
      let j = ready++;
      while (j > 0 && heads[order[j - 1]] > ts) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = k;
    }
    return ready;
  }

  /** The first stream (order[0]) has moved on to head time `ts`: puts it back in place among the `ready`. */
  private reinsertFirst(ts: number, ready: number): void {
    const order = this.order;
    const heads = this.heads;
    const k = order[0];
    heads[k] = ts;
    // The others that come before it slide up a place (on a tie, the one listed first).
    let j = 1;
    for (; j < ready; j++) {
      const o = order[j];
      const t = heads[o];
      if (t > ts || (t === ts && o > k)) break;
      order[j - 1] = o;
    }
    order[j - 1] = k;
  }

  /** The first stream (order[0]) has stopped: takes it out; returns how many are left. */
  private dropFirst(ready: number): number {
    const order = this.order;
    for (let j = 1; j < ready; j++) order[j - 1] = order[j];
    return ready - 1;
  }

  /** Reads the stream's current record into `out`; false when it is damaged (see decodeError). */
  private decodeInto(stream: CpuStream, view: BinaryView, instance: string, shift: number | null, out: LineRecord): boolean {
    const { decoder, cmdlines, ts2ns } = this.p;
    const rec = stream.rec;
    resetRecord(out);
    try {
      const pid = decoder.pid(view, rec.start);
      out.pid = pid;
      out.comm = cmdlines.comm(pid);
      out.cpu = stream.cpu;
      out.tsNs = ts2ns(rec.ts);
      out.instance = instance;
      decoder.decode(view, rec.start, rec.length, out);
      if (out.kind === RecordKind.Exit && !Number.isNaN(out.callTimeNs)) out.callTimeNs = callTimeOnRecords(out.callTimeNs, shift);
      return true;
    } catch (err) {
      this.decodeError = err;
      return false;
    }
  }
}

/**
 * A funcgraph_exit's calltime (trace_clock_local) on the records' time line: shifted by the
 * stream's `callShift`; NaN when its clock is another (shift null) or when the sum is no
 * exact double (a DATE offset is ~2^60 ns): then it is no exact call time either.
 */
function callTimeOnRecords(call: number, shift: number | null): number {
  if (shift === null) return Number.NaN;
  const onRecords = call + shift;
  return onRecords <= Number.MAX_SAFE_INTEGER ? onRecords : Number.NaN;
}
