/** How the Events view prints an event's time: absolute trace seconds, as trace-cmd prints them. */
import { MISSING } from '../format';

/**
 * Nanoseconds → seconds with microseconds (`81.255838`), or nanoseconds when the time has
 * them (`81.255838123`); MISSING for an event printed without a time.
 */
export function formatTraceTime(ns: number): string {
  if (!Number.isFinite(ns)) return MISSING;
  const whole = Math.floor(ns / 1e9);
  const frac = Math.round(ns - whole * 1e9);
  const digits = frac % 1000 === 0 ? String(frac / 1000).padStart(6, '0') : String(frac).padStart(9, '0');
  return `${whole}.${digits}`;
}

/**
 * The value of the Event menu's option for events with no name. An event's name may be ''
 * (a function_graph comment: trace_printk or trace_marker text, print_graph_comment, names
 * no event), and as an option's value '' was the "All events" option's own: picking it
 * listed every event. No parser gives a name holding ':' (an event's name ends at its
 * first ':' in every text format), so ':' stands for ''.
 */
const NO_NAME_VALUE = ':';

/** The Event menu's option for an event name: its value (the name itself but for '') and its label. */
export function eventNameOption(name: string): { value: string; label: string } {
  return name === '' ? { value: NO_NAME_VALUE, label: '(message, no event name)' } : { value: name, label: name };
}

/** The name an option's value picks; null for "All events" (''). */
export function eventNameOfOption(value: string): string | null {
  if (value === '') return null;
  return value === NO_NAME_VALUE ? '' : value;
}
