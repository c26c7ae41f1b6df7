/**
 * Bounds on the pickers' lists. A system-wide trace of a build can hold tens of thousands
 * of tasks (every compiler run is one), and a <select> or table of them all stalls the page
 * for many seconds (200,000 tasks: over 30 s). Lists show the first (tasks come busiest
 * first) and always the selected ones; the task picker's filter finds the others.
 */
export const MAX_TASK_OPTIONS = 500;

/** CPUs: the largest NR_CPUS of common kernel builds; more can only come from broken input. */
export const MAX_CPU_OPTIONS = 8192;

/** The first `limit` of `items`, plus any selected one after them, and how many are left out. */
export function boundedOptions<T>(items: readonly T[], isSelected: (t: T) => boolean, limit = MAX_TASK_OPTIONS): { shown: T[]; hidden: number } {
  if (items.length <= limit) return { shown: [...items], hidden: 0 };
  const shown = items.slice(0, limit);
  for (let i = limit; i < items.length; i++) if (isSelected(items[i])) shown.push(items[i]);
  return { shown, hidden: items.length - shown.length };
}

/**
 * The tasks with calls, then apart those without any (seen only in events: a system-wide
 * trace's idle tasks, kernel threads, processes the function filter never reached), each
 * part in the order given. The pickers list the second under "No calls", at the end.
 */
export function splitByCalls<T extends { calls: number }>(tasks: readonly T[]): { withCalls: T[]; noCalls: T[] } {
  const withCalls: T[] = [];
  const noCalls: T[] = [];
  for (const t of tasks) (t.calls > 0 ? withCalls : noCalls).push(t);
  return { withCalls, noCalls };
}
