/**
 * The explorer toolbar above the view tabs: what every view shows (task, CPU, syscalls
 * only) and the function search with its status line.
 */
import { useState } from 'react';
import { CpuPicker } from './CpuPicker';
import { SearchBox } from './SearchBox';
import { SearchStatus } from './SearchStatus';
import { SyscallsSwitch } from './SyscallsSwitch';
import { TaskPicker } from './TaskPicker';
import { useTaskList } from './useTaskList';

const STATUS_ID = 'search-status';

export function Toolbar() {
  const { tasks, cpus } = useTaskList();
  const [searchError, setSearchError] = useState<string | null>(null);
  return (
    <section className="toolbar" aria-label="Filters and search">
      <TaskPicker tasks={tasks} />
      <CpuPicker cpus={cpus} />
      <SyscallsSwitch />
      <div className="toolbar-search" role="search">
        <SearchBox errorId={STATUS_ID} onError={setSearchError} />
        <SearchStatus id={STATUS_ID} error={searchError} />
      </div>
    </section>
  );
}
