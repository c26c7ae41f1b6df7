/**
 * Whether a trace.dat's record times are nanoseconds, from its trace clock (the TRACECLOCK
 * option, a v7 BUFFER option's clock).
 *
 * The kernel's trace_clocks[] (kernel/trace/trace.c) marks each clock `in_ns`: local, global,
 * perf, mono, mono_raw, boot and tai count nanoseconds; counter (an atomic count per event),
 * uptime (jiffies) and the architectures' own (x86-tsc: TSC cycles; ppc-tb: the time base)
 * do not, and the kernel prints their times as bare counts (trace_print_context). trace-cmd
 * converts none of them, unless the file has a TSC2NSEC option: then every time is
 * converted to ns whatever the clock's name (trace-input.c extract_trace_clock, timestamp_calc).
 * function_graph's durations are nanoseconds whatever the clock (calltime and rettime are
 * trace_clock_local(): fgraph.c), so a model that took such counts for nanoseconds would
 * mix the two: an unclosed call lasting from its entry's count to the last one, a call's
 * end (count + ns) past its siblings, the flame chart and exports placing calls by counts.
 * A file that does not say (a version 6 file without the option) is trace-cmd's default,
 * local.
 */
const NANOSECOND_CLOCKS = new Set(['local', 'global', 'perf', 'mono', 'mono_raw', 'boot', 'tai']);

/** Whether times on `clock` are nanoseconds, given whether the file converts TSC counts (TSC2NSEC). */
export function clockCountsNs(clock: string, tscToNs: boolean): boolean {
  return tscToNs || clock === '' || NANOSECOND_CLOCKS.has(clock);
}

/** The sentence said of a file whose times are counts of `clock`: its times are not used. */
export function countClockMessage(clock: string): string {
  const name = JSON.stringify(clock.length > 40 ? clock.slice(0, 40) + '…' : clock);
  return (
    `the trace clock is ${name}, whose times are counts, not nanoseconds (kernel trace_clocks[]): the calls are shown without times ` +
    `(their durations are the kernel's nanoseconds); record with a nanosecond clock (trace-cmd record -C local, mono or boot) for a timeline`
  );
}
