/**
 * Event markers: the trace's sched_switch, wakeup and irq entry / exit events drawn as thin
 * ticks in a lane of four rows (one per kind) under a time axis, and the tick under the
 * pointer. Pure drawing and hit testing on the columns the worker sent
 * (service/queries/events.ts eventMarkers: at most one tick per pixel column and kind).
 *
 *   ┌ lane (LANE_H px) ──────────────────────────────────────────┐
 *   │ switch   |    |  |        |                                 │
 *   │ wakeup     |        |                                       │
 *   │ irq in  |  |  |  |  |  |                                    │
 *   │ irq out  |  |  |  |  |  |                                   │
 *   └────────────────────────────────────────────────────────────┘
 */
import { formatCount } from '../format';

/** The columns of an eventMarkers answer this module reads. */
export interface MarkerColumns {
  ts: Float64Array;
  /** 1 switch, 2 wakeup, 3 irq entry, 4 irq exit (core/query/events.ts EventKind). */
  kind: Uint8Array;
  name: Int32Array;
  task: Int32Array;
  count: Uint32Array;
  names: readonly string[];
  tasks: readonly string[];
}

/** Rows of the lane, top to bottom, by kind (1..4). */
export const KIND_LABELS = ['', 'switch', 'wakeup', 'irq entry', 'irq exit'] as const;
const ROW_PX = 4;
const GAP_PX = 1;
export const LANE_H = 4 * (ROW_PX + GAP_PX);

/** Tick colours by kind: mid tones that read on the light and the dark background. */
export const KIND_COLORS = ['', '#3f7fd9', '#2f9e5b', '#d9822b', '#a05fd0'] as const;

/** Top edge of the row of a kind. */
export const kindTop = (kind: number): number => (kind - 1) * (ROW_PX + GAP_PX);

/**
 * Draws the ticks, `toX` mapping a time to a CSS pixel. Returns how many were drawn (ticks
 * outside [0, width] are skipped).
 */
export function drawEventTicks(ctx: CanvasRenderingContext2D, m: MarkerColumns, toX: (ns: number) => number, width: number): number {
  let drawn = 0;
  for (let k = 1; k <= 4; k++) {
    ctx.fillStyle = KIND_COLORS[k];
    for (let i = 0; i < m.ts.length; i++) {
      if (m.kind[i] !== k) continue;
      const x = Math.floor(toX(m.ts[i]));
      if (x < -1 || x > width) continue;
      ctx.fillRect(x, kindTop(k), m.count[i] > 1 ? 2 : 1, ROW_PX);
      drawn++;
    }
  }
  return drawn;
}

/**
 * The tick nearest the pointer within `reach` px, preferring the row under it; -1 for none.
 */
export function markerAt(m: MarkerColumns, toX: (ns: number) => number, px: number, py: number, reach = 3): number {
  const row = Math.floor(py / (ROW_PX + GAP_PX)) + 1;
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i < m.ts.length; i++) {
    const d = Math.abs(toX(m.ts[i]) - px);
    if (d > reach) continue;
    // Another row's tick counts as a few pixels further away.
    const score = d + (m.kind[i] === row ? 0 : reach + 1);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** What a tick names: event, task, and how many more it stands for. */
export function markerText(m: MarkerColumns, i: number): { event: string; task: string; more: string } {
  const more = m.count[i] > 1 ? `and ${formatCount(m.count[i] - 1)} more ${KIND_LABELS[m.kind[i]]} event${m.count[i] === 2 ? '' : 's'} in this pixel` : '';
  return { event: m.names[m.name[i]] ?? '?', task: m.tasks[m.task[i]] ?? '?', more };
}
