/** A side's filters in words ("all tasks · all CPUs"), for the side's heading. */
import type { SideFilter } from '../../state/slices/compare';
import { formatDuration } from '../format';

export function filterText(f: SideFilter): string {
  const parts = [
    f.tasks.length === 0 ? 'all tasks' : `${f.tasks.length} task${f.tasks.length === 1 ? '' : 's'}`,
    f.cpus.length === 0 ? 'all CPUs' : `CPU ${f.cpus.join(', ')}`,
  ];
  if (f.range) parts.push(`${formatDuration(f.range[1] - f.range[0])} time range`);
  if (f.syscallsOnly) parts.push('syscalls only');
  return parts.join(' · ');
}
