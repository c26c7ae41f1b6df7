/**
 * The records of the tracers that trace no function, which the kernel's text prints with no
 * event name (trace_output.c): their names are the ones trace_entries.h gives them
 * (FTRACE_ENTRY(hwlat, …), FTRACE_ENTRY(osnoise, …), FTRACE_ENTRY(timerlat, …)), so the
 * Events view can tell them from each other and from unnamed text:
 *
 * - hwlat, trace_hwlat_print(): `#%-5u inner/outer(us): %4llu/%-5llu ts:%lld.%09ld count:%d`
 *   (older kernels print no ` count:%d`; then ` nmi-total:%llu`, ` nmi-count:%u` when NMIs came);
 * - osnoise, trace_osnoise_print(): `%llu %10llu %3llu.%05llu %7llu` then five ` %6u`;
 * - timerlat, trace_timerlat_print(): `#%-5u context %6s timer_latency %9llu ns`;
 *
 * and the wakeup tracers' wakeup and context_switch (ctx-wake.ts).
 */
import { ctxWakeName } from './ctx-wake';

const HWLAT_RE = /^#\d+ +inner\/outer\(us\): +\d+\/\d+ +ts:-?\d+\.\d{9}(?: count:\d+)?(?: nmi-total:\d+)?(?: nmi-count:\d+)?$/;
const OSNOISE_RE = /^\d+ +\d+ +\d+\.\d{5} +\d+(?: +\d+){5}$/;
const TIMERLAT_RE = /^#\d+ +context +(?:irq|thread|user-ret) timer_latency +\d+ ns$/;

/** The name of such a record from its text (blanks around allowed), '' for any other text. */
export function tracerRecordName(text: string): string {
  const t = text.trim();
  const c = t.charCodeAt(0);
  if (c === 35 /* # */) {
    if (HWLAT_RE.test(t)) return 'hwlat';
    if (TIMERLAT_RE.test(t)) return 'timerlat';
    return '';
  }
  if (c >= 48 && c <= 57 && OSNOISE_RE.test(t)) return 'osnoise';
  return ctxWakeName(t);
}
