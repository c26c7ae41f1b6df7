/**
 * The tasks of the trace, busiest first (past a limit, the busiest: task-options.ts). A
 * task's name picks it as the task every view shows (the toolbar's Task, which the flame
 * chart follows).
 */
import { useMemo } from 'react';
import { setExplore, useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { MAX_TASK_OPTIONS } from '../toolbar/task-options';
import { useTaskList } from '../toolbar/useTaskList';
import { useRowsInSteps } from '../use-rows-in-steps';

/**
 * A summary row's identity in the task list (the summary carries no filter id). The model
 * keys a task by its instance and pid (the same pid in two instances is two tasks), and pid
 * 0 or no pid by CPU as well.
 */
const taskKey = (t: { instance: string; comm: string; pid: number; cpus: readonly number[]; calls: number }) =>
  `${t.instance}\0${t.comm}\0${t.pid}\0${t.cpus.join(',')}\0${t.calls}`;

export function TasksTable() {
  const tasks = useAppStore((s) => s.session.summary?.tasks);
  const picked = useAppStore((s) => s.explore.tasks);
  const list = useTaskList();
  const idOf = useMemo(() => new Map(list.tasks.map((t) => [taskKey(t), t.id])), [list]);
  // Up to MAX_TASK_OPTIONS rows: into the DOM over a few frames, as the Top functions table's.
  const inDom = useRowsInSteps(Math.min(tasks?.length ?? 0, MAX_TASK_OPTIONS));
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
            {tasks.slice(0, inDom).map((t) => (
              <tr key={taskKey(t)}>
                <td className="name">
                  <TaskName label={`${t.instance ? `${t.instance}:` : ''}${t.comm || '?'}-${t.pid < 0 ? '?' : t.pid}`} id={idOf.get(taskKey(t))} picked={picked} />
                </td>
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

/** A task's name: a button that shows only this task in every view (plain text until its id is known). */
function TaskName({ label, id, picked }: { label: string; id: number | undefined; picked: readonly number[] }) {
  if (id === undefined) return <>{label}</>;
  const current = picked.length === 1 && picked[0] === id;
  return (
    <button
      type="button"
      className="name-button"
      aria-pressed={current}
      title={current ? `Every view shows ${label}` : `Show only ${label} in every view`}
      onClick={() => setExplore(current ? { tasks: [] } : { tasks: [id], chartTask: id })}
    >
      {label}
    </button>
  );
}
