/**
 * Differential folded stacks: `path countA countB` per merged call path (compare.ts), the
 * counts being each side's self time in ns: the output of Brendan Gregg's difffolded.pl
 * and the input of `flamegraph.pl` for a differential flame graph. Paths are matched as in
 * the app (from the first frame below the task root, unless the merge kept tasks). A path
 * with no self time on either side has no line, as in folded.ts.
 */
import { normalised, type MergedCallTree, type NormalisationFactors } from './compare';
import { foldName } from './folded';

/**
 * The lines; with `factors` (compare.ts normalisationFactors of self time, none missing)
 * each count normalised as the app normalises it: B scaled to A's total, or each side per
 * call of a function. Such a count may have a fraction: written with at most 3 decimals
 * and never in exponent form (difffolded.pl and flamegraph.pl read `\d+(?:\.\d*)?`).
 */
export function* diffFoldedLines(merged: MergedCallTree, factors?: Pick<NormalisationFactors, 'a' | 'b' | 'perCall'>): Generator<string> {
  const frames: string[] = [];
  const count = (v: number, side: 'a' | 'b'): string => {
    if (!(v > 0)) return '0';
    if (!factors) return String(v);
    const x = normalised(v, side, factors);
    return Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/\.?0+$/, '');
  };
  for (let k = 0; k < merged.length; k++) {
    const a = merged.selfA[k];
    const b = merged.selfB[k];
    if (!(a > 0) && !(b > 0)) continue;
    frames.length = 0;
    for (let q = k; q >= 0; q = merged.parent[q]) frames.push(foldName(merged.name[q]));
    yield `${frames.reverse().join(';')} ${count(a, 'a')} ${count(b, 'b')}`;
  }
}
