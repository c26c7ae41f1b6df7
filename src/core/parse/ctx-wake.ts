/**
 * The wakeup tracers' own records (wakeup, wakeup_rt, wakeup_dl: trace_sched_wakeup.c),
 * which the kernel's text prints with no event name: trace_ctxwake_print() (trace_output.c)
 * writes ` %7d:%3d:%c %s [%03d] %7d:%3d:%c %s` (`%5d` before 5.x): prev pid:prio:state, `  +`
 * for a wakeup or `==>` for a switch, the next task's CPU, then its pid:prio:state and comm.
 * Their names are the ones trace_entries.h gives them (FTRACE_ENTRY(context_switch, …),
 * FTRACE_ENTRY_DUP(wakeup, …)), which is also what `trace-cmd report` calls them.
 */

/** `0:120:R   + [003]    2389: 94:R sleep` (trimmed); a deadline task's prio is -1. */
const CTX_WAKE_RE = /^\d+: *-?\d+:\S (==>| {2}\+) \[\d+\] +\d+: *-?\d+:\S(?: |$)/;

/** `context_switch` or `wakeup` for such a record's text (leading blanks allowed), '' for any other text. */
export function ctxWakeName(text: string): string {
  const m = CTX_WAKE_RE.exec(text.trimStart());
  if (!m) return '';
  return m[1] === '==>' ? 'context_switch' : 'wakeup';
}
