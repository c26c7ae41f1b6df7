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
    </p>
  );
}
