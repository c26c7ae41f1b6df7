/**
 * The explorer toolbar above the view tabs: what every view shows (task, CPU, syscalls
 * only) and the function search with its status line.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/store';
import { useSameFields } from '../use-same-fields';
import { CpuPicker } from './CpuPicker';
import { SearchBox } from './SearchBox';
import { SearchStatus } from './SearchStatus';
import type { StepPosition } from './step';
import { InterruptsSwitch } from './InterruptsSwitch';
import { SyscallsSwitch } from './SyscallsSwitch';
import { TaskPicker } from './TaskPicker';
import { useTaskList } from './useTaskList';

const STATUS_ID = 'search-status';

export function Toolbar() {
  const { tasks, cpus } = useTaskList();
  const [searchError, setSearchError] = useState<string | null>(null);
  const [step, setStep] = useState<StepPosition | null>(null);
  // "Match i of n" is about one search in one view of the trace: forget it when either changes.
  // Only the fields that reset it: the whole explore slice re-rendered the toolbar (and its
  // task list of up to 500 options) on every flame graph zoom and hover-card selection.
  const { search, tasks: picked, cpus: cpuFilter, range, syscallsOnly, irq, inverted } = useAppStore(
    useSameFields((s) => ({
      search: s.explore.search,
      tasks: s.explore.tasks,
      cpus: s.explore.cpus,
      range: s.explore.range,
      syscallsOnly: s.explore.syscallsOnly,
      irq: s.explore.irq,
      inverted: s.explore.inverted,
    })),
  );
  const trace = useAppStore((s) => s.session.traceId);
  useEffect(() => setStep(null), [search, picked, cpuFilter, range, syscallsOnly, irq, inverted, trace]);
  return (
    <section className="toolbar" aria-label="Filters and search">
      <TaskPicker tasks={tasks} />
      <CpuPicker cpus={cpus} />
      <SyscallsSwitch />
      <InterruptsSwitch />
      <div className="toolbar-search" role="search">
        <SearchBox errorId={STATUS_ID} onError={setSearchError} onStep={setStep} />
        <SearchStatus id={STATUS_ID} error={searchError} step={step} />
      </div>
    </section>
  );
}
