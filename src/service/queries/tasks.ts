/**
 * The toolbar's task and CPU pickers: every task of the loaded trace WITH ITS ID (the
 * index into model.tasks that `ViewFilter.tasks` holds). The summary's task list is
 * sorted for reading and carries no id, so the pickers ask for this list instead.
 */
import type { TraceModel } from '../../core/model/tables';
import { taskLabel } from '../../core/model/tables';

export interface TaskListEntry {
  /** Index into model.tasks: the value `ViewFilter.tasks` / `explore.tasks` holds. */
  id: number;
  /** `comm-pid` as users know it (idle tasks carry their CPU). Trace text: render as text only. */
  label: string;
  /** trace-cmd instance ('' for the top-level buffer). */
  instance: string;
  comm: string;
  pid: number;
  /** CPUs the task was seen on, ascending. */
  cpus: number[];
  calls: number;
}

export interface TaskList {
  /** Busiest first (most calls), then by pid, then by id (a stable order). */
  tasks: TaskListEntry[];
  /** Every CPU any task was seen on, ascending. */
  cpus: number[];
}

export function taskList(model: TraceModel): TaskList {
  const tasks = model.tasks.map(
    (t, id): TaskListEntry => ({ id, label: taskLabel(t), instance: t.instance, comm: t.comm, pid: t.pid, cpus: [...t.cpus], calls: t.calls }),
  );
  tasks.sort((a, b) => b.calls - a.calls || a.pid - b.pid || a.id - b.id);
  const seen = new Set<number>();
  for (const t of model.tasks) for (const c of t.cpus) if (c >= 0) seen.add(c);
  return { tasks, cpus: [...seen].sort((a, b) => a - b) };
}
