/**
 * The filter bar's chip of the CPU filter: what it reads, and what it means for the figures.
 *
 * A call is in view when it was ENTERED on one of the CPUs (core/query/filter.ts: the CPU of
 * its entry line), and every view counts it whole: a task that migrates mid-call (it slept
 * in schedule() on CPU 0 and woke on CPU 2, say) leaves that call's whole duration, the time on
 * CPU 2 included, under "CPU 0", and the calls it made after the move under "CPU 2" as roots
 * of their own. Without saying so, a CPU's figures read as time spent on that CPU.
 */
export interface CpuChip {
  text: string;
  /** The chip's tooltip: the text and which calls a CPU keeps. */
  title: string;
}

export function cpuChip(cpus: readonly number[]): CpuChip {
  const text = `${cpus.length === 1 ? 'CPU' : 'CPUs'} ${cpus.join(', ')}`;
  return {
    text,
    title: `${text}. In view: the calls entered on ${cpus.length === 1 ? 'it' : 'them'}, each counted whole: a call whose task moved to another CPU before it returned keeps its full duration here, and its calls made on the other CPU are left out.`,
  };
}
