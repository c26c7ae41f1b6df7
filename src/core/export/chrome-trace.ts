/**
 * Chrome trace-event JSON (the format chrome://tracing and Perfetto open): one complete
 * event (`"ph":"X"`) per call with `ts`/`dur` in microseconds, the nanoseconds kept as
 * exact decimal fractions, and one `thread_name` metadata event (`"ph":"M"`) per task (and
 * a `process_name` per pid) so rows are named after the comm. Format: the Trace Event
 * Format document (catapult docs/trace-event-format.md links it): `displayTimeUnit` is
 * `"ms"` or `"ns"`, `otherData` is free metadata.
 *
 * The trace prints one id per task (the thread's pid, no thread group), so it is both `pid`
 * and `tid`: each task is a row of its own. Idle tasks (pid 0, one per CPU) and tasks whose
 * pid is unknown get a tid of their own above 2^30, with pid 0. So does a pid met again in
 * another buffer instance or input file (trace-cmd record -B, report -i a.dat -i b.dat: the
 * same task in two interleaved copies, or a guest's pid beside the host's), as a process of
 * its own: on one tid the two copies' calls overlap, and Perfetto drops an event that partly
 * overlaps another (slice_tracker.cc MaybeCloseStack: slice_drop_overlapping_complete_event)
 * and keeps one of the two thread names. Calls without a start or a duration in the trace cannot be placed and are left out (`skippedCalls` in `otherData`
 * counts them). A call that outlasts its parent in the trace (an exit printed late, a
 * duration given to a call that never returned) is cut to its parent's interval, and one
 * that runs past the start of its next sibling (a printed duration longer than the
 * timestamps between entry and exit: seen on the seed trace) ends where that sibling
 * starts: the viewers nest events by time and only perfect nesting is allowed (Perfetto
 * drops or cuts what overlaps on a thread). `args.clamped` marks such a call, `args.call`
 * is the call's row.
 *
 * `ts` is the trace's own time in microseconds while the readers get the nanoseconds back
 * from it: Perfetto reads a number as a double (json_parser.h StringToDouble: the integer
 * part plus the fraction) and takes llround(value * 1000) as its ns (json_trace_tokenizer.cc
 * CoerceToTs). From 2^42 µs on (51 days of uptime on the boot clock; every realtime or tai
 * clock, trace-cmd record -C tai: 1.7e15 µs, where a double is a multiple of 0.25 µs) that
 * is no longer always the ns written: a call 2 ns into its parent read as starting 250 ns later and
 * ending past its parent's end, an overlap Perfetto spills off the thread's track
 * (json_trace_parser.cc: slice_spill_overlapping_complete_event), older versions dropping
 * it. Perfetto also drops an event before 0 (trace_sorter.h Stream::Push:
 * trace_sorter_negative_timestamp_dropped). So when a time lies past 2^40 µs (a margin for
 * readers that sum ts and dur as doubles) or before 0,
 * every `ts` is given from the earliest event's start, exact from there;
 * `otherData.timeBaseNs` is that start's trace time (a decimal string: ns past 2^53 are not
 * exact numbers), so ts + timeBaseNs / 1000 is the trace's time.
 */
import type { TraceModel } from '../model/tables';
import { taskLabel } from '../model/tables';
import type { CallMask } from '../query/filter';
import type { ModelFacts } from '../query/model-facts';
import { batched, microsText } from './chunks';
import { jsonForTerminal } from '../../lib/terminal-text';

const SYNTHETIC_TID = 1 << 30;

/** Past this many ns (2^40 µs) a `ts` in µs is given from the earliest event: see the module comment. */
const EXACT_TS_LIMIT_NS = 2 ** 40 * 1000;

/**
 * The trace time each event's `ts` counts from: 0 (the trace's own times) unless an event
 * lies before 0 or ends past EXACT_TS_LIMIT_NS, then the earliest event's start.
 */
export function chromeTimeBase(start: Float64Array, end: Float64Array): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < start.length; i++) {
    // (NaN for a call that is no event: both comparisons false)
    if (start[i] < first) first = start[i];
    if (end[i] > last) last = end[i];
  }
  if (!Number.isFinite(first)) return 0;
  return first < 0 || last >= EXACT_TS_LIMIT_NS ? first : 0;
}

/** pid and tid of each task in the export. */
export function chromeThreadIds(model: TraceModel): { pid: Int32Array; tid: Int32Array } {
  const n = model.tasks.length;
  const pid = new Int32Array(n);
  const tid = new Int32Array(n);
  const taken = new Set<number>();
  model.tasks.forEach((t, k) => {
    if (t.pid > 0 && !taken.has(t.pid)) {
      taken.add(t.pid);
      pid[k] = tid[k] = t.pid;
    } else {
      // (a pid already taken: a process of its own, named after the task's instance too)
      pid[k] = t.pid > 0 ? SYNTHETIC_TID + k : 0;
      tid[k] = SYNTHETIC_TID + k;
    }
  });
  return { pid, tid };
}

/** Whether call `i` becomes an event: in the mask, with a start and a duration. */
export function isChromeEvent(model: TraceModel, i: number, mask?: CallMask): boolean {
  if (mask !== undefined && mask[i] !== 1) return false;
  return Number.isFinite(model.calls.start[i]) && Number.isFinite(model.calls.duration[i]);
}

/**
 * Start and end of each event, cut to its nearest exported ancestor's and ended no later than
 * the start of its next exported sibling (NaN for a call that is no event), and whether it was
 * cut (`clamped`). Parents first: the topology's pre-order, where siblings come in input
 * (entry) order. Cut is told where the cut is made, not from `end - start` beside the
 * duration: past 2^53 ns (a tai clock's 1.7e18 ns) `start + duration` is a double up to 128 ns
 * off, and every call read as cut, its duration off by up to 256 ns.
 */
export function chromeIntervals(facts: ModelFacts, mask?: CallMask): { start: Float64Array; end: Float64Array; clamped: Uint8Array } {
  const { model } = facts;
  const { calls } = model;
  const n = calls.length;
  const { order } = facts.topology();
  const start = new Float64Array(n).fill(Number.NaN);
  const end = new Float64Array(n).fill(Number.NaN);
  const clamped = new Uint8Array(n);
  // Nearest exported ancestor of each call (itself when it is exported), -1 when none;
  // `above`: that of its parent, as the walk met it (a broken parent link can come later).
  const host = new Int32Array(n).fill(-1);
  const above = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  // The start of each event's next sibling among the events (the next event with the same
  // exported parent, or the task's next root event): a call is ended there at the latest.
  const nextStart = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const lastChild = new Int32Array(n).fill(-1);
  const lastRoot = new Int32Array(model.tasks.length).fill(-1);
  for (const c of order) {
    const p = calls.parent[c];
    const outer = p >= 0 && seen[p] === 1 ? host[p] : -1;
    seen[c] = 1;
    above[c] = outer;
    if (!isChromeEvent(model, c, mask)) {
      host[c] = outer;
      continue;
    }
    host[c] = c;
    const last = outer >= 0 ? lastChild : lastRoot;
    const key = outer >= 0 ? outer : calls.task[c];
    if (last[key] >= 0) nextStart[last[key]] = calls.start[c];
    last[key] = c;
  }
  for (const c of order) {
    if (!isChromeEvent(model, c, mask)) continue;
    const outer = above[c];
    const s0 = calls.start[c];
    const e0 = s0 + calls.duration[c];
    let s = s0;
    let e = Math.min(e0, nextStart[c]);
    if (outer >= 0) {
      s = Math.min(Math.max(s, start[outer]), end[outer]);
      e = Math.min(e, end[outer]);
    }
    start[c] = s;
    end[c] = Math.max(e, s);
    if (s !== s0 || end[c] !== e0) clamped[c] = 1;
  }
  return { start, end, clamped };
}

/**
 * A JSON string whose text holds no control character, DEL (U+007F) included, which
 * JSON.stringify leaves as it is: Perfetto's JSON tokenizer reads each event's string values
 * to find its `ts` (json_trace_tokenizer.cc ReadOneJsonString) and refuses one holding a
 * byte that iscntrl() takes, failing the whole import ('unable to parse string'). A name
 * from the trace may hold one (a damaged line; a task names itself anything).
 */
function jsonString(s: string): string {
  // (DEL, and the C1 controls and bidi overrides a terminal acts on: `cli export` writes to stdout)
  return jsonForTerminal(JSON.stringify(s));
}

export function* chromeTraceChunks(facts: ModelFacts, mask?: CallMask): Generator<string> {
  yield* batched(chromeTraceParts(facts, mask));
}

function* chromeTraceParts(facts: ModelFacts, mask?: CallMask): Generator<string> {
  const { model } = facts;
  const { calls, strings, tasks } = model;
  const iv = chromeIntervals(facts, mask);
  const base = chromeTimeBase(iv.start, iv.end);
  const { pid, tid } = chromeThreadIds(model);
  const n = calls.length;
  const used = new Uint8Array(tasks.length);
  const nameJson = new Map<number, string>();
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 1) continue;
    if (isChromeEvent(model, i, mask)) used[calls.task[i]] = 1;
    else skipped++;
  }
  yield '{"traceEvents":[\n';
  let first = true;
  const namedPids = new Set<number>();
  for (let k = 0; k < tasks.length; k++) {
    if (!used[k]) continue;
    yield `${first ? '' : ',\n'}{"ph":"M","name":"thread_name","pid":${pid[k]},"tid":${tid[k]},"args":{"name":${jsonString(taskLabel(tasks[k]))}}}`;
    first = false;
    // The viewers group threads by pid and title the group "Process N" unless it is named.
    if (pid[k] > 0 && !namedPids.has(pid[k])) {
      namedPids.add(pid[k]);
      const comm = tasks[k].instance ? `${tasks[k].instance}:${tasks[k].comm}` : tasks[k].comm;
      yield `,\n{"ph":"M","name":"process_name","pid":${pid[k]},"tid":${tid[k]},"args":{"name":${jsonString(comm)}}}`;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!isChromeEvent(model, i, mask)) continue;
    const f = calls.func[i];
    let name = nameJson.get(f);
    if (name === undefined) nameJson.set(f, (name = jsonString(strings.get(f))));
    const k = calls.task[i];
    const s = iv.start[i];
    const e = iv.end[i];
    const clamped = iv.clamped[i] === 1;
    // Not cut: the call's own duration, exact (end - start is a difference of rounded doubles past 2^53 ns).
    const dur = clamped ? e - s : calls.duration[i];
    yield `${first ? '' : ',\n'}{"ph":"X","name":${name},"cat":"function","ts":${microsText(s - base)},"dur":${microsText(dur)},"pid":${pid[k]},"tid":${tid[k]},"args":{"call":${i},"cpu":${calls.cpu[i]}${clamped ? ',"clamped":true' : ''}}}`;
    first = false;
  }
  // (past 2^53 ns a double holds an integer exactly: BigInt gives all its digits)
  const baseText = base === 0 ? '' : `,"timeBaseNs":"${BigInt(base).toString()}"`;
  yield `\n],"displayTimeUnit":"ns","otherData":{"exporter":"ftrace-explorer","skippedCalls":${skipped}${baseText}}}\n`;
}
