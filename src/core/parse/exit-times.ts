/**
 * A funcgraph_exit's printed calltime and rettime (`trace-cmd report -R`'s
 * `calltime=… rettime=…`, `-N`'s `(start: …  end: …)`) as the record's duration and exact
 * call time.
 *
 * The kernel reads both times from trace_clock_local() whatever the buffer's trace_clock
 * (kernel/trace/fgraph.c ftrace_return_to_handler: `trace.rettime = trace_clock_local()`,
 * then the exit record is reserved and stamped with the buffer's clock; calltime likewise
 * at the entry; trace_functions_graph.c from 6.13). trace-cmd prints the fields as they are
 * and the record's time after its clock and `--ts-offset` / the file's DATE and OFFSET
 * options (trace-input.c). So the call time is on the line's time line only with the local
 * clock and no offset: with `-C tai`, `-C boot`, `-C x86-tsc`, `-C counter` … it is another
 * clock's reading, and a call started there would sit apart from its entry, its children
 * and every other record (the tai clock's records are ~1.7e18 ns, calltime is ns since boot).
 *
 * The exit is recorded after rettime is read, so on the same clock its return lies at or
 * just before the line's time: up to RECORD_DELAY_NS before it (an interrupt between the two;
 * the repository's -R reports show up to 4.7 ms) and at most a rounding of the printed time
 * after it. A return outside that window is another clock's: the call time is dropped (the
 * call starts at its entry, as without -R) and the duration kept, rettime − calltime of one
 * clock. A call time past 2^53 ns (a local clock after 104 days of uptime) is no exact double:
 * dropped too, as the trace.dat reader does (record-merge.ts), and the duration is then taken
 * from the digits exactly.
 */

/** 2^64: calltime and rettime are u64 fields (trace_entries.h, funcgraph_exit). */
const U64_END = 2 ** 64;
/** How long after reading rettime the exit record may be stamped and still count as the same clock. */
const RECORD_DELAY_NS = 10_000_000;
/** How far past the line's printed time a return may lie: the µs rounding of the printed time, and a margin. */
const PRINT_ROUNDING_NS = 1000;

export interface ExitTimes {
  /** The call time on the line's time line, NaN when it is not on it (see above). */
  callTimeNs: number;
  /** rettime − calltime, NaN when it cannot be read. */
  durNs: number;
}

/**
 * The exit's times from the values `call` and `ret` read from the digits `callText` and
 * `retText` in base `radix` (16 or 10), given the line's time `tsNs` (NaN when it has none).
 */
export function exitTimes(call: number, ret: number, callText: string, retText: string, radix: 16 | 10, tsNs: number): ExitTimes {
  if (Number.isNaN(call) || Number.isNaN(ret)) return { callTimeNs: Number.NaN, durNs: Number.NaN };
  // No u64 holds it: damaged or hostile digits, not a clock. Handed on as read, so that the
  // builder reports the time past exact nanoseconds (or a return before the call) and keeps no call.
  if (call >= U64_END || ret >= U64_END) return { callTimeNs: call, durNs: ret - call };
  const exact = ret <= Number.MAX_SAFE_INTEGER;
  const durNs = exact ? ret - call : exactDifference(callText, retText, radix);
  return { callTimeNs: exact && returnsOnLine(ret, tsNs) ? call : Number.NaN, durNs };
}

/** Whether a return at `ret` (trace_clock_local) lies where an exit printed at `tsNs` on the same clock can have it. */
export function returnsOnLine(ret: number, tsNs: number): boolean {
  return !Number.isNaN(tsNs) && ret <= tsNs + PRINT_ROUNDING_NS && ret >= tsNs - RECORD_DELAY_NS;
}

/** ret − call from their digits, exact: both past 2^53 as doubles would each round. */
function exactDifference(callText: string, retText: string, radix: 16 | 10): number {
  const prefix = radix === 16 ? '0x' : '';
  const digits = (t: string): string => (radix === 16 ? t.replace(/^0[xX]/, '') : t);
  try {
    return Number(BigInt(prefix + digits(retText)) - BigInt(prefix + digits(callText)));
  } catch {
    return Number.NaN;
  }
}
