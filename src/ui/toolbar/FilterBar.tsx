/**
 * What every view is narrowed by, in one line above the view tabs: the task, the CPUs, the
 * time range, "syscalls only" and the search, each with a button that removes it (labelled
 * "Remove filter: …" for assistive technology). Shown on every view, so a brushed range or a
 * permalink's filters are never invisible.
 *
 * The bar keeps its row while nothing is active ("No filters"): a first filter, most often the
 * first letter typed in the search box, then fills the row rather than adding one, so the views
 * under it do not jump down and their canvases are not measured and drawn again at that size.
 *
 * The range reads as on the overview strip: from the start of the calls in view under the
 * other filters (the overview's origin).
 */
import { useSameFields } from '../use-same-fields';
import { setExplore, useAppStore } from '../../state/store';
import type { ExploreState } from '../../state/slices/explore';
import { bidiIsolated } from '../../lib/bidi';
import { formatCount } from '../format';
import { useViewFilter } from '../use-view-filter';
import { useTimeOrigin } from '../chart/use-time-origin';
import { useTaskList } from './useTaskList';
import { rangeChip } from './range-chip';
import { cpuChip } from './cpu-chip';

interface Chip {
  id: string;
  /** What is applied, e.g. "Task: curl-139". */
  text: string;
  /** The tooltip, when it says more than the text. */
  title?: string;
  /** The explorer patch that removes it. */
  clear: Partial<ExploreState>;
}

/** The start of the calls the overview shows (its origin), for the range's offsets; asked only while a range is set. */
function useRangeOrigin(): number | null {
  const hasRange = useAppStore((s) => s.explore.range !== null);
  return useTimeOrigin(useViewFilter({ range: false }), hasRange);
}

export function FilterBar() {
  const { tasks } = useTaskList();
  const e = useAppStore(
    useSameFields((s) => ({
      tasks: s.explore.tasks,
      cpus: s.explore.cpus,
      range: s.explore.range,
      syscallsOnly: s.explore.syscallsOnly,
      irq: s.explore.irq,
      search: s.explore.search,
    })),
  );
  const origin = useRangeOrigin();

  const chips: Chip[] = [];
  if (e.tasks.length > 0) {
    // (set apart: a right-to-left override in one task's name would turn the others round)
    const label = (id: number) => bidiIsolated(tasks.find((t) => t.id === id)?.label ?? `task #${id}`);
    chips.push({
      id: 'task',
      text: e.tasks.length === 1 ? `Task: ${label(e.tasks[0])}` : `Tasks: ${e.tasks.map(label).join(', ')}`,
      clear: { tasks: [] },
    });
  }
  // (its tooltip says a call is kept by the CPU it was entered on, whole)
  if (e.cpus.length > 0) chips.push({ id: 'cpu', ...cpuChip(e.cpus), clear: { cpus: [] } });
  // (its tooltip says that a call the range cuts counts whole)
  if (e.range) chips.push({ id: 'range', ...rangeChip(e.range, origin), clear: { range: null } });
  if (e.syscallsOnly) chips.push({ id: 'syscalls', text: 'Syscalls only', clear: { syscallsOnly: false } });
  // Not a filter of calls, but it changes every figure shown: named, and removable like one.
  if (e.irq !== 'in-place') chips.push({ id: 'irq', text: `Interrupts: ${e.irq}`, clear: { irq: 'in-place' } });
  if (e.search.trim() !== '') chips.push({ id: 'search', text: `Search: "${e.search}"`, clear: { search: '' } });
  const title = chips.length === 0 ? 'No filters' : chips.length === 1 ? 'Filter:' : `${formatCount(chips.length)} filters:`;

  return (
    <section className="filter-bar" aria-label="Active filters" data-testid="filter-bar">
      <span className="filter-bar-title">{title}</span>
      {chips.length > 0 && (
        <ul className="filter-chips">
          {chips.map((c) => (
            <li key={c.id} className="filter-chip" data-filter={c.id}>
              <span className="filter-chip-text" title={c.title ?? c.text}>
                {c.text}
              </span>
              <button
                type="button"
                className="filter-chip-remove"
                aria-label={`Remove filter: ${c.text}`}
                title="Remove this filter"
                onClick={() => setExplore(c.clear)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {chips.length > 1 && (
        <button
          type="button"
          className="button link-button filter-bar-clear"
          onClick={() => setExplore({ tasks: [], cpus: [], range: null, syscallsOnly: false, irq: 'in-place', search: '' })}
        >
          Remove all
        </button>
      )}
    </section>
  );
}
