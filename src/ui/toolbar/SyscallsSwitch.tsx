/** "Syscalls only": keep only calls made inside a system call (explore.syscallsOnly). */
import { setExplore, useAppStore } from '../../state/store';

export function SyscallsSwitch() {
  const on = useAppStore((s) => s.explore.syscallsOnly);
  return (
    <label
      className="toolbar-switch"
      title="Keep only the subtrees of syscall entry points (__x64_sys_read and its kin)"
    >
      <input
        type="checkbox"
        role="switch"
        checked={on}
        onChange={(e) => setExplore({ syscallsOnly: e.target.checked })}
      />
      <span>Syscalls only</span>
    </label>
  );
}
