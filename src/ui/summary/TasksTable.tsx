/** The tasks of the trace, busiest first (past a limit, the busiest: task-options.ts). */
import { useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { MAX_TASK_OPTIONS } from '../toolbar/task-options';

export function TasksTable() {
  const tasks = useAppStore((s) => s.session.summary?.tasks);
  if (!tasks) return null;
  return (
    <section className="panel" aria-labelledby="tasks-title">
      <h2 id="tasks-title" className="panel-title">
        Tasks <span className="muted">({formatCount(tasks.length)})</span>
      </h2>
      <div className="table-scroll table-scroll-short">
        <table className="data-table" aria-labelledby="tasks-title">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">CPUs</th>
              <th scope="col" className="num" title="Every call of the task, at every depth (the call tree's task row counts root calls only)">
                All calls
              </th>
              <th scope="col" className="num">
                Max depth
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.slice(0, MAX_TASK_OPTIONS).map((t) => (
              <tr key={`${t.comm}-${t.pid}-${t.cpus.join(',')}`}>
                <td className="name">{`${t.comm || '?'}-${t.pid < 0 ? '?' : t.pid}`}</td>
                <td>{t.cpus.join(', ')}</td>
                <td className="num">{formatCount(t.calls)}</td>
                <td className="num">{formatCount(t.maxDepth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {tasks.length > MAX_TASK_OPTIONS && (
          <p className="muted table-more">{`and ${formatCount(tasks.length - MAX_TASK_OPTIONS)} more tasks with fewer calls (the toolbar's task picker finds any of them)`}</p>
        )}
      </div>
    </section>
  );
}
