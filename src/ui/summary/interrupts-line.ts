/**
 * The words of the Summary's Interrupts line: the trace's interrupt frames, their time, what
 * the Interrupts switch (explore.irq, core/model/interrupt-mode.ts) does with it, and which of
 * the Summary's tables follow the switch.
 */
import type { IrqMode } from '../../core/model/interrupt-mode';
import { formatCount, formatDuration } from '../format';

export interface InterruptsLineText {
  what: string;
  /** Said under apart or hidden: what on the Summary stays as loaded. */
  note: string | null;
}

/** `ns` is null when no frame has a duration (the function tracer's): said as "—". */
export function interruptsLineText(frames: number, ns: number | null, irq: IrqMode): InterruptsLineText {
  if (frames === 0) return { what: 'none found', note: null };
  const time = `${formatDuration(ns)} in ${formatCount(frames)} interrupt frames`;
  if (irq === 'in-place') {
    // Without durations (the function tracer) no time is counted anywhere: the frames are
    // only shown where they were taken.
    return { what: ns === null ? `${time}, shown where they were taken (no durations in this trace)` : `${time}, counted in the calls they interrupted`, note: null };
  }
  return {
    what: irq === 'apart' ? `${time} moved to each task's [interrupts] root` : `${time} hidden from every figure`,
    // The facts above and the Tasks table are the load's summary, made once, as traced; Top
    // functions is the view's functions table (top-functions.ts), which follows the switch.
    note: '(the counts above and the Tasks table are as traced; Top functions and every other view follow the switch)',
  };
}
