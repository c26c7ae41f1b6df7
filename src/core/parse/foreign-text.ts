/**
 * Text of other tracing tools, dropped where an ftrace trace is expected: named by its
 * first such line with the command that records a function_graph trace instead, rather
 * than "not a trace format". Each shape is what the tool prints, so a trace's own lines
 * never match one:
 *
 * - `perf script` (tools/perf/builtin-script.c perf_sample__fprintf_start): the comm
 *   `%16s `, the pid or tid `%7d ` (or `%7d/%-7d ` for both: space-separated, where
 *   trace-cmd and tracefs join `COMM-PID` with a dash), the CPU `[%03d] `, the time
 *   `%5lu.%06lu: ` (nine decimals with --ns); its callchain lines (`-g`): a tab, the
 *   address in hex, the symbol, `(DSO)`.
 * - `perf trace` (tools/perf/builtin-trace.c trace__fprintf_entry_head): the time in ms
 *   `%10.3f ` (`?` when unknown), the duration `(%6.3f ms): ` (fprintf_duration; blank
 *   inside the parentheses when not calculated), then `COMM/TID ` and the system call.
 * - bpftrace (src/output.cpp TextOutput::attached_probes): `Attaching N probe(s)...` first.
 * - a systemd journal (journalctl.c): `-- Journal begins at …` (`-- Logs begin at …` before
 *   systemd 246), `-- No entries --`, `-- Boot ID --` between boots.
 */
const PERF_SCRIPT_RE = /^\s*\S.*?\s\d+(?:\/\d+)?\s+\[\d{3,}\]\s+\d+\.\d{6,9}:\s/;
const PERF_CALLCHAIN_RE = /^\s+[0-9a-f]{4,16} \S.* \((?:\[[^\]]+\]|\/[^)]*|unknown)\)\s*$/;
const PERF_TRACE_RE = /^\s*(?:\d+\.\d{3}|\?) \(\s*(?:\d+\.\d{3} ms)?\s*\): /;
const BPFTRACE_RE = /^Attaching \d+ probes?\.\.\.\s*$/;
const JOURNAL_RE = /^-- (?:Journal begins at .+|Logs begin at .+|No entries|Boot [0-9a-f]{32}) --\s*$/;

const RECORD_INSTEAD = 'record the calls with "trace-cmd record -p function_graph" and open what "trace-cmd report" prints';

/** What other tool printed `line`, as a problem for that line; undefined for any other line. */
export function foreignTextProblem(line: string): string | undefined {
  if (PERF_SCRIPT_RE.test(line) || PERF_CALLCHAIN_RE.test(line)) {
    return `this is "perf script" output (perf's samples), not an ftrace trace: ${RECORD_INSTEAD}`;
  }
  if (PERF_TRACE_RE.test(line)) {
    return `this is "perf trace" output (system calls, not function calls), not an ftrace trace: ${RECORD_INSTEAD}`;
  }
  if (BPFTRACE_RE.test(line)) return `this is bpftrace output, not an ftrace trace: ${RECORD_INSTEAD}`;
  if (JOURNAL_RE.test(line)) {
    return `this is a systemd journal (journalctl output) with no ftrace trace in it: ${RECORD_INSTEAD}`;
  }
  return undefined;
}
