/**
 * The CPUSTAT options of a trace.dat: the ring buffer's per-CPU stats at the end of the
 * recording, as trace-cmd record saves them (trace-record.c record_stats: `CPU: N` and the
 * text of tracefs per_cpu/cpuN/stats, one option per CPU, the top instance's first; each
 * instance's after an option of its own, `\nBuffer: NAME\n\n`, add_buffer_stat). The
 * kernel prints them in tracing_stats_read (kernel/trace/trace.c).
 *
 * Two of those counts are events lost without a mark in the data. A page read after
 * events were overwritten says so in its header (RB_MISSED_EVENTS: the drop markers), but
 * that count is the `overrun` alone (rb_get_reader_page: lost_events = overrun -
 * last_overrun, kernel/trace/ring_buffer.c). With the overwrite option off, a full buffer
 * drops each new event instead (rb_move_tail: `dropped_events`); an event that found the
 * buffer filled under it by interrupts is dropped too (`commit_overrun`). Neither shows in
 * the pages: these stats are the only place that says events are missing.
 */

export interface CpuLoss {
  /** The instance ('' for the top one). */
  buffer: string;
  cpu: number;
  /** `dropped events:` (a full buffer, overwrite off). */
  dropped: number;
  /** `commit overrun:` (the buffer filled while an event was being written). */
  commitOverrun: number;
}

/** A count the kernel prints with %ld; more digits are no count it prints. */
const count = (text: string, label: string): number => {
  const m = new RegExp(`^${label}: *(\\d{1,19})\\s*$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
};

/** The CPUs whose stats say events were lost without a mark, in the options' order. */
export function unmarkedLosses(stats: readonly string[]): CpuLoss[] {
  const out: CpuLoss[] = [];
  let buffer = '';
  for (const text of stats) {
    const cpu = /^CPU: *(\d{1,9})\s*$/m.exec(text);
    if (!cpu) {
      // An instance's heading; its name is the rest of the line.
      const heading = /^Buffer: (.*)$/m.exec(text);
      if (heading) buffer = heading[1];
      continue;
    }
    const loss = { buffer, cpu: Number(cpu[1]), dropped: count(text, 'dropped events'), commitOverrun: count(text, 'commit overrun') };
    if (loss.dropped > 0 || loss.commitOverrun > 0) out.push(loss);
  }
  return out;
}

/** What to say of those losses: one sentence per instance and kind. */
export function unmarkedLossMessages(stats: readonly string[]): string[] {
  const losses = unmarkedLosses(stats);
  const messages: string[] = [];
  const buffers = [...new Set(losses.map((l) => l.buffer))];
  const events = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;
  const kinds: [keyof Pick<CpuLoss, 'dropped' | 'commitOverrun'>, (n: number) => string, string][] = [
    ['dropped', (n) => `dropped ${events(n)}`, '"dropped events": the buffer was full and tracing\'s overwrite option off, so new events were refused'],
    ['commitOverrun', (n) => `lost ${events(n)} to commit overruns`, '"commit overrun": interrupts filled the buffer while an event was being written'],
  ];
  for (const buffer of buffers) {
    const where = buffer ? `instance ${JSON.stringify(buffer)}: ` : '';
    for (const [key, verb, why] of kinds) {
      const cpus = losses.filter((l) => l.buffer === buffer && l[key] > 0);
      if (cpus.length === 0) continue;
      const total = cpus.reduce((n, l) => n + l[key], 0);
      const each = cpus.map((l) => `CPU ${l.cpu}: ${l[key]}`).join(', ');
      messages.push(
        `${where}the ring buffer ${verb(total)} that the trace does not mark (${each}; ${why}, ` +
          'as the per-CPU stats trace-cmd record saved say): calls around them are missing entries or exits',
      );
    }
  }
  return messages;
}
