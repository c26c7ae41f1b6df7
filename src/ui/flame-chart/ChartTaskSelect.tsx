/**
 * The flame chart's task picker: tasks with calls in view as `comm-pid`, busiest first
 * (explore.chartTask); past the list's limit (task-options.ts) the busiest and the one
 * shown. The toolbar's task picker, which can find any task, sets this one too.
 */
import type { ChartTask } from '../../state/flame-queries';
import { setExplore } from '../../state/store';
import { formatCount } from '../format';
import { boundedOptions } from '../toolbar/task-options';

export function ChartTaskSelect({ tasks, value }: { tasks: readonly ChartTask[]; value: number }) {
  const { shown, hidden } = boundedOptions(tasks, (t) => t.task === value);
  return (
    <label className="flame-field">
      <span className="flame-field-label">Chart task</span>
      <select
        className="toolbar-select"
        value={String(value)}
        onChange={(e) => setExplore({ chartTask: Number(e.target.value) })}
      >
        {shown.map((t) => (
          <option key={t.task} value={String(t.task)}>
            {t.label}
          </option>
        ))}
        {hidden > 0 && (
          <option value="hidden" disabled>
            {`${formatCount(hidden)} more tasks with fewer calls: pick one in the toolbar`}
          </option>
        )}
      </select>
    </label>
  );
}
