/**
 * Shares for the hover cards ("share of parent", "share of total"). format.ts's
 * formatPercent is for progress bars (it floors and never prints 100% early); a share
 * wants one decimal and an honest 100.0%.
 */
import { MISSING } from '../format';

const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** `part / whole` as `42.3%`, or – when the whole is unknown or zero. */
export function formatShare(part: number, whole: number): string {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return MISSING;
  return percent.format(part / whole);
}
