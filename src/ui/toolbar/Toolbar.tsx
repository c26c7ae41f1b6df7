/**
 * The explorer toolbar above the view tabs: what every view shows (task, CPU, syscalls
 * only) and the function search with its status line.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/store';
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
  const explore = useAppStore((s) => s.explore);
  const trace = useAppStore((s) => s.session.traceId);
  const { search, tasks: picked, cpus: cpuFilter, range, syscallsOnly, irq, inverted } = explore;
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
