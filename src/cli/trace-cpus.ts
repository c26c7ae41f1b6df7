/**
 * Whether a CPU named on the command line (`export --cpu`, `diff --cpu-a/--cpu-b`) is one of
 * the trace's: one it never names keeps no call, and an empty export or diff side with status
 * 0 reads as "nothing ran there", where the number was a typo or meant for another capture.
 */
import type { TraceModel } from '../core/model/tables';

/**
 * What is wrong with `cpu` for this trace, or null when it is one of its CPUs: a CPU a task
 * ran on, or one the header counts (trace-cmd's `cpus=N`), even when nothing ran on it there.
 */
export function unknownCpu(model: TraceModel, cpu: number): string | null {
  const seen = new Set<number>();
  for (const t of model.tasks) for (const c of t.cpus) seen.add(c);
  if (seen.has(cpu) || cpu < model.cpuCount) return null;
  const known = [...seen].sort((x, y) => x - y).join(', ');
  return `no CPU ${cpu} in the trace (${known === '' ? 'it names no CPU' : `its CPUs: ${known}`})`;
}
