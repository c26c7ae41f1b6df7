/**
 * How compare mode prints its figures: the compared quantity (times or calls, possibly
 * fractional after normalisation), the change with its sign, the ratio, and the sentence
 * that says what is compared (the status line).
 */
import type { CompareQuantity, Normalisation } from '../../core/query/compare';
import { formatCount, formatDuration, MISSING } from '../format';
import { bidiIsolated } from '../../lib/bidi';
import { fractionText } from '../../lib/change-ratio';

/** A figure of the quantity: a duration, or calls (two decimals when normalised to a fraction). */
export function formatQuantity(v: number, quantity: CompareQuantity): string {
  if (!Number.isFinite(v)) return MISSING;
  if (quantity !== 'calls') return formatDuration(v);
  return Number.isInteger(v) ? formatCount(v) : fractionText(v);
}

/** The change b - a with its sign: `+1.20 ms`, `−3`, `0`. */
export function formatDelta(delta: number, quantity: CompareQuantity): string {
  if (!Number.isFinite(delta)) return MISSING;
  if (delta === 0) return '0';
  const body = formatQuantity(Math.abs(delta), quantity);
  return `${delta > 0 ? '+' : '−'}${body}`;
}

/** b / a: `×1.50`, `new` where A has none, `gone` where B has none. */
export function formatRatio(ratio: number): string {
  if (Number.isNaN(ratio)) return MISSING;
  if (ratio === Number.POSITIVE_INFINITY) return 'new in B';
  if (ratio === 0) return 'gone in B';
  return `×${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : fractionText(ratio)}`;
}

export const QUANTITY_LABEL: Record<CompareQuantity, string> = { self: 'self time', total: 'total time', calls: 'calls' };

/** The status line: what is compared, and how the two sides are put on one scale. */
export function normalisationSentence(
  quantity: CompareQuantity,
  norm: Normalisation,
  factors: { a: number; b: number; missing: readonly ('a' | 'b')[] } | null,
): string {
  const what = `Comparing ${QUANTITY_LABEL[quantity]}`;
  if (norm.kind === 'raw') return `${what}: raw figures, as measured.`;
  if (norm.kind === 'scaled') {
    // A side's whole is 0 (no time or no call in its view): nothing to scale by (B's) or to
    // (A's), B's figures are NaN (compare.ts normalisationFactors).
    const none = quantity === 'calls' ? 'no call' : 'no time (no call in view, or none with a duration)';
    if (factors?.missing.includes('b')) {
      return `${what}: B scaled to A's total, but B has ${none} to scale by: its figures are unknown.`;
    }
    if (factors?.missing.includes('a')) {
      return `${what}: B scaled to A's total, but A has ${none} to scale to: B's figures are unknown.`;
    }
    const k = factors && Number.isFinite(factors.b) ? ` (×${factors.b.toPrecision(3)})` : '';
    return `${what}: B scaled to A's total${k}.`;
  }
  if (norm.root === '') return `${what}: per call of a function on each side; name the function.`;
  const missing = factors?.missing ?? [];
  const lacking =
    missing.length === 0
      ? ''
      : missing.length === 2
        ? ' Neither side calls it: the figures are unknown.'
        : ` ${missing[0].toUpperCase()} has no call of it: its figures are unknown.`;
  const calls = factors ? ` (A: ${callCount(1 / factors.a)}, B: ${callCount(1 / factors.b)})` : '';
  // (the function is typed, or read from a link: set apart, lib/bidi.ts, so that an override
  // in it cannot turn the side's counts after it round, as the SVG's note sets it)
  return `${what}: per call of ${bidiIsolated(norm.root)} on each side${lacking ? '' : calls}.${lacking}`;
}

/** `1 call`, `4 calls` (the factor is 1 / calls: rounded back to the count). */
function callCount(n: number): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? 'call' : 'calls'}`;
}

/**
 * What the compared functions table says when "Only under" names a path the comparison
 * lacks: the service then answers the whole comparison's table (underFound false), which
 * under the switch's label "Only under X" read as the functions under X. Null when found.
 */
export function underMissingNote(under: readonly string[] | undefined, underFound: boolean): string | null {
  if (!under || under.length === 0 || underFound) return null;
  return `${bidiIsolated(under[under.length - 1])} is not in this comparison (filters changed?): every function is listed, not only those under it.`;
}

/**
 * The differential flame graph SVG's heading: `A-NAME (A) vs B-NAME (B)`. Each name is set
 * apart (lib/bidi.ts): a right-to-left override in a file's name (U+202E, the classic way to
 * make `exe.txt` read `txt.exe`) ran on over the rest of the line, its `(A) vs` and the other
 * name drawn backwards, which side is which no longer readable.
 */
export function diffExportHeading(nameA: string, nameB: string): string {
  return `${bidiIsolated(nameA)} (A) vs ${bidiIsolated(nameB)} (B)`;
}

/** The legend's counts of functions by side (distinct names). */
export interface SideCounts {
  onlyA: number;
  onlyB: number;
  both: number;
}

/**
 * What the legend says when a side has no call at all under its filters: B taking A's time
 * range ("The same trace" copies it) with another task that ran at another time left every
 * path "only in A" and the B side empty, nothing saying why. Names the filters that are set
 * (where to look), or null when both sides have calls. `from`: Paths from's function, whose
 * own gate says when a side lacks it.
 */
export function emptySideNote(
  counts: SideCounts,
  filterB: { tasks: readonly unknown[]; cpus: readonly unknown[]; range: unknown; syscallsOnly: boolean },
  from: string | null,
): string | null {
  if (from !== null) return null;
  const emptyA = counts.onlyA + counts.both === 0;
  const emptyB = counts.onlyB + counts.both === 0;
  if (!emptyA && !emptyB) return null;
  const set = [
    filterB.tasks.length > 0 && 'task',
    filterB.cpus.length > 0 && 'CPU',
    filterB.range !== null && 'time range',
    filterB.syscallsOnly && 'syscalls only',
  ].filter((s): s is string => typeof s === 'string');
  const bFilters = set.length > 0 ? ` (its ${set.join(', ')})` : '';
  if (emptyA && emptyB) return 'Neither side has a call under its filters: change the toolbar\'s filters for A, B\'s filters for B.';
  if (emptyB) return `Side B has no call under B's filters${bFilters}: every path is only in A. Change or clear them in B's filters.`;
  return "Side A has no call under the toolbar's filters: every path is only in B. Change or clear them (the filter bar's ×).";
}
