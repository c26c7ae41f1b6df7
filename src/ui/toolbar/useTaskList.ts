/** The loaded trace's tasks (with filter ids) and CPUs, fetched once per loaded trace. */
import { useEffect, useState } from 'react';
import { fetchTaskList, type TaskList } from '../../state/search-queries';
import { useAppStore } from '../../state/store';

const EMPTY: TaskList = { tasks: [], cpus: [] };

export function useTaskList(): TaskList {
  // session.traceId: the key of "which trace is this" (0 while none is ready).
  const info = useAppStore((s) => (s.session.status === 'ready' ? s.session.traceId : 0));
  const [list, setList] = useState<{ for: unknown; value: TaskList }>({ for: null, value: EMPTY });

  useEffect(() => {
    if (!info) return;
    let live = true;
    fetchTaskList().then(
      (value) => {
        if (live && value) setList({ for: info, value });
      },
      () => undefined, // the pickers stay on "All": the views still work unfiltered
    );
    return () => {
      live = false;
    };
  }, [info]);

  return list.for === info ? list.value : EMPTY;
}
