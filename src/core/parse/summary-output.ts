/**
 * Text that trace-cmd or tracefs prints ABOUT a trace, not the trace: `trace-cmd report
 * --profile` (trace-profile.c: `task: COMM-PID`, `group: COMM`, `  Event: NAME (COUNT) Total:
 * … Avg: … Max: …(ts:…) Min:…(ts:…)`) and `trace-cmd report --stat` / a per-CPU `stats` file
 * (trace.c tracing_stats_read: `entries: N`, `overrun: N`, `commit overrun: N`, `bytes: N`,
 * `oldest event ts: T`, `now ts: T`, `dropped events: N`, `read events: N`). Such a file
 * holds no call to show: it is named, by its first such line, with the command that prints
 * the trace instead, rather than "not a trace format" or a trace of nothing.
 */
import type { DiagnosticItem } from '../model/tables';

const PROFILE_RE = /^(?:task: .+-\d+|group: .+|  Event: .+ \(\d+\)(?: Total: \d+ Avg: \d+ Max: \d+\(ts:\d+\.\d+\) Min:\d+\(ts:\d+\.\d+\))?)\s*$/;
const STAT_RE = /^(?:(?:entries|overrun|commit overrun|bytes|dropped events|read events): \d+|(?:oldest event ts|now ts): +\d+(?:\.\d+)?)\s*$/;

/** What summary `line` is part of, as a problem for that line; undefined for any other line. */
export function summaryOutputProblem(line: string): string | undefined {
  if (PROFILE_RE.test(line)) {
    return 'this is "trace-cmd report --profile" output (totals per task and event), not a trace: run trace-cmd report without --profile';
  }
  if (STAT_RE.test(line)) {
    return 'this is ring buffer statistics ("trace-cmd report --stat" or a per_cpu stats file), not a trace: run trace-cmd report, or read the tracefs trace file';
  }
  return undefined;
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
