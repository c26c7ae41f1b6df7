/**
 * Whether a trace's raw clock counts are nanoseconds. A trace clock that does not count
 * nanoseconds (x86-tsc: CPU cycles; counter: events) makes trace-cmd report print each record's
 * time as the bare count (trace-read.c time_format: `%12d`, TRACECMD_FL_IN_USECS cleared by
 * trace-input.c for any clock but local, global, uptime, perf, mono*), while function_graph
 * durations are always nanoseconds: fgraph takes calltime and rettime from trace_clock_local()
 * whatever the trace clock (kernel fgraph.c, trace_functions_graph.c). Such times cannot be set
 * against the durations: calls land outside their callers. --raw-ts of a nanosecond clock prints
 * bare counts too, but in nanoseconds. This tells them apart by the time between a call's entry
 * and exit records, in the clock's units, against its duration in ns: about 1 for nanoseconds.
 * The median of the first calls is taken, not their sum: with the kernel's `nosleep-time` option
 * a call's duration leaves out the time its task slept, so a few sleeping calls would outweigh
 * the rest.
 *
 * The kernel's own function_graph text has the same fault in another form: funcgraph-abstime
 * prints every record's time as seconds, `%5lu.%06lu`, of the count divided by 10^9, whatever
 * the clock (trace_functions_graph.c print_graph_abs_time; the REL TIME column, print_graph_rel_time,
 * divides by 1000 as µs), where the context format prints a clock that is not nanoseconds as the
 * bare count (trace_output.c, TRACE_FILE_TIME_IN_NS). So x86-tsc, counter or uptime times there
 * read as seconds and give no sign of it but this ratio.
 */

/** Calls shorter than this are left out: the records' own overhead weighs too much in them. */
const MIN_DURATION_NS = 10_000;
/** Calls measured before the ratio is trusted, and the most kept. */
const MIN_CALLS = 8;
const MAX_CALLS = 1001;

/**
 * How the times measured were printed: trace-cmd's bare counts; the kernel's function_graph
 * text, which prints a count as seconds (above); or trace-cmd report's seconds, which it prints
 * for the uptime clock too, a count of jiffies (trace-input.c tracecmd_parse_trace_clock keeps
 * TRACECMD_FL_IN_USECS for local, global, uptime, perf, mono*, tai; trace.c trace_clocks has
 * uptime's in_ns 0). The advice differs.
 */
export type ClockPrint = 'raw-counts' | 'graph-seconds' | 'report-seconds';

export class RawClockCheck {
  /** Clock units per ns of each call measured. */
  private readonly ratios: number[] = [];
  /** The line of the first exit measured (where the message points), -1 before. */
  line = -1;

  /** An exit of a call `span` clock units after its entry, lasting `durationNs`, on `line`. */
  add(span: number, durationNs: number, line: number): void {
    if (!(durationNs >= MIN_DURATION_NS) || !(span >= 0) || this.ratios.length >= MAX_CALLS) return;
    this.ratios.push(span / durationNs);
    if (this.line < 0) this.line = line;
  }

  /** Whether no later call is measured: the calls measured are the first MAX_CALLS. */
  get full(): boolean {
    return this.ratios.length >= MAX_CALLS;
  }

  /** Clock units per nanosecond (the median call's), NaN until enough calls were measured. */
  get unitsPerNs(): number {
    const n = this.ratios.length;
    if (n < MIN_CALLS) return Number.NaN;
    const sorted = this.ratios.slice().sort((a, b) => a - b);
    return n & 1 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The ratio below which a fraction `q` of the calls measured lie (NaN until enough were). */
  private quantile(q: number): number {
    const n = this.ratios.length;
    if (n < MIN_CALLS) return Number.NaN;
    return this.ratios.slice().sort((a, b) => a - b)[Math.floor(q * (n - 1))];
  }

  /** What to tell when the counts are clearly not nanoseconds, else undefined. */
  message(printed: ClockPrint = 'raw-counts'): string | undefined {
    let r = this.unitsPerNs;
    if (printed !== 'raw-counts') {
      // Times printed as seconds are nearly every trace's, where a false alarm costs most. A clock
      // not in ns moves every call's ratio; a sleep left out (nosleep-time) moves only the calls
      // that slept, and only up, which can be most of a trace of blocking syscalls: so nine calls
      // in ten must be past 1.5 (the least of them is the clock's), or below 0.67.
      const low = this.quantile(0.1);
      const high = this.quantile(0.9);
      r = low > 1.5 ? low : high < 0.67 ? high : Number.NaN;
    }
    if (!(r > 1.5 || r < 0.67)) return undefined;
    // 0 when the count never moves within a call: the counter or uptime clock printed as
    // seconds (a few events, or no jiffy, in 10 µs) rounds to the same µs at entry and exit.
    const per =
      r >= 1 ? `about ${r.toFixed(1)} per ns` : r > 0 ? `about 1 per ${(1 / r).toFixed(0)} ns` : `none in calls of ${MIN_DURATION_NS / 1000} µs and more`;
    if (printed === 'report-seconds') {
      return (
        `the times are counts of a trace clock that does not count nanoseconds (${per}: uptime, in jiffies…), ` +
        'which trace-cmd report prints as seconds all the same, while the durations are nanoseconds: ' +
        'calls are placed and nested against the wrong scale. Record with a nanosecond clock (trace-cmd record -C local, global or mono)'
      );
    }
    if (printed === 'graph-seconds') {
      return (
        `the times are counts of a trace clock that does not count nanoseconds (${per}: x86-tsc, counter, uptime…), ` +
        "which function_graph prints as time all the same (seconds, or a latency tracer's REL TIME µs), while the durations are nanoseconds: " +
        'calls are placed and nested against the wrong scale. Record with a nanosecond clock ' +
        '(echo local > trace_clock, or global, mono, boot), or with funcgraph-abstime off'
      );
    }
    return (
      `the times are raw counts of a trace clock that does not count nanoseconds (${per}: x86-tsc, counter…), ` +
      'while the durations are nanoseconds: calls are placed and nested against the wrong scale. ' +
      "Run trace-cmd report --ts2secs HZ (the clock's frequency), or record with a nanosecond clock (-C local, mono, tsc2nsec)"
    );
  }
}
