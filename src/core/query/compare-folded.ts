/**
 * Differential folded stacks: `path countA countB` per merged call path (compare.ts), the
 * counts being each side's self time in ns: the output of Brendan Gregg's difffolded.pl
 * and the input of `flamegraph.pl` for a differential flame graph. Paths are matched as in
 * the app (from the first frame below the task root, unless the merge kept tasks). A path
 * with no self time on either side has no line, as in folded.ts.
 */
import type { MergedCallTree } from './compare';
import { foldName } from './folded';

export function* diffFoldedLines(merged: MergedCallTree): Generator<string> {
  const frames: string[] = [];
  for (let k = 0; k < merged.length; k++) {
    const a = merged.selfA[k];
    const b = merged.selfB[k];
    if (!(a > 0) && !(b > 0)) continue;
    frames.length = 0;
    for (let q = k; q >= 0; q = merged.parent[q]) frames.push(foldName(merged.name[q]));
    yield `${frames.reverse().join(';')} ${a > 0 ? a : 0} ${b > 0 ? b : 0}`;
  }
}
