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
