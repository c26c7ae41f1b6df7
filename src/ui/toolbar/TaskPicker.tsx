/**
 * Which task the views show: "All tasks", then every task as `comm-pid` with its count of
 * calls (all of them, at every depth: "in all"), busiest first. Picking one also shows it
 * in the flame chart (explore.chartTask), so the two task choices never disagree. One task at a time (explore.tasks holds [] or [id]); a filter
 * with several tasks (from a permalink) shows as its own, disabled, entry. With more tasks
 * than a list can hold (task-options.ts), a "Find task" box narrows the list by name or pid.
 * Tasks without a call (seen only in events) are listed apart, under "No calls", at the end.
 */
import { memo, useMemo, useState } from 'react';
import { setExplore, useAppStore } from '../../state/store';
import type { TaskListEntry } from '../../state/search-queries';
import { formatCount, nameWithFigure } from '../format';
import { MAX_TASK_OPTIONS, boundedOptions, splitByCalls } from './task-options';

/**
 * Memoised: the toolbar renders again on every search, and the list (up to 500 options)
 * only changes with the tasks or the task picked (its own subscription).
 */
export const TaskPicker = memo(function TaskPicker({ tasks }: { tasks: readonly TaskListEntry[] }) {
  const selected = useAppStore((s) => s.explore.tasks);
  const value = selected.length === 0 ? '' : selected.length === 1 ? String(selected[0]) : 'several';
  const [find, setFind] = useState('');
  const many = tasks.length > MAX_TASK_OPTIONS;
  const { shown, hidden } = useMemo(() => {
    const needle = many ? find.trim().toLowerCase() : '';
    const isSelected = (t: TaskListEntry) => selected.includes(t.id);
    const matching = needle ? tasks.filter((t) => t.label.toLowerCase().includes(needle) || isSelected(t)) : tasks;
    const v = boundedOptions(matching, isSelected);
    return { shown: splitByCalls(v.shown), hidden: v.hidden + (tasks.length - matching.length) };
  }, [tasks, selected, find, many]);
  const option = (t: TaskListEntry) => (
    <option key={t.id} value={String(t.id)}>
      {nameWithFigure(t.label, `${formatCount(t.calls)} ${t.calls === 1 ? 'call' : 'calls'} in all`)}
    </option>
  );

  return (
    <label className="toolbar-field">
      <span className="toolbar-label" aria-hidden="true">
        Task
      </span>
      <select
        className="toolbar-select"
        aria-label="Task"
        value={value}
        onChange={(e) => {
          // One task selection: the flame chart follows the task picked here.
          const id = e.target.value === '' ? null : Number(e.target.value);
          setExplore(id === null ? { tasks: [] } : { tasks: [id], chartTask: id });
        }}
      >
        <option value="">All tasks</option>
        {value === 'several' && (
          <option value="several" disabled>
            {`${formatCount(selected.length)} tasks`}
          </option>
        )}
        {shown.withCalls.map(option)}
        {shown.noCalls.length > 0 && (
          <optgroup label={`No calls (${formatCount(shown.noCalls.length)} tasks seen only in events)`}>{shown.noCalls.map(option)}</optgroup>
        )}
        {hidden > 0 && (
          <option value="hidden" disabled>
            {`${formatCount(hidden)} more: find them by name or pid`}
          </option>
        )}
      </select>
      {many && (
        <input
          type="search"
          className="search-input task-find"
          aria-label="Find task"
          placeholder="Find task"
          spellCheck={false}
          autoComplete="off"
          value={find}
          onChange={(e) => setFind(e.target.value)}
        />
      )}
    </label>
  );
});
