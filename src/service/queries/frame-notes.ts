/**
 * What the trace printed beside each call shown (return value, arguments, caller, overruns:
 * `funcgraph-retval`, `-args`, `-retaddr`, `-overrun`, trace-cmd's `(ret=…)`, the function
 * tracer's parent), ready for a frame's hover card. Most traces print none of it: then the
 * answer is an index of -1s and no texts.
 */
import type { IndexIntoCallTable } from '../../core/model/call-table';
import type { TraceModel } from '../../core/model/tables';
import { errnoName } from '../../lib/errno';

/** Display texts; '' where the trace printed nothing. */
export interface FrameNote {
  /** `0x0`, `-13 (-EACCES)`, `0x1c2d3e4f… (printed cut)`. */
  returned: string;
  /** Argument text as printed (`sk=0xffff…, size=64`). */
  args: string;
  /** `vfs_open+0x2c/0x40` or `inet_sendmsg`. */
  caller: string;
  overruns: string;
}

export interface FrameNotes {
  /** Per frame: index into `notes`, or -1. */
  note: Int32Array;
  notes: FrameNote[];
}

export function frameNotes(model: TraceModel, calls: ArrayLike<IndexIntoCallTable>): FrameNotes {
  const note = new Int32Array(calls.length).fill(-1);
  const notes: FrameNote[] = [];
  if (model.notes.length === 0) return { note, notes };
  for (let k = 0; k < calls.length; k++) {
    const n = model.notes.get(calls[k]);
    if (!n) continue;
    note[k] = notes.length;
    notes.push({ returned: returned(n.retval, n.retvalTruncated), args: n.args, caller: n.caller, overruns: n.overruns });
  }
  return { note, notes };
}

function returned(retval: string, truncated: boolean): string {
  if (!retval) return '';
  if (truncated) return `${retval}… (printed cut)`;
  const name = errnoName(retval);
  return name ? `${retval} (${name})` : retval;
}
