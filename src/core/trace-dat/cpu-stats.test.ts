import { describe, expect, it } from 'vitest';
import { unmarkedLosses, unmarkedLossMessages } from './cpu-stats';

/** One CPUSTAT option as trace-cmd record saves it: `CPU: N` and per_cpu/cpuN/stats (kernel trace.c tracing_stats_read). */
function stat(cpu: number, o: { overrun?: number; commit?: number; dropped?: number } = {}): string {
  return (
    `CPU: ${cpu}\nentries: 0\noverrun: ${o.overrun ?? 0}\ncommit overrun: ${o.commit ?? 0}\nbytes: 0\n` +
    `oldest event ts:  1234.000001\nnow ts:  1240.500000\ndropped events: ${o.dropped ?? 0}\nread events: 98765\n`
  );
}

describe('CPUSTAT: events lost without a mark in the pages', () => {
  it('dropped events and commit overruns, by instance and CPU; the overrun (marked in the pages) is not one', () => {
    const stats = [stat(0, { overrun: 500 }), stat(1, { dropped: 1000 }), stat(2, { dropped: 234, commit: 3 }), '\nBuffer: net\n\n', stat(0), stat(1, { dropped: 7 })];
    expect(unmarkedLosses(stats)).toEqual([
      { buffer: '', cpu: 1, dropped: 1000, commitOverrun: 0 },
      { buffer: '', cpu: 2, dropped: 234, commitOverrun: 3 },
      { buffer: 'net', cpu: 1, dropped: 7, commitOverrun: 0 },
    ]);
    const messages = unmarkedLossMessages(stats);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^the ring buffer dropped 1234 events that the trace does not mark \(CPU 1: 1000, CPU 2: 234; "dropped events": /);
    expect(messages[1]).toMatch(/^the ring buffer lost 3 events to commit overruns that the trace does not mark \(CPU 2: 3; "commit overrun": /);
    expect(messages[2]).toMatch(/^instance "net": the ring buffer dropped 7 events .*\(CPU 1: 7;/);
  });

  it('nothing lost, or no stats (trace-cmd split writes none): nothing said', () => {
    expect(unmarkedLossMessages([stat(0, { overrun: 12 }), stat(1)])).toEqual([]);
    expect(unmarkedLossMessages([])).toEqual([]);
  });

  it('a hostile instance name is quoted, and a text without a count is no loss', () => {
    const stats = ['\nBuffer: a"\u202eb\n\n', stat(3, { dropped: 2 }), 'CPU: 4\ndropped events: lots\n'];
    expect(unmarkedLossMessages(stats)).toEqual([expect.stringMatching(/^instance "a\\"\u202eb": the ring buffer dropped 2 events/)]);
  });
});
