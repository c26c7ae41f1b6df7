/** Which CPU the views show: "All CPUs" or one of the CPUs seen in the trace (explore.cpus). */
import { memo } from 'react';
import { setExplore, useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { boundedOptions, MAX_CPU_OPTIONS } from './task-options';

/** Memoised like TaskPicker: its options change only with the CPUs or the one picked. */
export const CpuPicker = memo(function CpuPicker({ cpus }: { cpus: readonly number[] }) {
  const selected = useAppStore((s) => s.explore.cpus);
  const value = selected.length === 0 ? '' : selected.length === 1 ? String(selected[0]) : 'several';
  const { shown, hidden } = boundedOptions(cpus, (c) => selected.includes(c), MAX_CPU_OPTIONS);

  return (
    <label className="toolbar-field">
      <span className="toolbar-label" aria-hidden="true">
        CPU
      </span>
      <select
        className="toolbar-select"
        aria-label="CPU"
        value={value}
        onChange={(e) => setExplore({ cpus: e.target.value === '' ? [] : [Number(e.target.value)] })}
      >
        <option value="">All CPUs</option>
        {value === 'several' && (
          <option value="several" disabled>
            {`CPUs ${selected.join(', ')}`}
          </option>
        )}
        {shown.map((c) => (
          <option key={c} value={String(c)}>
            {`CPU ${c}`}
          </option>
        ))}
        {hidden > 0 && (
          <option value="hidden" disabled>
            {`${formatCount(hidden)} more CPU numbers (more than any kernel has)`}
          </option>
        )}
      </select>
    </label>
  );
});
