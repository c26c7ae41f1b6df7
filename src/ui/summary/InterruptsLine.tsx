/**
 * One line on the Summary: the trace's interrupt frames, their time, and what the
 * Interrupts switch (explore.irq) does with it (core/model/interrupt-mode.ts).
 */
import { useAppStore } from '../../state/store';
import { formatCount, formatDuration } from '../format';

export function InterruptsLine() {
  const interrupts = useAppStore((s) => s.session.summary?.interrupts);
  const irq = useAppStore((s) => s.explore.irq);
  if (!interrupts) return null;
  const { frames, ns } = interrupts;
  const what =
    frames === 0
      ? 'none found'
      : irq === 'apart'
        ? `${formatDuration(ns)} in ${formatCount(frames)} interrupt frames moved to each task's [interrupts] root`
        : irq === 'hidden'
          ? `${formatDuration(ns)} in ${formatCount(frames)} interrupt frames hidden from every figure`
          : `${formatDuration(ns)} in ${formatCount(frames)} interrupt frames, counted in the calls they interrupted`;
  return (
    <p className="interrupts-line" data-irq={irq} aria-label="Interrupt time">
      <strong>Interrupts:</strong> {what}
      {/* The Summary's tables are the load's summary, computed once, as traced. */}
      {irq !== 'in-place' && frames > 0 && <span className="muted"> (the tables below count it in place; every other view follows the switch)</span>}
    </p>
  );
}
