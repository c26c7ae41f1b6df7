/**
 * Side B's own filters (compare mode): task, CPU, "Syscalls only" and its time range
 * (SideBRange), over B's trace (for
 * the same trace, over A's: then B is another selection of one trace, say task A against
 * task B, CPU 0 against CPU 1). A's filters are the toolbar's, as in every view.
 */
import { useEffect, useState } from 'react';
import { fetchTaskListB, type TaskListB } from '../../state/compare-queries';
import { setCompare, useAppStore } from '../../state/store';
import { formatCount, formatDuration, nameWithFigure } from '../format';
import { SideBRange } from './SideBRange';

const MAX_OPTIONS = 500;

export function SideBFilters() {
  const filterB = useAppStore((s) => s.compare.filterB);
  const epoch = useAppStore((s) => s.compare.epoch);
  const rangeA = useAppStore((s) => s.explore.range);
  const same = useAppStore((s) => s.compare.source?.kind === 'same');
  const [list, setList] = useState<TaskListB | null>(null);
  useEffect(() => {
    let live = true;
    fetchTaskListB().then(
      (l) => live && l && setList(l),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [epoch]);
  const task = filterB.tasks.length === 1 ? String(filterB.tasks[0]) : '';
  const cpu = filterB.cpus.length === 1 ? String(filterB.cpus[0]) : '';
  const set = (patch: Partial<typeof filterB>) => setCompare({ filterB: { ...filterB, ...patch }, zoomPath: [], focusPath: [] });
  return (
    <fieldset className="cmp-side-b">
      <legend>B&apos;s filters</legend>
      <select className="toolbar-select" aria-label="Side B task" value={task} onChange={(e) => set({ tasks: e.target.value === '' ? [] : [Number(e.target.value)] })}>
        <option value="">All tasks</option>
        {list?.tasks.slice(0, MAX_OPTIONS).map((t) => (
          <option key={t.id} value={String(t.id)}>
            {nameWithFigure(t.label, `${formatCount(t.calls)} calls`)}
          </option>
        ))}
      </select>
      <select className="toolbar-select" aria-label="Side B CPU" value={cpu} onChange={(e) => set({ cpus: e.target.value === '' ? [] : [Number(e.target.value)] })}>
        <option value="">All CPUs</option>
        {list?.cpus.map((c) => (
          <option key={c} value={String(c)}>{`CPU ${c}`}</option>
        ))}
      </select>
      <label className="toolbar-switch">
        <input
          type="checkbox"
          role="switch"
          checked={filterB.syscallsOnly}
          aria-checked={filterB.syscallsOnly}
          aria-label="Side B syscalls only"
          onChange={(e) => set({ syscallsOnly: e.target.checked })}
        />
        <span>Syscalls only</span>
      </label>
      <SideBRange />
      {/* One time range against another: take A's range for B, then pick another for A on the overview. */}
      {same && rangeA && (filterB.range?.[0] !== rangeA[0] || filterB.range[1] !== rangeA[1]) && (
        <button type="button" className="button small" onClick={() => set({ range: rangeA })}>
          Take A&apos;s time range
        </button>
      )}
      {filterB.range && (
        <button type="button" className="button small" onClick={() => set({ range: null })}>
          {`B's time range (${formatDuration(filterB.range[1] - filterB.range[0])}): clear`}
        </button>
      )}
    </fieldset>
  );
}
