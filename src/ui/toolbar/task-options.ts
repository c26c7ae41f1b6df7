/**
 * A system-wide trace of a build can hold tens of thousands of tasks (every compiler run is
 * one), and a <select> or table of them all stalls the page for many seconds (200,000
 * tasks: over 30 s). Lists show the busiest tasks (they come busiest first) and always the
 * selected ones; a filter finds the others.
 */
export const MAX_TASK_OPTIONS = 500;

/** The first `limit` of `tasks`, plus any selected task after them, and how many are left out. */
export function visibleTasks<T>(tasks: readonly T[], isSelected: (t: T) => boolean, limit = MAX_TASK_OPTIONS): { shown: T[]; hidden: number } {
  if (tasks.length <= limit) return { shown: [...tasks], hidden: 0 };
  const shown = tasks.slice(0, limit);
  for (let i = limit; i < tasks.length; i++) if (isSelected(tasks[i])) shown.push(tasks[i]);
  return { shown, hidden: tasks.length - shown.length };
}
