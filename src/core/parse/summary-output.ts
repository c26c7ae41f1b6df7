/**
 * Text that trace-cmd or tracefs prints ABOUT a trace, not the trace: `trace-cmd report
 * --profile` (trace-profile.c: `task: COMM-PID`, `group: COMM`, `  Event: NAME (COUNT) Total:
 * … Avg: … Max: …(ts:…) Min:…(ts:…)`) and `trace-cmd report --stat` / a per-CPU `stats` file
 * (trace.c tracing_stats_read: `entries: N`, `overrun: N`, `commit overrun: N`, `bytes: N`,
 * `oldest event ts: T`, `now ts: T`, `dropped events: N`, `read events: N`). Such a file
 * holds no call to show: it is named, by its first such line, with the command that prints
 * the trace instead, rather than "not a trace format" or a trace of nothing.
 *
 * perf's wrappers of the function_graph tracer print such summaries too (tools/perf/
 * builtin-ftrace.c): `perf ftrace latency` a histogram of one function's durations
 * (display_histogram: `#   DURATION     |      COUNT | GRAPH …|`, rows `  0 - 1    us |
 * 12 | ### |`, then `# statistics  (in usec)` and `  total time: N`…`       count: N`) and
 * `perf ftrace profile` totals per function (print_profile_result: `# Total (us)   Avg (us)
 * Max (us)      Count   Function`, rows `%12.3f %10.3f %6d.%03d %10.0f   NAME`). A latency
 * copied from a terminal may begin with the `^C` that stopped it.
 */
import type { DiagnosticItem } from '../model/tables';
import { foreignTextProblem } from './foreign-text';

const PROFILE_RE = /^(?:task: .+-\d+|group: .+|  Event: .+ \(\d+\)(?: Total: \d+ Avg: \d+ Max: \d+\(ts:\d+\.\d+\) Min:\d+\(ts:\d+\.\d+\))?)\s*$/;
const STAT_RE = /^(?:(?:entries|overrun|commit overrun|bytes|dropped events|read events): \d+|(?:oldest event ts|now ts): +\d+(?:\.\d+)?)\s*$/;

/**
 * trace-cmd report's options that print facts of the file and no record (trace-read.c
 * trace_report): `--cpus` (with --first-event / --last-event, which imply it): `List of CPUs in
 * FILE with data:`, then one `  N` line per CPU with data; `-e`: `file is little endian and host
 * is little endian`; `--events` / `--event RE` (tracecmd_print_events): the event formats as
 * tracefs has them (`name: NAME`, `ID: N`, `format:`, `print fmt: …`); `--uname`: `cpus=N`, the
 * recorded `uname -a` (`Linux HOST RELEASE #…`) or ` uname was not recorded in this file`.
 */
const CPUS_RE = /^List of CPUs in .+ with data:\s*$/;
const ENDIAN_RE = /^file is (?:big|little) endian and host is (?:big|little) endian\s*$/;
const EVENT_FORMAT_RE = /^(?:name: \w+|ID: \d+|format:|print fmt: .*)\s*$/;
const UNAME_RE = /^(?:Linux \S+ \S+ #\d+\S* .*| uname was not recorded in this file)\s*$/;

const PERF_LATENCY_RE =
  /^(?:(?:\^C)?#\s+DURATION\s+\|\s+COUNT\s+\|\s+GRAPH\s+\||\s*\d+(?:\.\d+)?\s+-\s+(?:\d+(?:\.\d+)?|\.\.\.)\s+(?:ns|us|ms|s)\s+\|\s+\d+\s+\|\s#*\s*\||# statistics\s+\(in [un]sec\)|\s+(?:(?:total|avg|max|min) time|count):\s+\d+)\s*$/;
const PERF_PROFILE_RE = /^(?:# Total \(us\)\s+Avg \(us\)\s+Max \(us\)\s+Count\s+Function|\s*\d+\.\d{3}\s+\d+\.\d{3}\s+\d+\.\d{3}\s+\d+ {3}\S.*)\s*$/;

/**
 * ftrace_dump()'s line for an empty buffer (trace.c ftrace_dump_one: `   (ftrace buffer
 * empty)`), after whatever console or log prefix: a crash log whose dump holds no record.
 */
const EMPTY_DUMP_RE = /(?:^|[\s\]:])\(ftrace buffer empty\)\s*$/;

/** What summary `line` is part of, as a problem for that line; undefined for any other line. */
export function summaryOutputProblem(line: string): string | undefined {
  if (EMPTY_DUMP_RE.test(line)) {
    return 'this console log\'s ftrace dump is empty (ftrace_dump printed "(ftrace buffer empty)"): nothing was traced before it; enable the tracer ahead of the crash (ftrace=function_graph on the kernel command line, or tracefs) with ftrace_dump_on_oops';
  }
  if (CPUS_RE.test(line)) {
    return 'this is "trace-cmd report --cpus" output (the CPUs with data; --first-event and --last-event print it too), not a trace: run trace-cmd report without those options';
  }
  if (ENDIAN_RE.test(line)) return 'this is "trace-cmd report -e" output (the file\'s byte order), not a trace: run trace-cmd report without -e';
  if (EVENT_FORMAT_RE.test(line)) {
    return 'this is an event format ("trace-cmd report --events" or --event, or a tracefs events/…/format file), not a trace: run trace-cmd report without those options';
  }
  if (UNAME_RE.test(line)) return 'this is "trace-cmd report --uname" output (the recorded uname), not a trace: run trace-cmd report without --uname';
  if (PERF_LATENCY_RE.test(line)) {
    return 'this is "perf ftrace latency" output (a histogram of one function\'s durations), not a trace: record the calls with "perf ftrace -G FUNCTION > trace.txt" (function_graph text) and open that';
  }
  if (PERF_PROFILE_RE.test(line)) {
    return 'this is "perf ftrace profile" output (totals per function), not a trace: record the calls with "perf ftrace -G FUNCTION > trace.txt" (function_graph text) and open that';
  }
  if (PROFILE_RE.test(line)) {
    return 'this is "trace-cmd report --profile" output (totals per task and event), not a trace: run trace-cmd report without --profile';
  }
  if (STAT_RE.test(line)) {
    return 'this is ring buffer statistics ("trace-cmd report --stat" or a per_cpu stats file), not a trace: run trace-cmd report, or read the tracefs trace file';
  }
  // Another tool's text (perf script, bpftrace, a journal): named the same way.
  return foreignTextProblem(line);
}

/** How many lines of the head are summary output: detection takes the head for no trace format when they are its content. */
export function summaryOutputLines(lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) if (summaryOutputProblem(line) !== undefined) n++;
  return n;
}

/** `line N ("…") is …` for the first unread line that is summary output, undefined when there is none. */
export function summaryOutputReason(items: readonly DiagnosticItem[]): string | undefined {
  for (const item of items) {
    if (item.kind !== 'unparsed' || item.text === undefined) continue;
    const problem = summaryOutputProblem(item.text);
    // Quoted as JSON: the line is the file's text, and a task name in it may hold an escape
    // sequence that the command line would otherwise write to the terminal as it is.
    if (problem !== undefined) return `line ${item.line} (${JSON.stringify(item.text.trim())}): ${problem}`;
  }
  return undefined;
}
