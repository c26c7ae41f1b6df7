/**
 * The compared functions table: for every function on either side, its calls, total,
 * self, p50 and p95 on A and on B (computeFunctionStats over each side's calls in view,
 * so a side with every call in view gives exactly the figures of `cli summary`), and the
 * change of one quantity after normalisation (compare.ts). Functions are matched by name.
 *
 * Rows are in name order; `selectComparedRows` filters them (only A, only B, both,
 * changed by more than N %). A side that lacks a function has zeros there (NaN for its
 * percentiles), and the row's presence says which side has it.
 */
import type { CompareQuantity, CompareSide, MergedCallTree, NormalisationFactors } from './compare';
import { change, normalised, Presence } from './compare';
import { computeFunctionStats, type FunctionStatsTable } from './function-stats';

/** One side's figures of a function. */
export interface SideFigures {
  calls: number;
  /**
   * Calls with a duration in the trace: the times cover only these, so with calls > 0 and
   * none timed the side's time of it is unknown, not 0 (the service sends NaN there, as the
   * Functions tab does). Under a node (comparedFunctionsUnder): the calls of its paths
   * that have a timed call, so 0 exactly when none of its calls there has a duration.
   */
  timed: number;
  totalNs: number;
  selfNs: number;
  /** NaN when no call of it has a duration (or the side lacks it). */
  p50Ns: number;
  p95Ns: number;
}

export interface ComparedFunction {
  name: string;
  presence: Presence;
  a: SideFigures;
  b: SideFigures;
}

const ZERO: SideFigures = { calls: 0, timed: 0, totalNs: 0, selfNs: 0, p50Ns: Number.NaN, p95Ns: Number.NaN };

function statsOf(side: CompareSide): FunctionStatsTable {
  const { model } = side.facts;
  const mask = side.mask;
  return computeFunctionStats(model.calls, model.strings, mask ? (i) => mask[i] === 1 : undefined);
}

function figuresAt(t: FunctionStatsTable, r: number): SideFigures {
  return { calls: t.calls[r], timed: t.timed[r], totalNs: t.total[r], selfNs: t.self[r], p50Ns: t.p50[r], p95Ns: t.p95[r] };
}

/** Every function in view on either side, by name. */
export function computeComparedFunctions(a: CompareSide, b: CompareSide): ComparedFunction[] {
  const rows = new Map<string, ComparedFunction>();
  const sa = statsOf(a);
  const namesA = a.facts.model.strings;
  for (let r = 0; r < sa.length; r++) {
    const name = namesA.get(sa.func[r]);
    rows.set(name, { name, presence: Presence.OnlyA, a: figuresAt(sa, r), b: ZERO });
  }
  const sb = statsOf(b);
  const namesB = b.facts.model.strings;
  for (let r = 0; r < sb.length; r++) {
    const name = namesB.get(sb.func[r]);
    const row = rows.get(name);
    if (row) {
      row.b = figuresAt(sb, r);
      row.presence = Presence.Both;
    } else {
      rows.set(name, { name, presence: Presence.OnlyB, a: ZERO, b: figuresAt(sb, r) });
    }
  }
  return [...rows.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The figure a quantity compares. */
export function figureOf(f: SideFigures, quantity: CompareQuantity): number {
  return quantity === 'calls' ? f.calls : quantity === 'total' ? f.totalNs : f.selfNs;
}

export interface ComparedRowFilter {
  /** Presences to keep (all when omitted or empty). */
  presence?: readonly Presence[];
  /**
   * Keep rows whose normalised quantity changed by more than this percentage of A's
   * (|b - a| / a × 100 > N): a row new in B (a = 0, b > 0) has changed by more than any
   * N, one gone from B by 100 %, one that is 0 on both sides by none.
   */
  minChangePercent?: number;
}

/** The change of one row's quantity, after normalisation. */
export function rowChange(
  row: ComparedFunction,
  quantity: CompareQuantity,
  factors: Pick<NormalisationFactors, 'a' | 'b' | 'perCall'>,
): { a: number; b: number; delta: number; ratio: number } {
  const a = normalised(figureOf(row.a, quantity), 'a', factors);
  const b = normalised(figureOf(row.b, quantity), 'b', factors);
  return { a, b, ...change(a, b) };
}

export function selectComparedRows(
  rows: readonly ComparedFunction[],
  filter: ComparedRowFilter,
  quantity: CompareQuantity,
  factors: Pick<NormalisationFactors, 'a' | 'b' | 'perCall'>,
): ComparedFunction[] {
  const keep = filter.presence?.length ? new Set<Presence>(filter.presence) : undefined;
  const min = filter.minChangePercent;
  return rows.filter((row) => {
    if (keep && !keep.has(row.presence)) return false;
    if (min === undefined || !Number.isFinite(min)) return true;
    const { a, delta } = rowChange(row, quantity, factors);
    if (delta === 0 || Number.isNaN(delta)) return false;
    if (a === 0) return true;
    return (Math.abs(delta) / Math.abs(a)) * 100 > min;
  });
}

/**
 * The functions that run under one node of a merged tree (the node included), with their
 * figures there: calls and self summed over every path of the subtree that ends in the
 * function, total over its outermost occurrences only (a recursive call's time is inside
 * its caller's, so it is counted once). Percentiles are per call and the merged tree keeps
 * none: NaN. `timedPath` says whether a side's path has a call with a duration (the
 * service's untimed nodes; every path when omitted). Rows in name order, as
 * computeComparedFunctions's.
 */
export function comparedFunctionsUnder(
  merged: MergedCallTree,
  node: number,
  timedPath: (side: 'a' | 'b', node: number) => boolean = () => true,
): ComparedFunction[] {
  const rows = new Map<string, ComparedFunction>();
  const fresh = (): SideFigures => ({ calls: 0, timed: 0, totalNs: 0, selfNs: 0, p50Ns: Number.NaN, p95Ns: Number.NaN });
  // Depth-first with the names on the path, so a name already above is not counted twice in total.
  const open = new Map<string, number>();
  const stack: [number, boolean][] = [[node, false]];
  while (stack.length > 0) {
    const [k, leaving] = stack.pop()!;
    const name = merged.nameOf(k);
    if (leaving) {
      const n = open.get(name)! - 1;
      if (n === 0) open.delete(name);
      else open.set(name, n);
      continue;
    }
    let row = rows.get(name);
    if (!row) {
      row = { name, presence: 0 as Presence, a: fresh(), b: fresh() };
      rows.set(name, row);
    }
    const outermost = !open.has(name);
    // (figures read from the sides' trees: a subtree is a part of the paths, the columns are every path's)
    row.presence = (row.presence | merged.presenceOf(k)) as Presence;
    for (const side of ['a', 'b'] as const) {
      const calls = merged.figureAt(side, 'calls', k);
      row[side].calls += calls;
      if (calls > 0 && timedPath(side, k)) row[side].timed += calls;
      row[side].selfNs += merged.figureAt(side, 'self', k);
    }
    if (outermost) {
      row.a.totalNs += merged.figureAt('a', 'total', k);
      row.b.totalNs += merged.figureAt('b', 'total', k);
    }
    open.set(name, (open.get(name) ?? 0) + 1);
    stack.push([k, true]);
    const kids = merged.children(k);
    for (let j = kids.length - 1; j >= 0; j--) stack.push([kids[j], false]);
  }
  return [...rows.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
