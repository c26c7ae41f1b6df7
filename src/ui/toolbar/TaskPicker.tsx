/**
 * Which task the views show: "All tasks", then every task as `comm-pid` with its call
 * count, busiest first. One task at a time (explore.tasks holds [] or [id]); a filter
 * with several tasks (from a permalink) shows as its own, disabled, entry.
 */
import { setExplore, useAppStore } from '../../state/store';
import type { TaskListEntry } from '../../state/search-queries';
import { formatCount } from '../format';

export function TaskPicker({ tasks }: { tasks: readonly TaskListEntry[] }) {
  const selected = useAppStore((s) => s.explore.tasks);
  const value = selected.length === 0 ? '' : selected.length === 1 ? String(selected[0]) : 'several';

  return (
    <label className="toolbar-field">
      <span className="toolbar-label" aria-hidden="true">
        Task
      </span>
      <select
        className="toolbar-select"
        aria-label="Task"
        value={value}
        onChange={(e) => setExplore({ tasks: e.target.value === '' ? [] : [Number(e.target.value)] })}
      >
        <option value="">All tasks</option>
        {value === 'several' && (
          <option value="several" disabled>
            {`${formatCount(selected.length)} tasks`}
          </option>
        )}
        {tasks.map((t) => (
          <option key={t.id} value={String(t.id)}>
            {`${t.label} (${formatCount(t.calls)} ${t.calls === 1 ? 'call' : 'calls'})`}
          </option>
        ))}
      </select>
    </label>
  );
}
