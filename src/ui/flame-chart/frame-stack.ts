/** The stack of a flame chart frame: the frames around it, one per row above, as names. */
import type { FlameChartFrames } from '../../state/flame-queries';
import type { HookFrameAt } from '../../core/query/hook-points';

/**
 * Names from the outermost call down to frame k: at each row above, the frame whose span
 * holds k's start (the worker sends every ancestor of a frame it sends: they are wider).
 */
export function chartFrameStack(f: FlameChartFrames, k: number): string[] {
  const out = [f.names[f.name[k]]];
  const at = f.start[k];
  let end = f.end[k];
  for (let d = f.depth[k] - 1; d >= 0; d--) {
    let found = -1;
    for (let j = 0; j < f.length; j++) {
      if (f.depth[j] === d && f.start[j] <= at && f.end[j] >= end) {
        found = j;
        break;
      }
    }
    if (found < 0) break;
    out.push(f.names[f.name[found]]);
    end = f.end[found];
  }
  return out.reverse();
}

/**
 * Where frame k's hook candidates are ranked: under that one call (a chart frame is one call
 * of its task, not a call path: ranking under every call of its function took in the other
 * tasks' and paths' calls), its task and stack saying where it is.
 */
export function chartFrameAt(f: FlameChartFrames, k: number, taskLabel: string): HookFrameAt {
  return { path: [taskLabel, ...chartFrameStack(f, k)], groupByTask: true, call: f.call[k] };
}
