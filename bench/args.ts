/** Option values of the bench scripts (each parses its arguments with node:util's parseArgs). */

/**
 * The number in option `name`'s text, at least `min` (smaller values are raised to it, as the
 * scripts always did); `fallback` when the option is absent. Text that is not a number throws.
 */
export function numberOption<F extends number | undefined>(name: string, text: string | undefined, fallback: F, min = -Infinity): number | F {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || Number.isNaN(n)) throw new Error(`--${name} needs a number, not ${JSON.stringify(text)}`);
  return Math.max(min, n);
}
