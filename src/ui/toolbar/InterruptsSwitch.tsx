/**
 * "Interrupts: in place | apart | hidden" (explore.irq): how the time of interrupt and
 * softirq frames counts in every view (core/model/interrupt-mode.ts).
 */
import type { IrqMode } from '../../core/model/interrupt-mode';
import { setExplore, useAppStore } from '../../state/store';

const OPTIONS: readonly { mode: IrqMode; label: string; title: string }[] = [
  { mode: 'in-place', label: 'in place', title: 'Interrupt time counts in the call it interrupted, as traced' },
  { mode: 'apart', label: 'apart', title: "Interrupt frames move out of the calls they interrupted into each task's [interrupts] root" },
  { mode: 'hidden', label: 'hidden', title: 'Interrupt frames are left out of every figure' },
];

export function InterruptsSwitch() {
  const irq = useAppStore((s) => s.explore.irq);
  return (
    <label className="toolbar-select" title={OPTIONS.find((o) => o.mode === irq)?.title}>
      <span>Interrupts</span>
      <select
        aria-label="Interrupts"
        value={irq}
        onChange={(e) => {
          const mode = OPTIONS.find((o) => o.mode === e.target.value)?.mode;
          if (mode) setExplore({ irq: mode });
        }}
      >
        {OPTIONS.map((o) => (
          <option key={o.mode} value={o.mode} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
