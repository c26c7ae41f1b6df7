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
 */

/** Calls shorter than this are left out: the records' own overhead weighs too much in them. */
const MIN_DURATION_NS = 10_000;
/** Calls measured before the ratio is trusted, and the most kept. */
const MIN_CALLS = 8;
const MAX_CALLS = 1001;

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

  /** Clock units per nanosecond (the median call's), NaN until enough calls were measured. */
  get unitsPerNs(): number {
    const n = this.ratios.length;
    if (n < MIN_CALLS) return Number.NaN;
    const sorted = this.ratios.slice().sort((a, b) => a - b);
    return n & 1 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** What to tell when the counts are clearly not nanoseconds, else undefined. */
  message(): string | undefined {
    const r = this.unitsPerNs;
    if (!(r > 1.5 || r < 0.67)) return undefined;
    const per = r >= 1 ? `about ${r.toFixed(1)} per ns` : `about 1 per ${(1 / r).toFixed(0)} ns`;
    return (
      `the times are raw counts of a trace clock that does not count nanoseconds (${per}: x86-tsc, counter…), ` +
      'while the durations are nanoseconds: calls are placed and nested against the wrong scale. ' +
      "Run trace-cmd report --ts2secs HZ (the clock's frequency), or record with a nanosecond clock (-C local, mono, tsc2nsec)"
    );
  }
}
