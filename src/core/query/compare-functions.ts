/**
 * The compared functions table: for every function on either side, its calls, total,
 * self, p50 and p95 on A and on B (computeFunctionStats over each side's calls in view,
 * so a side with every call in view gives exactly the figures of `cli summary`), and the
 * change of one quantity after normalisation (compare.ts). Functions are matched by name,
 * and unless `exactNames` a name one side lacks by base name too (build-names.ts: the only
 * name of that base either side has and the other lacks; the row is named as in A and
 * `nameB` is B's name).
 *
 * Rows are in name order; `selectComparedRows` filters them (only A, only B, both,
 * changed by more than N %). A side that lacks a function has zeros there (NaN for its
 * percentiles), and the row's presence says which side has it.
 */
import type { CompareQuantity, CompareSide, MergedCallTree, NormalisationFactors } from './compare';
import { change, normalised, Presence } from './compare';
import { computeFunctionStats, type FunctionStatsTable } from './function-stats';
import { matchKey, pairByBase } from './build-names';

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
  /** A's name of the function (B's where A lacks it). */
  name: string;
  /** B's name where the builds name it apart (matched by base name), else absent. */
  nameB?: string;
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

/** Every function in view on either side, by name (and base name unless `exactNames`). */
export function computeComparedFunctions(a: CompareSide, b: CompareSide, options: { exactNames?: boolean } = {}): ComparedFunction[] {
  const side = (s: CompareSide): Map<string, SideFigures> => {
    const t = statsOf(s);
    const names = s.facts.model.strings;
    const out = new Map<string, SideFigures>();
    for (let r = 0; r < t.length; r++) out.set(names.get(t.func[r]), figuresAt(t, r));
    return out;
  };
  return joinSides(side(a), side(b), !options.exactNames);
}

/**
 * One row per function of either side: by exact name, then (byBase) a name one side lacks
 * with the other side's one name of its base that the first lacks (build-names.ts). Rows
 * in name order.
 */
export function joinSides(a: ReadonlyMap<string, SideFigures>, b: ReadonlyMap<string, SideFigures>, byBase: boolean): ComparedFunction[] {
  const rows = new Map<string, ComparedFunction>();
  for (const [name, f] of a) rows.set(name, { name, presence: Presence.OnlyA, a: f, b: ZERO });
  const onlyB: string[] = [];
  for (const [name, f] of b) {
    const row = rows.get(name);
    if (row) {
      row.b = f;
      row.presence = Presence.Both;
    } else onlyB.push(name);
  }
  const paired = new Set<string>();
  if (byBase && onlyB.length > 0) {
    const onlyA = [...rows.values()].filter((r) => r.presence === Presence.OnlyA);
    const ids = new Map<string, number>();
    const id = (name: string): number => {
      const base = matchKey(name);
      let k = ids.get(base);
      if (k === undefined) ids.set(base, (k = ids.size));
      return k;
    };
    for (const [i, j] of pairByBase(onlyA.map((r) => id(r.name)), onlyB.map(id))) {
      const row = onlyA[i];
      row.nameB = onlyB[j];
      row.b = b.get(onlyB[j])!;
      row.presence = Presence.Both;
      paired.add(onlyB[j]);
    }
  }
  for (const name of onlyB) if (!paired.has(name)) rows.set(name, { name, presence: Presence.OnlyB, a: ZERO, b: b.get(name)! });
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
 * its caller's, so it is counted once). Each side is read with its own names (a path
 * matched across builds has two), then the sides joined as computeComparedFunctions joins
 * them. Percentiles are per call and the merged tree keeps none: NaN. `timedPath` says
 * whether a side's path has a call with a duration (the service's untimed nodes; every path
 * when omitted). Rows in name order, as computeComparedFunctions's.
 */
export function comparedFunctionsUnder(
  merged: MergedCallTree,
  node: number,
  timedPath: (side: 'a' | 'b', node: number) => boolean = () => true,
): ComparedFunction[] {
  const stop = merged.subtreeEnd(node);
  const sideRows = (side: 'a' | 'b'): Map<string, SideFigures> => {
    const rows = new Map<string, SideFigures>();
    // The open paths above k (pre-order: a node's subtree is [k, subtreeEnd(k))) and how
    // many of them each name has, so a name already above is not counted twice in total.
    const path: number[] = [];
    const names: string[] = [];
    const open = new Map<string, number>();
    for (let k = node; k < stop; k++) {
      while (path.length > 0 && merged.subtreeEnd(path[path.length - 1]) <= k) {
        path.pop();
        const gone = names.pop()!;
        open.set(gone, open.get(gone)! - 1);
      }
      const name = merged.sideNameOf(side, k);
      if (name === null) {
        // The side lacks this path, so every path below it.
        k = merged.subtreeEnd(k) - 1;
        continue;
      }
      let row = rows.get(name);
      if (!row) rows.set(name, (row = { calls: 0, timed: 0, totalNs: 0, selfNs: 0, p50Ns: Number.NaN, p95Ns: Number.NaN }));
      // (figures read from the sides' trees: a subtree is a part of the paths, the columns are every path's)
      const calls = merged.figureAt(side, 'calls', k);
      row.calls += calls;
      if (calls > 0 && timedPath(side, k)) row.timed += calls;
      row.selfNs += merged.figureAt(side, 'self', k);
      if (!open.get(name)) row.totalNs += merged.figureAt(side, 'total', k);
      path.push(k);
      names.push(name);
      open.set(name, (open.get(name) ?? 0) + 1);
    }
    return rows;
  };
  return joinSides(sideRows('a'), sideRows('b'), merged.byBaseName);
}
