/**
 * Every number the UI prints goes through here: counts with thousands separators,
 * durations with ns / us / ms / s, byte sizes, rates and percents. One locale (en-US)
 * so screenshots and tests read the same everywhere.
 */

import { bidiIsolated } from '../lib/bidi';

const LOCALE = 'en-US';
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimals = [0, 1, 2].map(
  (d) => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: d, maximumFractionDigits: d }),
);

/** Shown for a value the trace does not have (an em dash: it must not read as a minus sign). */
export const MISSING = '—';

const isMissing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || Number.isNaN(v);

/**
 * Tooltip of a time shown as MISSING: the calls behind it have no duration, because they
 * never returned before the trace ended, the plain function tracer recorded them (it prints
 * calls, not returns), or function_graph text was printed with funcgraph-duration off
 * (trace_functions_graph.c prints the duration column only under TRACE_GRAPH_PRINT_DURATION):
 * the last has every return and no time, so naming only the function tracer misleads.
 */
export const UNKNOWN_TIME_TITLE =
  'Unknown: no duration recorded (the call never returned in the trace; or the function tracer recorded it: it records calls, not returns; or the function_graph text was printed with its funcgraph-duration option off)';

/** UNKNOWN_TIME_TITLE for a time that is missing, else undefined (no tooltip). */
export function unknownTimeTitle(ns: number | null | undefined): string | undefined {
  return isMissing(ns) ? UNKNOWN_TIME_TITLE : undefined;
}

/** 3 significant digits for small values, whole numbers with separators from 100 up. */
function scaled(v: number): string {
  const abs = Math.abs(v);
  const d = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  // Rounding may carry into the next band (99.96 -> "100.0"): format with the band of the rounded value.
  const rounded = Number(v.toFixed(d));
  const d2 = Math.abs(rounded) >= 100 ? 0 : Math.abs(rounded) >= 10 ? 1 : 2;
  return decimals[Math.min(d, d2)].format(rounded);
}

/** `319,875` */
export function formatCount(n: number | null | undefined): string {
  return isMissing(n) ? MISSING : integer.format(n);
}

const DURATION_UNITS: readonly [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'us'],
];

/** Nanoseconds to `950 ns`, `1.18 us`, `14.8 us`, `473 us`, `12.3 ms`, `1,234 s`. */
export function formatDuration(ns: number | null | undefined): string {
  if (isMissing(ns)) return MISSING;
  const abs = Math.abs(ns);
  for (const [size, unit] of DURATION_UNITS) {
    // Switch units where the smaller one would print 1,000 or more.
    if (abs >= size * 0.9995) return `${scaled(ns / size)} ${unit}`;
  }
  return `${integer.format(ns)} ns`;
}

const BYTE_UNITS: readonly [number, string][] = [
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
];

/** Bytes (decimal units): `512 B`, `2.40 MB`, `36.1 MB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (isMissing(bytes)) return MISSING;
  for (const [size, unit] of BYTE_UNITS) {
    if (Math.abs(bytes) >= size * 0.9995) return `${scaled(bytes / size)} ${unit}`;
  }
  return `${integer.format(bytes)} B`;
}

/** Bytes per second: `45.2 MB/s`. */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  if (isMissing(bytesPerSecond) || !Number.isFinite(bytesPerSecond)) return MISSING;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** A fraction 0..1 as a whole percent: `42%` (never 100% before the end). */
export function formatPercent(fraction: number | null | undefined): string {
  if (isMissing(fraction) || !Number.isFinite(fraction)) return MISSING;
  const clamped = Math.min(1, Math.max(0, fraction));
  const pct = clamped < 1 ? Math.min(99, Math.floor(clamped * 100)) : 100;
  return `${pct}%`;
}

const share = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * `part / whole` as `42.3%` (the hover cards' and the call tree's shares), or MISSING when
 * the whole is unknown or zero. Unlike formatPercent (for progress bars: it floors and never
 * prints 100% early), a share wants one decimal and an honest 100.0%.
 */
export function formatShare(part: number, whole: number): string {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return MISSING;
  return share.format(part / whole);
}

/** Milliseconds of wall time: `850 ms`, `1.25 s`. */
export function formatElapsed(ms: number | null | undefined): string {
  return isMissing(ms) ? MISSING : formatDuration(ms * 1e6);
}

/**
 * `name (figure)`, a name of the trace with its count as a list prints it (a task picker's
 * option, the hook points' tasks): the name set apart (lib/bidi.ts), so a right-to-left
 * override in a task's name cannot turn its figure and the names after it round.
 */
export function nameWithFigure(name: string, figure: string): string {
  return `${bidiIsolated(name)} (${figure})`;
}

/**
 * Names of the trace listed in one string (a tooltip: a caller path's hidden names, a hook
 * candidate's other syscalls), each set apart (lib/bidi.ts), so a right-to-left override in
 * one cannot turn the separators and the names after it round.
 */
export function namesJoined(names: readonly string[], separator: string): string {
  return names.map(bidiIsolated).join(separator);
}

/**
 * A trace as a link names it: `trace.dat, 36.2 MB, fingerprint 1f3a9c0b…` (`hashChars` of its
 * fingerprint, none when not known). Its file name is set apart (lib/bidi.ts): a right-to-left
 * override in it turned the size and fingerprint round.
 */
export function traceIdentityText(t: { name: string; size: number; contentHash: string }, hashChars = 8): string {
  return `${bidiIsolated(t.name)}, ${formatBytes(t.size)}${t.contentHash ? `, fingerprint ${t.contentHash.slice(0, hashChars)}…` : ''}`;
}
