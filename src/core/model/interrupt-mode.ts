/**
 * Interrupt time kept apart (issue 10 §3): a pure model → model transform, so that every
 * query (call tree, flame graph, flame chart, functions table, search, summary, folded)
 * sees the chosen accounting without a special case.
 *
 * An interrupt frame is a call of a function in interrupt-frames.ts (irq_enter_rcu,
 * __sysvec_*, handle_softirqs, …), or one that tracefs printed between its interrupt
 * arrows `==========>` / `<==========` (CallFlag.IrqArrow, set by the builder), or, where
 * the lines print irq/preempt flags, one whose line says a hard irq, softirq or NMI context
 * its caller's line does not (irq-context.ts; a softirq under ksoftirqd's run_ksoftirqd
 * excepted, as by name). An OUTERMOST interrupt frame is one whose ancestors are
 * not interrupt frames: on x86 a timer interrupt inside `tcp_sendmsg` leaves three of them
 * as its children (irq_enter_rcu, __sysvec_apic_timer_interrupt, irq_exit_rcu).
 *
 * The three modes:
 *  - `in-place`: the model as built; interrupt time counts in the call it interrupted.
 *  - `apart`: every outermost interrupt frame, with its subtree, moves out of the call it
 *    interrupted into a root named `[interrupts]`: one per task and CPU the task took
 *    interrupts on (its CPU is theirs, so a CPU filter keeps each frame with its root and
 *    no other CPU's time). The interrupted call and all its ancestors lose that time from
 *    their durations; their self times do not change (the frame was a child, never
 *    theirs). Per task the roots' durations add up to the same total as in place (an
 *    `[interrupts]` root lasts the sum of the frames it holds, self 0).
 *  - `hidden`: those frames and their subtrees are dropped; the ancestors lose the time as
 *    in `apart`, so per task the total drops by exactly the interrupt time.
 *
 * Time in apart and hidden (what the flame chart, the overview and a time range see): the
 * task's own calls are laid out on the task's time WITHOUT its interrupts: every call of a
 * task moves earlier by the time of the task's interrupt frames that began before it, so a
 * shortened call still holds its children, nothing overlaps, and the chart reads as "what
 * the task did, without interruptions". In `apart` the `[interrupts]` roots then start where
 * the task's last call now ends, one after another in CPU order, each holding its moved
 * frames one after another in the order they ran, each with its subtree's times kept
 * relative to it: the task's span ends where it did in place. Printed times in cards are
 * those of this layout, not the trace's. Untimed traces (no start) keep no start; their layout is derived as usual.
 *
 * "Interrupt time inside" (`InterruptView.inside`, per call): the time of the outermost
 * interrupt frames nested below the call in place (the frame itself not included), kept
 * in every mode: in `apart` and `hidden` it is the time the call no longer counts.
 */
import { CallNotes, NoteKind } from './call-notes';
import { CallFlag, CallTable } from './call-table';
import { InterruptKind, interruptKinds, isSoftirqThreadFunction } from './interrupt-frames';
import { entersInterrupt, entersSoftirqOnly } from './irq-context';
import { StringTable } from './string-table';
import type { TraceModel } from './tables';
import type { IrqTimeLayout, TaskFrames } from './irq-time-layout';

export const IRQ_MODES = ['in-place', 'apart', 'hidden'] as const;
export type IrqMode = (typeof IRQ_MODES)[number];

export function isIrqMode(v: unknown): v is IrqMode {
  return typeof v === 'string' && (IRQ_MODES as readonly string[]).includes(v);
}

/** Name of the per-task root that holds the interrupt frames in `apart`. */
export const INTERRUPTS_ROOT = '[interrupts]';

/** What a model says about its interrupt time (the in-place figures, whatever the mode). */
export interface InterruptView {
  mode: IrqMode;
  /** Outermost interrupt frames in the trace (moved, hidden, or left in place). */
  frames: number;
  /** Their time (ns; frames without a duration add 0); NaN when none has one (unknown, not 0). */
  ns: number;
  /** Per call of THIS model: interrupt time nested below it in place (0 for most calls). */
  inside: Float64Array;
  /**
   * In `apart` and `hidden`: each task's frames as its calls were laid out without them, to
   * place the trace's events on the same time axis (irq-time-layout.ts placeInLayout).
   */
  layout?: IrqTimeLayout;
}

/** The outermost interrupt frames of a model, and the interrupt time inside each call. */
export interface InterruptFrames {
  /** 1 for an outermost interrupt frame. */
  outermost: Uint8Array;
  /** 1 for a call inside one (the frame itself included). */
  inIrq: Uint8Array;
  count: number;
  ns: number;
  inside: Float64Array;
}

/** The outermost interrupt frames (findOutermostFrames) and every call inside one. */
export function findInterruptFrames(model: TraceModel): InterruptFrames {
  const frames = findOutermostFrames(model);
  return { ...frames, inIrq: markInsideFrames(model.calls, frames.outermost) };
}

/**
 * The outermost interrupt frames and the time inside each call. Walks up from each
 * interrupt-named call only, so it costs O(interrupt calls × depth), not a pass over the
 * topology: the summary of a load pays it. It does not mark every call inside a frame
 * (`inIrq`: a pass over all calls and 1 byte a call, which the interrupt figures of a load,
 * its summary and the hook points do not read).
 */
export function findOutermostFrames(model: TraceModel): Omit<InterruptFrames, 'inIrq'> {
  const n = model.calls.length;
  const outermost = new Uint8Array(n);
  const inside = new Float64Array(n);
  const { parent } = model.calls;
  const { count, ns } = eachOutermostFrame(model, (i, d) => {
    outermost[i] = 1;
    for (let p = parent[i], steps = 0; p >= 0 && steps < n; p = parent[p], steps++) inside[p] += d;
  });
  return { outermost, count, ns, inside };
}

/** 1 for each outermost interrupt frame (findOutermostFrames's `outermost` alone: not 8 bytes a call more for the time inside each call). */
export function outermostFrameCalls(model: TraceModel): Uint8Array {
  const outermost = new Uint8Array(model.calls.length);
  eachOutermostFrame(model, (i) => {
    outermost[i] = 1;
  });
  return outermost;
}

/**
 * The interrupt figures of a model (interruptView's) without the time inside each call:
 * for a model left in place, findOutermostFrames's count and time without its two
 * columns (9 bytes a call of fresh memory). What a side B's facts show (summary.ts
 * summarizeFacts): compare mode makes no per-call figure of B from them.
 */
export function interruptFigures(model: TraceModel): Omit<InterruptView, 'inside'> {
  if (model.interrupts) return { mode: model.interrupts.mode, frames: model.interrupts.frames, ns: model.interrupts.ns };
  const { count, ns } = eachOutermostFrame(model, () => {});
  return { mode: 'in-place', frames: count, ns };
}

/**
 * Whether a call is an interrupt frame (an outermost one has no such call above it): inside
 * the tracer's arrows, an interrupt function by name, or entered by the flags' word.
 */
export function interruptCallTest(model: TraceModel): (call: number) => boolean {
  const { calls, strings } = model;
  const n = calls.length;
  const kinds = interruptKinds(strings.size, (id) => strings.get(id));
  // Softirqs ksoftirqd runs are that thread's own work (interrupt-frames.ts SOFTIRQ_THREAD_FUNCTION).
  const threadFn = new Uint8Array(strings.size);
  for (let id = 0; id < strings.size; id++) if (isSoftirqThreadFunction(strings.get(id))) threadFn[id] = 1;
  const { func, parent, flags, context } = calls;
  const isIrq = (c: number): boolean => {
    if ((flags[c] & CallFlag.IrqArrow) !== 0) return true;
    const kind = kinds[func[c]];
    if (kind === InterruptKind.SoftIrq && parent[c] >= 0 && threadFn[func[parent[c]]] === 1) return false;
    if (kind !== InterruptKind.None) return true;
    return context !== undefined && entersByFlags(c);
  };
  // The flags' word where the names say nothing (irq-context.ts): a call whose line says an
  // interrupt context its caller's line does not; a softirq so entered under ksoftirqd's
  // thread function is that thread's work, as handle_softirqs under it is.
  const entersByFlags = (c: number): boolean => {
    const p = parent[c];
    if (p < 0 || context === undefined || !entersInterrupt(context[c], context[p])) return false;
    if (!entersSoftirqOnly(context[c], context[p])) return true;
    for (let q = p, steps = 0; q >= 0 && steps < n; q = parent[q], steps++) if (threadFn[func[q]] === 1) return false;
    return true;
  };
  return isIrq;
}

/**
 * Calls `found(call, its duration or 0)` for each outermost interrupt frame; returns their
 * count and time. The time is NaN when there are frames and none has a duration (the
 * function tracer records none): it is unknown, and 0 would say the interrupts took none.
 */
function eachOutermostFrame(model: TraceModel, found: (call: number, ns: number) => void): { count: number; ns: number } {
  const { calls } = model;
  const n = calls.length;
  const { parent, duration } = calls;
  const isIrq = interruptCallTest(model);
  let count = 0;
  let timed = 0;
  let ns = 0;
  for (let i = 0; i < n; i++) {
    if (!isIrq(i)) continue;
    let outer = true;
    // Bounded by n steps: a parent cycle (broken input) cannot loop forever.
    for (let p = parent[i], steps = 0; p >= 0 && steps < n; p = parent[p], steps++) {
      if (isIrq(p)) {
        outer = false;
        break;
      }
    }
    if (!outer) continue;
    count++;
    const d = Number.isNaN(duration[i]) ? 0 : duration[i];
    if (!Number.isNaN(duration[i])) timed++;
    ns += d;
    found(i, d);
  }
  return { count, ns: count > 0 && timed === 0 ? Number.NaN : ns };
}

/** 1 for every call inside an outermost frame (the frame itself included). */
function markInsideFrames(calls: TraceModel['calls'], outermost: Uint8Array): Uint8Array {
  const n = calls.length;
  const parent = calls.parent;
  const inIrq = new Uint8Array(n);
  // Mark each frame's subtree: a call is inside when an ancestor (or itself) is outermost.
  for (let i = 0; i < n; i++) {
    if (inIrq[i]) continue;
    // Walk up to the first call already known, then mark the chain.
    let p = i;
    let hit = 0;
    let steps = 0;
    while (p >= 0 && steps++ <= n) {
      if (outermost[p] || inIrq[p] === 1) {
        hit = 1;
        break;
      }
      if (inIrq[p] === 2) break;
      p = parent[p];
    }
    for (let q = i; q >= 0 && q !== p; q = parent[q]) {
      if (inIrq[q]) break;
      inIrq[q] = hit ? 1 : 2;
    }
    if (hit && p >= 0) inIrq[p] = 1;
  }
  // 2 meant "known outside" during the walk.
  for (let i = 0; i < n; i++) if (inIrq[i] === 2) inIrq[i] = 0;
  return inIrq;
}

/** The interrupt figures of a model: those of its transform, or computed for an in-place one. */
export function interruptView(model: TraceModel): InterruptView {
  if (model.interrupts) return model.interrupts;
  const f = findOutermostFrames(model);
  return { mode: 'in-place', frames: f.count, ns: f.ns, inside: f.inside };
}

/** The model under `mode` (the model itself for `in-place`). Pure: `model` is not changed. */
export function applyIrqMode(model: TraceModel, mode: IrqMode): TraceModel {
  if (mode === 'in-place') return model;
  const frames = findInterruptFrames(model);
  const calls = model.calls;
  const n = calls.length;
  const apart = mode === 'apart';
  const { outermost, inIrq } = frames;

  // New row of each old call (-1: dropped) and old row of each new call (-1: a new root).
  const newOf = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) newOf[i] = !apart && inIrq[i] ? -1 : kept++;
  // Apart adds one root row per task and CPU its frames ran on (rows kept.. in task, then
  // CPU order): every row's CPU is the one it ran on, so a CPU filter keeps the frames of
  // its CPUs under their root, and the root holds their time only. (With one root per task,
  // nc's `[interrupts]` in the 02 trace was on CPU 1 with 47 ms, 18 ms of them CPU 0's, and a
  // CPU 0 filter showed CPU 0's frames as roots of their own.)
  const rootOfFrame = new Int32Array(apart ? n : 0).fill(-1);
  const roots = apart ? interruptRoots(calls, outermost, kept, rootOfFrame) : [];
  const total = kept + roots.length;

  const strings = cloneStrings(model.strings);
  const rootName = apart ? strings.intern(INTERRUPTS_ROOT) : -1;

  const out = new CallTable(total);
  out.length = total;
  const inside = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    const j = newOf[i];
    if (j < 0) continue;
    out.func[j] = calls.func[i];
    out.task[j] = calls.task[i];
    out.depth[j] = calls.depth[i];
    out.cpu[j] = calls.cpu[i];
    out.flags[j] = calls.flags[i];
    out.start[j] = calls.start[i];
    out.duration[j] = calls.duration[i];
    out.self[j] = calls.self[i];
    out.line[j] = calls.line[i];
    if (calls.context) out.setContext(j, calls.context[i]);
    inside[j] = frames.inside[i];
    const p = calls.parent[i];
    out.parent[j] = outermost[i] ? (apart ? rootOfFrame[i] : -1) : p >= 0 ? newOf[p] : -1;
  }
  // The interrupted calls and their ancestors lose the frames' time (self unchanged).
  for (let i = 0; i < n; i++) {
    if (!outermost[i]) continue;
    const d = calls.duration[i];
    if (Number.isNaN(d)) continue;
    for (let p = calls.parent[i], steps = 0; p >= 0 && steps < n; p = calls.parent[p], steps++) out.duration[newOf[p]] -= d;
  }
  const layout = relayTimes(model, frames, newOf, out, rootOfFrame, roots);
  roots.forEach(({ task, cpu }, k) => {
    const r = kept + k;
    out.func[r] = rootName;
    out.parent[r] = -1;
    out.task[r] = task;
    out.depth[r] = 0;
    out.cpu[r] = cpu;
    out.flags[r] = 0;
    // (a root whose frames have no duration has none either: unknown, as they are)
    out.self[r] = Number.isNaN(out.duration[r]) ? Number.NaN : 0;
  });
  // Moved frames sit right under their root: their subtree's printed depth follows.
  if (apart) shiftMovedDepths(calls, outermost, inIrq, newOf, out);

  // Each task's other fields stay; only its call count changes.
  const tasks = model.tasks.map((t) => ({ ...t, calls: 0 }));
  for (let j = 0; j < total; j++) tasks[out.task[j]].calls++;

  return {
    ...model,
    strings,
    calls: out,
    tasks,
    notes: apart ? model.notes : remapNotes(model.notes, newOf),
    diagnostics: {
      ...model.diagnostics,
      items: model.diagnostics.items.map((it) => (it.call >= 0 ? { ...it, call: newOf[it.call] } : it)),
    },
    interrupts: { mode, frames: frames.count, ns: frames.ns, inside, layout },
  };
}

/** An `[interrupts]` root of apart: the task and the CPU of the frames it holds. */
interface InterruptRoot {
  task: number;
  cpu: number;
}

/**
 * The `[interrupts]` roots of apart, one per task and CPU of its outermost frames, in task
 * then CPU order; the root row of each frame in `rootOfFrame` (rows from `firstRow` on).
 */
function interruptRoots(calls: CallTable, outermost: Uint8Array, firstRow: number, rootOfFrame: Int32Array): InterruptRoot[] {
  const n = calls.length;
  // task × 65536 + CPU (an Int16) + 32768: ascending keys are task, then CPU order.
  const keyOf = (i: number): number => calls.task[i] * 65536 + calls.cpu[i] + 32768;
  const rowOf = new Map<number, number>();
  for (let i = 0; i < n; i++) if (outermost[i]) rowOf.set(keyOf(i), -1);
  const keys = [...rowOf.keys()].sort((a, b) => a - b);
  keys.forEach((key, k) => rowOf.set(key, firstRow + k));
  for (let i = 0; i < n; i++) if (outermost[i]) rootOfFrame[i] = rowOf.get(keyOf(i))!;
  return keys.map((key) => ({ task: Math.floor(key / 65536), cpu: (key % 65536) - 32768 }));
}

/**
 * Lays each task out on its time without interrupts (see the module comment): a task's
 * calls move earlier by the duration of its frames that began before them; in `apart` the
 * frames are laid one after another in the task's `[interrupts]` roots (one per CPU, in CPU
 * order), after its last call. Returns each task's frames as laid out (for the events).
 */
function relayTimes(
  model: TraceModel,
  frames: InterruptFrames,
  newOf: Int32Array,
  out: CallTable,
  rootOfFrame: Int32Array,
  roots: readonly InterruptRoot[],
): IrqTimeLayout {
  const calls = model.calls;
  const n = calls.length;
  const nTasks = model.tasks.length;
  // Each task's frames in time order, with the time of the frames before each.
  const byTask: number[][] = Array.from({ length: nTasks }, () => []);
  for (let i = 0; i < n; i++) if (frames.outermost[i] && !Number.isNaN(calls.start[i])) byTask[calls.task[i]].push(i);
  const starts: Float64Array[] = [];
  const before: Float64Array[] = [];
  for (let t = 0; t < nTasks; t++) {
    const list = byTask[t].sort((a, b) => calls.start[a] - calls.start[b] || a - b);
    const s = new Float64Array(list.length);
    const b = new Float64Array(list.length + 1);
    list.forEach((f, k) => {
      s[k] = calls.start[f];
      const d = calls.duration[f];
      b[k + 1] = b[k] + (Number.isNaN(d) ? 0 : d);
    });
    starts.push(s);
    before.push(b);
  }
  // The task's own calls (outside every frame).
  const taskEnd = new Float64Array(nTasks).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const j = newOf[i];
    if (j < 0 || frames.inIrq[i]) continue;
    const s = calls.start[i];
    if (Number.isNaN(s)) continue;
    const t = calls.task[i];
    const k = countBelow(starts[t], s);
    out.start[j] = s - before[t][k];
    const end = out.start[j] + (Number.isNaN(out.duration[j]) ? 0 : out.duration[j]);
    if (end > taskEnd[t]) taskEnd[t] = end;
  }
  // The frames' subtrees: in apart, after the task's calls in its [interrupts] roots, one
  // root after another; in hidden they are gone (newOf = -1).
  const frameBase = new Float64Array(n).fill(Number.NaN);
  const firstRoot = out.length - roots.length;
  // Each root's timed frames, in time order.
  const framesOfRoot: number[][] = roots.map(() => []);
  for (let t = 0; t < nTasks; t++) for (const f of byTask[t]) if (rootOfFrame[f] >= 0) framesOfRoot[rootOfFrame[f] - firstRoot].push(f);
  const cursor = new Float64Array(nTasks).fill(Number.NaN);
  roots.forEach(({ task: t }, k) => {
    const r = firstRoot + k;
    const list = framesOfRoot[k];
    if (list.length === 0) {
      // A root without timed frames: the sum of its frames, no start (below).
      out.start[r] = Number.NaN;
      out.duration[r] = 0;
      return;
    }
    if (Number.isNaN(cursor[t])) cursor[t] = Number.isFinite(taskEnd[t]) ? taskEnd[t] : calls.start[byTask[t][0]];
    out.start[r] = cursor[t];
    let d = 0;
    for (const f of list) {
      frameBase[f] = cursor[t] + d;
      const fd = calls.duration[f];
      d += Number.isNaN(fd) ? 0 : fd;
    }
    out.duration[r] = d;
    cursor[t] += d;
  });
  for (let i = 0; i < n; i++) {
    const j = newOf[i];
    if (j < 0 || !frames.inIrq[i] || Number.isNaN(calls.start[i])) continue;
    let f = i;
    while (!frames.outermost[f]) f = calls.parent[f];
    out.start[j] = frameBase[f] + (calls.start[i] - calls.start[f]);
  }
  // Frames without a start add their time to their root. A root none of whose frames has a
  // duration (the function tracer's) lasts an unknown time, NaN as they do, not the 0
  // summed here: every view then says unknown for it.
  const timedRoot = new Uint8Array(roots.length);
  for (let i = 0; i < n; i++) {
    const r = newOf[i] >= 0 && rootOfFrame.length > 0 ? rootOfFrame[i] : -1;
    if (r < 0 || !frames.outermost[i] || Number.isNaN(calls.duration[i])) continue;
    timedRoot[r - firstRoot] = 1;
    if (Number.isNaN(calls.start[i])) out.duration[r] += calls.duration[i];
  }
  roots.forEach((_, k) => {
    if (!timedRoot[k]) out.duration[firstRoot + k] = Number.NaN;
  });
  return byTask.map((list, t): TaskFrames | undefined => {
    if (list.length === 0) return undefined;
    const end = new Float64Array(list.length);
    const movedTo = new Float64Array(list.length);
    list.forEach((f, k) => {
      const d = calls.duration[f];
      end[k] = calls.start[f] + (Number.isNaN(d) ? 0 : d);
      movedTo[k] = frameBase[f];
    });
    return { start: starts[t], end, before: before[t], movedTo };
  });
}

/** How many of the ascending `starts` are below `t`. */
function countBelow(starts: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shiftMovedDepths(calls: CallTable, outermost: Uint8Array, inIrq: Uint8Array, newOf: Int32Array, out: CallTable): void {
  for (let i = 0; i < calls.length; i++) {
    if (!inIrq[i]) continue;
    let f = i;
    while (!outermost[f]) f = calls.parent[f];
    out.depth[newOf[i]] = Math.max(1, calls.depth[i] - calls.depth[f] + 1);
  }
}

/** The same strings with the same ids (the transform adds a name without touching the original). */
function cloneStrings(strings: StringTable): StringTable {
  const copy = new StringTable();
  for (let id = 0; id < strings.size; id++) copy.intern(strings.get(id));
  return copy;
}

function remapNotes(notes: CallNotes, newOf: Int32Array): CallNotes {
  if (notes.length === 0) return notes;
  const out = new CallNotes();
  for (let i = 0; i < newOf.length; i++) {
    const j = newOf[i];
    if (j < 0) continue;
    const note = notes.get(i);
    if (!note) continue;
    if (note.retval) out.add(j, note.retvalTruncated ? NoteKind.RetvalTruncated : NoteKind.Retval, note.retval);
    if (note.args) out.add(j, NoteKind.Args, note.args);
    if (note.caller) out.add(j, NoteKind.Caller, note.caller);
    if (note.overruns) out.add(j, NoteKind.Overruns, note.overruns);
  }
  return out;
}
