/**
 * Where a moment of the trace lies on the time axis of the Interrupts modes `apart` and
 * `hidden` (interrupt-mode.ts): those modes lay each task out on its time without its
 * interrupts, so its calls move earlier by the time of the task's interrupt frames that
 * began before them. The trace's instant events (sched_switch, wakeups, irq entries) keep
 * their trace times in the model; drawn as they are on that axis (the event marker lanes
 * under the overview and the flame chart) they no longer line up with the calls around
 * them: on the seed trace curl's last calls sit 58 ms earlier in `apart` than in place.
 *
 * `placeInLayout` moves a moment of a task as its calls were moved: back by the time of its
 * frames that ended before it; inside a frame, in `apart` to where that frame now runs (in
 * the task's `[interrupts]` root), in `hidden` (the frame is gone) to the point it was cut
 * from. A moment of no known task, or of a task that took no interrupt, stays.
 */

/** One task's outermost interrupt frames with a start, in time order. */
export interface TaskFrames {
  /** Start of each frame (trace time). */
  start: Float64Array;
  /** Its end (start + duration; the start when the duration is unknown). */
  end: Float64Array;
  /** before[k]: the summed durations of frames 0..k-1 (length + 1 entries). */
  before: Float64Array;
  /** Where frame k starts in `apart` (in its `[interrupts]` root); NaN in `hidden`. */
  movedTo: Float64Array;
}

/** Per task (index into the model's tasks), its frames; undefined for a task without any. */
export type IrqTimeLayout = (TaskFrames | undefined)[];

/** Where `ts`, a moment of `task`, lies on the layout's time axis (see the module comment). */
export function placeInLayout(layout: IrqTimeLayout, task: number, ts: number): number {
  const f = task >= 0 && task < layout.length ? layout[task] : undefined;
  if (!f || Number.isNaN(ts)) return ts;
  // k: how many frames start before ts.
  let lo = 0;
  let hi = f.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.start[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  const k = lo;
  if (k > 0 && ts < f.end[k - 1]) {
    // Inside frame k - 1.
    const moved = f.movedTo[k - 1];
    return Number.isNaN(moved) ? f.start[k - 1] - f.before[k - 1] : moved + (ts - f.start[k - 1]);
  }
  return ts - f.before[k];
}
