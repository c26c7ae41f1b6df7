/**
 * Differential folded stacks: `path countA countB` per merged call path (compare.ts): the
 * output of Brendan Gregg's difffolded.pl (FlameGraph difffolded.pl: each count the sum of
 * that stack's counts in one side's folded file) and the input of `flamegraph.pl` for a
 * differential flame graph. Paths are matched as in the app (from the first frame below
 * the task root, unless the merge kept tasks). A side's count is what its folded lines
 * give the path (folded.ts): the path's width less its children's widths, the width being
 * the path's total time, or its children's widths where those are more (the app's flame
 * graphs and differential flame graph: computeLayoutWidths, diff-layout.ts). Without a
 * filter that is the path's self time; under one that leaves out some children of a call it
 * keeps (another CPU's, outside a time range), the call still counts whole, as in the JSON's
 * totalNs and `cli export --format folded`: summing the self times instead made the frames
 * of `flamegraph.pl` narrower than their totals by the children left out, and B scaled to
 * A's total (`scaled`: the roots' totals) no longer summed to A's. A path with no time of
 * its own on either side has no line, as in folded.ts.
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
  const scratch = new Float64Array(merged.length);
  const ownA = ownWidths(merged, 'a', scratch);
  const ownB = ownWidths(merged, 'b', scratch.fill(0));
  for (let k = 0; k < merged.length; k++) {
    const a = ownA[k];
    const b = ownB[k];
    if (!(a > 0) && !(b > 0)) continue;
    frames.length = 0;
    for (let q = k; q >= 0; q = merged.parent[q]) frames.push(foldName(merged.name[q]));
    yield `${frames.reverse().join(';')} ${count(a, 'a')} ${count(b, 'b')}`;
  }
}

/**
 * Each path's width on one side less its children's (0 where the side lacks the path). Paths
 * are numbered parents first (compare.ts), so one reverse pass sees every child before its
 * parent. A path whose calls have no duration (total 0) is as wide as its children.
 * `kids` (zeros, one per path) sums the children's widths.
 */
function ownWidths(merged: MergedCallTree, side: 'a' | 'b', kids: Float64Array): Float64Array {
  const { node, values } = merged.sideFigure(side, 'total');
  const { parent, length: m } = merged;
  const own = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    const q = node[k];
    const total = q >= 0 ? values[q] : 0;
    const width = total > kids[k] ? total : kids[k];
    own[k] = width - kids[k];
    const p = parent[k];
    if (p >= 0) kids[p] += width;
  }
  return own;
}
