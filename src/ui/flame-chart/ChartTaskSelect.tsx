/** The flame chart's task picker: tasks with calls in view as `comm-pid`, busiest first (explore.chartTask). */
import type { ChartTask } from '../../state/flame-queries';
import { setExplore } from '../../state/store';

export function ChartTaskSelect({ tasks, value }: { tasks: readonly ChartTask[]; value: number }) {
  return (
    <label className="flame-field">
      <span className="flame-field-label">Chart task</span>
      <select
        className="toolbar-select"
        value={String(value)}
        onChange={(e) => setExplore({ chartTask: Number(e.target.value) })}
      >
        {tasks.map((t) => (
          <option key={t.task} value={String(t.task)}>
            {t.label}
          </option>
        ))}
      </select>
    </label>
  );
}
