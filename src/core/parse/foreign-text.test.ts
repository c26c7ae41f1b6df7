import { describe, expect, it } from 'vitest';
import { loadText } from '../../test-utils/traces';
import { loadInPieces } from '../parallel/load-pieces';
import { loadInRanges } from '../parallel/load-ranges';
import { foreignTextProblem } from './foreign-text';
import { summaryOutputReason } from './summary-output';

/** `perf script` of a `perf record -g` (builtin-script.c: `%16s %7d [%03d] %5lu.%06lu:`, callchain lines). */
const PERF_SCRIPT = [
  '            curl     139 [001] 11524.982000:     250000 cpu-clock:pppH: ',
  '\tffffffff81a0c3f1 mutex_unlock+0x1 ([kernel.kallsyms])',
  '\tffffffff81a0c3f1 do_syscall_64+0x71 ([kernel.kallsyms])',
  '',
  '            curl     139 [001] 11524.983000:     250000 cpu-clock:pppH: ',
];
/** `perf script` of tracepoints, pid and tid (`%7d/%-7d`), with a comm that has a space. */
const PERF_SCRIPT_TP = [
  ' Web Content    4242/4243    [003] 11524.982000123: sched:sched_switch: prev_comm=Web Content prev_pid=4243 ==> next_comm=swapper/3 next_pid=0',
];
/** `perf trace` (builtin-trace.c: `%10.3f (%6.3f ms): COMM/TID `), one duration not calculated. */
const PERF_TRACE = [
  '     0.000 ( 0.004 ms): curl/139 openat(dfd: CWD, filename: "/etc/hosts", flags: RDONLY|CLOEXEC) = 3',
  '     0.010 (         ): curl/139 poll(ufds: 0x7ffd, nfds: 1, timeout_msecs: 1000) ...',
];
/** bpftrace (output.cpp attached_probes), then its maps as printed at exit. */
const BPFTRACE = ['Attaching 2 probes...', '^C', '', '@[vfs_read]: 12'];
/** journalctl (journalctl.c), as systemd 246 on prints it and as earlier ones did. */
const JOURNAL = ['-- Journal begins at Mon 2024-01-01 10:00:00 UTC, ends at Mon 2024-01-01 11:00:00 UTC. --', 'Jan 01 10:00:02 host systemd[1]: Started Journal Service.'];
const JOURNAL_OLD = ['-- Logs begin at Mon 2024-01-01 10:00:00 UTC, end at Mon 2024-01-01 11:00:00 UTC. --', 'Jan 01 10:00:02 host systemd[1]: Started Journal Service.'];

describe("another tool's text", () => {
  it.each([
    ['perf script', PERF_SCRIPT, 'perf script'],
    ['perf script of tracepoints', PERF_SCRIPT_TP, 'perf script'],
    ['perf trace', PERF_TRACE, 'perf trace'],
    ['bpftrace', BPFTRACE, 'bpftrace'],
    ['a systemd journal', JOURNAL, 'journalctl'],
    ['an older systemd journal', JOURNAL_OLD, 'journalctl'],
  ])('%s is named by its first line, with how to record a function_graph trace', (_, lines, tool) => {
    const text = lines.join('\n') + '\n';
    const bytes = new TextEncoder().encode(text);
    for (const m of [loadText(text), loadInRanges(bytes, 3, 64), loadInPieces(bytes, 64, 64)]) {
      expect(m.format).toBe('unknown');
      const reason = summaryOutputReason(m.diagnostics.items);
      expect(reason).toMatch(/^line 1 \(".*"\): this is /);
      expect(reason).toContain(tool);
      expect(reason).toContain('trace-cmd record -p function_graph');
      expect(m.diagnostics.items.find((i) => i.line === 1)?.message).toContain(tool);
    }
  });

  it("a trace's own lines are none of them", () => {
    for (const line of [
      '            curl-139   [001]    11.524982: funcgraph_entry:      ! 472.967 us |  mutex_unlock();',
      ' Web Content-4243  [003] d..1. 11524.982000: funcgraph_exit:       1.183 us   |  }',
      '    bash-1234    [000] .....   100.123456: function:             do_syscall_64 <-entry_SYSCALL_64',
      ' 3)   1.183 us    |    mutex_unlock();',
      '------------------------------------------',
      '# tracer: function_graph',
    ]) {
      expect(foreignTextProblem(line)).toBeUndefined();
    }
  });
});
