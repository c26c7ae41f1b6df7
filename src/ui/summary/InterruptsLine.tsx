/**
 * One line on the Summary: the trace's interrupt frames, their time, and what the
 * Interrupts switch (explore.irq) does with it (the words: interrupts-line.ts).
 */
import { useAppStore } from '../../state/store';
import { interruptsLineText } from './interrupts-line';

export function InterruptsLine() {
  const interrupts = useAppStore((s) => s.session.summary?.interrupts);
  const irq = useAppStore((s) => s.explore.irq);
  if (!interrupts) return null;
  const { what, note } = interruptsLineText(interrupts.frames, interrupts.ns, irq);
  return (
    <p className="interrupts-line" data-irq={irq} aria-label="Interrupt time">
      <strong>Interrupts:</strong> {what}
      {note && <span className="muted"> {note}</span>}
    </p>
  );
}
