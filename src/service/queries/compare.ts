/**
 * Compare mode's questions: two models (side A and side B, each with its own DerivedData,
 * or one model on both sides) seen through their own filters, their call trees merged by
 * path of names (core/query/compare.ts). Three answers, each compact (typed-array columns,
 * a name table):
 *  - `comparedFunctionRows`: the compared functions table (compare-functions.ts), filtered
 *    by presence and change, with the change of one quantity after normalisation;
 *  - `comparedTreeLevels`: the merged tree's children at some paths (the compared call tree);
 *  - `diffFlameFrames`: the differential flame graph's frames, laid out by B or by A.
 *
 * The merge and the function rows of one pair of filters are kept by a `CompareCache` that
 * the service owns and drops when compare mode is left; each side's trees are its
 * DerivedData's (kept, evicted by its budget).
 */
import {
  change,
  functionPresenceCounts,
  mergeCallTrees,
  normalisationFactors,
  normalised,
  type CompareQuantity,
  type MergedCallTree,
  type Normalisation,
  type NormalisationFactors,
  type Presence,
} from '../../core/query/compare';
import {
  comparedFunctionsUnder,
  computeComparedFunctions,
  rowChange,
  selectComparedRows,
  type ComparedFunction,
  type ComparedRowFilter,
} from '../../core/query/compare-functions';
import type { ViewFilter } from '../../core/query/filter';
import { parseSearchPattern, type NameMatcher } from '../../core/query/search';
import type { DerivedData, TreeKey } from '../derived/derived-data';
import { filterKey } from '../derived/keys';
import type { UntimedNodes } from './untimed';
import { workAhead } from '../load/build-ahead';
import { DiffLayoutBase, diffLayoutKey, type DiffLayout, type DiffLayoutRequest } from './diff-layout';

/** Which pair of views is compared. */
export interface CompareKey {
  a: ViewFilter;
  b: ViewFilter;
  /** Keep the task as the first frame of each path (default: dropped). */
  keepTasks?: boolean;
  /**
   * Match names exactly only. Default: a name one side lacks meets the other side's one
   * name of its base name (`tcp_sendmsg_locked.isra.0` / `.isra.1`: two kernel builds;
   * core/query/build-names.ts).
   */
  exactNames?: boolean;
}

/** How figures are compared: the quantity and the normalisation. */
export interface CompareScale {
  quantity: CompareQuantity;
  normalisation: Normalisation;
}

export type { CompareQuantity, Normalisation, NormalisationFactors, Presence };

/** The two sides' derived data (the same object twice for one trace against itself). */
export interface CompareSides {
  a: DerivedData;
  b: DerivedData;
}

/** What one pair of filters builds, kept while the same comparison is asked about. */
interface CompareEntry {
  key: string;
  /** The sides' derived data under the key's interrupt mode. */
  sides: CompareSides;
  merged: MergedCallTree;
  functions?: ComparedFunction[];
  /** What every differential flame graph layout of this comparison shares (diff-layout.ts). */
  layoutBase: DiffLayoutBase;
  /** Differential flame graph layouts, a few, most recent last (a switch of quantity or normalisation reuses one). */
  layouts: Map<string, DiffLayout>;
  /** The zoom and detail whose switches' layouts were made ahead (diffLayoutKey's last parts). */
  aheadFor?: string;
  /** Normalisation factors by quantity and normalisation (per call: a pass over every path). */
  factors: Map<string, NormalisationFactors>;
  /** Functions (distinct names) of each presence. */
  functionCounts?: { onlyA: number; onlyB: number; both: number };
  /** The sides' tree keys (for what their DerivedData keeps with those trees). */
  treeKeys: { a: TreeKey; b: TreeKey };
  /** Each side's paths with no timed call (untimed.ts), asked when a figure is first sent. */
  untimed?: SidesUntimed;
}

/** Each side's untimed paths: a path whose every call lacks a duration. */
interface SidesUntimed {
  a: UntimedNodes;
  b: UntimedNodes;
}

/**
 * Whether a side's time on merged path `k` is unknown: the side has the path but no call of
 * it has a duration (it never returned, or the tracer records none). The trees sum only
 * timed calls, so that time reads 0, "as if it took no time"; the answers send NaN
 * instead, as the call tree's and the Functions tab's do (untimed.ts). A side that lacks
 * the path has no call there: its 0 is exact.
 */
function timeUnknown(untimed: SidesUntimed, merged: MergedCallTree, side: 'a' | 'b', k: number): boolean {
  const q = (side === 'a' ? merged.nodeA : merged.nodeB)[k];
  return q >= 0 && untimed[side].flags[q] === 1;
}

/** A row with NaN times on a side that has calls of it but none timed (see timeUnknown). */
function withUnknownTimes(row: ComparedFunction): ComparedFunction {
  const unknownA = row.a.calls > 0 && row.a.timed === 0;
  const unknownB = row.b.calls > 0 && row.b.timed === 0;
  if (!unknownA && !unknownB) return row;
  const unknown = (f: ComparedFunction['a']) => ({ ...f, totalNs: Number.NaN, selfNs: Number.NaN });
  return { ...row, a: unknownA ? unknown(row.a) : row.a, b: unknownB ? unknown(row.b) : row.b };
}

/**
 * Quiet time (no compared question) before the switches' layouts are made ahead. The first
 * screen asks several questions at once (the flame graph, the legend, the status line, B's
 * filters): made at once, the layouts ahead (0.4–0.6 s of CPU at 1.5M paths) ran between
 * their answers; a user reaches a switch seconds later.
 */
export const AHEAD_AFTER_MS = 250;

/** Layouts kept per comparison (zoom levels and details visited lately). */
const MAX_LAYOUTS = 8;
/** What a switch can change in a layout: its side and its measure (self and total lay out alike). */
const SWITCHES: Pick<DiffLayoutRequest, 'layoutBy' | 'quantity'>[] = [
  { layoutBy: 'b', quantity: 'total' },
  { layoutBy: 'a', quantity: 'total' },
  { layoutBy: 'b', quantity: 'calls' },
  { layoutBy: 'a', quantity: 'calls' },
];

/** Keeps the last comparison asked for (one entry: a new pair of filters replaces it). */
export class CompareCache {
  private entry: CompareEntry | undefined;
  private disposed = false;
  /** The work ahead waiting for AHEAD_AFTER_MS of quiet, and its timer (each question puts it off). */
  private pendingAhead: { start: () => void; timer: ReturnType<typeof setTimeout> } | undefined;

  /**
   * `sides` gives the two sides' derived data for a pair of filters: each under its
   * filter's interrupt mode (explore.irq), so a switch of mode is a new comparison.
   */
  constructor(private readonly sides: (key: CompareKey) => CompareSides) {}

  private get(key: CompareKey): CompareEntry {
    if (this.pendingAhead) this.aheadAfterQuiet(this.pendingAhead.start);
    const k = `${filterKey(key.a)}|${filterKey(key.b)}|${key.keepTasks ? 1 : 0}|${key.exactNames ? 1 : 0}`;
    if (this.entry?.key === k) return this.entry;
    const groupByTask = key.keepTasks ?? false;
    const sides = this.sides(key);
    const keyA = { filter: key.a, inverted: false, groupByTask };
    const keyB = { filter: key.b, inverted: false, groupByTask };
    const treeA = sides.a.topDown(keyA);
    const treeB = sides.b.topDown(keyB);
    // Each side's children are put in name order in its tree, once (CallTree.childListsByName):
    // a comparison that changes one side's filter merges the other's again without sorting it anew.
    const merged = mergeCallTrees(treeA, treeB, { exactNames: key.exactNames });
    // What the layouts share (each side's calls under each path, for layouts by calls) is
    // made with the first layout that needs it and kept with the comparison.
    this.entry = {
      key: k,
      sides,
      merged,
      layoutBase: new DiffLayoutBase(merged),
      layouts: new Map(),
      factors: new Map(),
      treeKeys: { a: keyA, b: keyB },
    };
    return this.entry;
  }

  /** Each side's untimed paths (kept by its DerivedData with its tree: one pass, none when every call is timed). */
  untimed(key: CompareKey): SidesUntimed {
    const entry = this.get(key);
    entry.untimed ??= { a: entry.sides.a.untimed(entry.treeKeys.a), b: entry.sides.b.untimed(entry.treeKeys.b) };
    return entry.untimed;
  }

  merged(key: CompareKey): MergedCallTree {
    return this.get(key).merged;
  }

  /** The factors of a quantity and normalisation over this comparison. */
  factors(req: CompareKey & CompareScale): NormalisationFactors {
    const entry = this.get(req);
    const k = JSON.stringify([req.quantity, req.normalisation]);
    let f = entry.factors.get(k);
    if (!f) {
      f = normalisationFactors(entry.merged, req.normalisation, req.quantity);
      if (entry.factors.size >= 16) entry.factors.clear();
      entry.factors.set(k, f);
    }
    return f;
  }

  pathCounts(key: CompareKey): { onlyA: number; onlyB: number; both: number } {
    const { onlyA, onlyB, both } = this.get(key).merged.pathCounts;
    return { onlyA, onlyB, both };
  }

  /**
   * Functions (distinct names) of each presence: a function in both may have paths on one
   * side only. From the merged paths (the legend asks with the first answer; the compared
   * functions table's per-call figures wait for that table).
   */
  functionCounts(key: CompareKey): { onlyA: number; onlyB: number; both: number } {
    const entry = this.get(key);
    entry.functionCounts ??= functionPresenceCounts(entry.merged);
    return entry.functionCounts;
  }

  /**
   * The differential flame graph layout of `req` (kept for the next switch). The first
   * time a zoom and detail are asked for, the other layouts a switch can ask for there (by
   * A or by B, by time or by calls) are made ahead, one per worker task, once no compared
   * question came for AHEAD_AFTER_MS: by the time the user reaches the switch, its layout
   * is waiting.
   */
  layout(req: DiffFlameRequest): DiffLayout {
    const entry = this.get(req);
    const layout = this.keptLayout(entry, req);
    const place = JSON.stringify([req.zoomPath, req.minWidth]);
    if (entry.aheadFor !== place) {
      entry.aheadFor = place;
      const steps = SWITCHES.map((s) => () => void this.keptLayout(entry, { ...req, ...s }, false));
      this.aheadAfterQuiet(() => workAhead(steps, () => !this.disposed && this.entry === entry && entry.aheadFor === place));
    }
    return layout;
  }

  /** Runs `start` once no compared question came for AHEAD_AFTER_MS (replacing what waited). */
  private aheadAfterQuiet(start: () => void): void {
    if (this.pendingAhead) clearTimeout(this.pendingAhead.timer);
    const timer = setTimeout(() => {
      this.pendingAhead = undefined;
      if (!this.disposed) start();
    }, AHEAD_AFTER_MS);
    this.pendingAhead = { start, timer };
  }

  private keptLayout(entry: CompareEntry, req: DiffLayoutRequest, touch = true): DiffLayout {
    const { layouts, layoutBase } = entry;
    const k = diffLayoutKey(req);
    let layout = layouts.get(k);
    if (layout && !touch) return layout;
    if (layout) layouts.delete(k);
    else layout = layoutBase.layout(req);
    layouts.set(k, layout);
    if (layouts.size > MAX_LAYOUTS) layouts.delete(layouts.keys().next().value!);
    return layout;
  }

  /** Compare mode is left or a side replaced: work ahead for this cache stops. */
  dispose(): void {
    this.disposed = true;
    this.entry = undefined;
    if (this.pendingAhead) clearTimeout(this.pendingAhead.timer);
    this.pendingAhead = undefined;
  }

  functions(key: CompareKey): ComparedFunction[] {
    const entry = this.get(key);
    entry.functions ??= computeComparedFunctions(
      { facts: entry.sides.a, mask: entry.sides.a.mask(key.a) },
      { facts: entry.sides.b, mask: entry.sides.b.mask(key.b) },
      { exactNames: key.exactNames },
    );
    return entry.functions;
  }
}

// ---- Compared functions table ----

export interface ComparedFunctionsRequest extends CompareKey, CompareScale {
  rows?: ComparedRowFilter;
  /** Keep only the functions the search box matches ('' or an invalid pattern: all). */
  search?: string;
  /**
   * Limit the table to what runs under this merged path (names from the root; the
   * differential flame graph's zoom root), with the figures of that subtree.
   */
  under?: readonly string[];
}

/** The search box's matcher, or null when there is no search (or it does not parse). */
export function searchMatcher(search: string | undefined): NameMatcher | null {
  if (!search || search.trim() === '') return null;
  const parsed = parseSearchPattern(search);
  return parsed.ok ? parsed.matcher : null;
}

/**
 * One side's columns of the table: NaN percentiles where no call of it has a duration, and
 * NaN total and self too where the side has calls of it but none timed (unknown, not 0).
 */
export interface SideColumns {
  calls: Float64Array;
  total: Float64Array;
  self: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
}

export interface ComparedFunctionRows {
  length: number;
  /** Function names (trace text: render as text only), one per row, in name order. */
  names: string[];
  /** B's name of a row the two builds name apart (matched by base name), else null. */
  namesB: (string | null)[];
  /** Presence of each row (1 only A, 2 only B, 3 both). */
  presence: Uint8Array;
  /** Raw figures, as measured. */
  a: SideColumns;
  b: SideColumns;
  /** The compared quantity after normalisation, and its change (b - a, b / a). */
  valueA: Float64Array;
  valueB: Float64Array;
  delta: Float64Array;
  ratio: Float64Array;
  factors: NormalisationFactors;
  /** Rows of each presence before the row filter (the legend's counts). */
  counts: { onlyA: number; onlyB: number; both: number };
  /** Whether `under` was found (false: the table is the whole comparison's). */
  underFound: boolean;
}

function sideColumns(n: number): SideColumns {
  return { calls: new Float64Array(n), total: new Float64Array(n), self: new Float64Array(n), p50: new Float64Array(n), p95: new Float64Array(n) };
}

export function comparedFunctionRows(cache: CompareCache, req: ComparedFunctionsRequest): ComparedFunctionRows {
  const merged = cache.merged(req);
  const underNode = req.under && req.under.length > 0 ? merged.findPath(req.under) : -1;
  const untimed = cache.untimed(req);
  const rowsOf = underNode >= 0 ? comparedFunctionsUnder(merged, underNode, (side, k) => !timeUnknown(untimed, merged, side, k)) : cache.functions(req);
  // Times of a function a side calls but never times are unknown, not 0 (timeUnknown).
  const all = rowsOf.map(withUnknownTimes);
  const factors = cache.factors(req);
  const match = searchMatcher(req.search);
  const searched = match ? all.filter((r) => match(r.name) || (r.nameB !== undefined && match(r.nameB))) : all;
  const rows = selectComparedRows(searched, req.rows ?? {}, req.quantity, factors);
  const n = rows.length;
  const out: ComparedFunctionRows = {
    length: n,
    names: new Array<string>(n),
    namesB: new Array<string | null>(n),
    presence: new Uint8Array(n),
    a: sideColumns(n),
    b: sideColumns(n),
    valueA: new Float64Array(n),
    valueB: new Float64Array(n),
    delta: new Float64Array(n),
    ratio: new Float64Array(n),
    factors,
    counts: presenceCounts(searched.map((r) => r.presence)),
    underFound: underNode >= 0,
  };
  rows.forEach((row, r) => {
    out.names[r] = row.name;
    out.namesB[r] = row.nameB ?? null;
    out.presence[r] = row.presence;
    for (const side of ['a', 'b'] as const) {
      const f = row[side];
      const col = out[side];
      col.calls[r] = f.calls;
      col.total[r] = f.totalNs;
      col.self[r] = f.selfNs;
      col.p50[r] = f.p50Ns;
      col.p95[r] = f.p95Ns;
    }
    const c = rowChange(row, req.quantity, factors);
    out.valueA[r] = c.a;
    out.valueB[r] = c.b;
    out.delta[r] = c.delta;
    out.ratio[r] = c.ratio;
  });
  return out;
}

/** Rows of each presence. */
function presenceCounts(presence: ArrayLike<number>): { onlyA: number; onlyB: number; both: number } {
  let onlyA = 0;
  let onlyB = 0;
  let both = 0;
  for (let k = 0; k < presence.length; k++) {
    const p = presence[k];
    if (p === 1) onlyA++;
    else if (p === 2) onlyB++;
    else if (p === 3) both++;
  }
  return { onlyA, onlyB, both };
}

// ---- Compared call tree ----

export interface ComparedTreeRows {
  names: string[];
  /** B's name of a path the two builds name apart (matched by base name), else null. */
  namesB: (string | null)[];
  presence: Uint8Array;
  callsA: Float64Array;
  /** Times: NaN where the side has the path but no call of it has a duration (timeUnknown). */
  totalA: Float64Array;
  selfA: Float64Array;
  callsB: Float64Array;
  totalB: Float64Array;
  selfB: Float64Array;
  /** The compared quantity after normalisation, and its change. */
  valueA: Float64Array;
  valueB: Float64Array;
  delta: Float64Array;
  childCount: Uint32Array;
  /** 1 where the search matches the row's name (all 0 with no search). */
  matched: Uint8Array;
}

export interface ComparedTreeLevels {
  /** One entry per asked path: the children of that row ([] = the roots), null when it is not in the tree. */
  levels: (ComparedTreeRows | null)[];
  factors: NormalisationFactors;
  /** Paths of each presence in the whole merged tree. */
  counts: { onlyA: number; onlyB: number; both: number };
  /** Functions (distinct names) of each presence over the whole comparison (the legend's first count). */
  functionCounts: { onlyA: number; onlyB: number; both: number };
}

export function comparedTreeLevels(
  cache: CompareCache,
  req: CompareKey & CompareScale & { search?: string },
  paths: readonly (readonly string[])[],
): ComparedTreeLevels {
  const merged = cache.merged(req);
  const match = searchMatcher(req.search);
  const factors = cache.factors(req);
  const untimed = cache.untimed(req);
  const levels = paths.map((path) => {
    const at = path.length === 0 ? -1 : merged.findPath(path);
    if (path.length > 0 && at < 0) return null;
    const nodes = at < 0 ? merged.roots : merged.children(at);
    const n = nodes.length;
    const rows: ComparedTreeRows = {
      names: new Array<string>(n),
      namesB: new Array<string | null>(n),
      presence: new Uint8Array(n),
      callsA: new Float64Array(n),
      totalA: new Float64Array(n),
      selfA: new Float64Array(n),
      callsB: new Float64Array(n),
      totalB: new Float64Array(n),
      selfB: new Float64Array(n),
      valueA: new Float64Array(n),
      valueB: new Float64Array(n),
      delta: new Float64Array(n),
      childCount: new Uint32Array(n),
      matched: new Uint8Array(n),
    };
    // Figures read path by path from the sides' trees: the merged tree's columns are not
    // made for a few rows (MergedCallTree.figureAt).
    nodes.forEach((k, r) => {
      rows.names[r] = merged.nameOf(k);
      rows.namesB[r] = merged.otherName(k);
      rows.presence[r] = merged.presenceOf(k);
      // (a side's time on a path none of whose calls has a duration is unknown: NaN, timeUnknown)
      const unknownA = timeUnknown(untimed, merged, 'a', k);
      const unknownB = timeUnknown(untimed, merged, 'b', k);
      rows.callsA[r] = merged.figureAt('a', 'calls', k);
      rows.totalA[r] = unknownA ? Number.NaN : merged.figureAt('a', 'total', k);
      rows.selfA[r] = unknownA ? Number.NaN : merged.figureAt('a', 'self', k);
      rows.callsB[r] = merged.figureAt('b', 'calls', k);
      rows.totalB[r] = unknownB ? Number.NaN : merged.figureAt('b', 'total', k);
      rows.selfB[r] = unknownB ? Number.NaN : merged.figureAt('b', 'self', k);
      rows.valueA[r] = normalised(sideValue(merged, 'a', req.quantity, k, unknownA), 'a', factors);
      rows.valueB[r] = normalised(sideValue(merged, 'b', req.quantity, k, unknownB), 'b', factors);
      rows.delta[r] = change(rows.valueA[r], rows.valueB[r]).delta;
      rows.childCount[r] = merged.children(k).length;
      if (match && (match(rows.names[r]) || (rows.namesB[r] !== null && match(rows.namesB[r])))) rows.matched[r] = 1;
    });
    return rows;
  });
  return { levels, factors, counts: cache.pathCounts(req), functionCounts: cache.functionCounts(req) };
}

/** A side's figure of the compared quantity on path k: NaN for a time it does not know (timeUnknown). */
function sideValue(merged: MergedCallTree, side: 'a' | 'b', quantity: CompareQuantity, k: number, unknownTime: boolean): number {
  return quantity !== 'calls' && unknownTime ? Number.NaN : merged.figureAt(side, quantity, k);
}

// ---- Differential flame graph ----

/** The layout (diff-layout.ts: side, zoom, detail), the pair compared and the scale. */
export interface DiffFlameRequest extends CompareKey, CompareScale, DiffLayoutRequest {
  /** The search box's pattern: `nameMatched` says which names it matches. */
  search?: string;
}

export interface DiffFlameFrames {
  length: number;
  /** Edges, fractions of the zoom root's width (0..1); frames in pre-order. */
  x0: Float64Array;
  x1: Float64Array;
  depth: Uint32Array;
  parent: Int32Array;
  /** Index into `names`. */
  name: Int32Array;
  /** B's name where the two builds name the path apart (matched by base name): index into `names`, else -1. */
  nameB: Int32Array;
  names: string[];
  presence: Uint8Array;
  /** The compared quantity after normalisation on each side (NaN: a time the side does not know), and B - A. */
  valueA: Float64Array;
  valueB: Float64Array;
  delta: Float64Array;
  /** Largest |delta| among the frames sent (the colour scale's 100 %). */
  maxAbsDelta: number;
  factors: NormalisationFactors;
  /** How many names of the zoom path were found. */
  zoomFound: number;
  /** Per entry of `names`: 1 when the search matches it; null with no search. */
  nameMatched: Uint8Array | null;
}

export { ONE_SIDED_BUDGET, ONE_SIDED_MIN_WIDTH } from './diff-layout';

/**
 * The differential flame graph's frames: the layout of `req` (DiffLayoutBase.layout, kept
 * for the next switch) with the compared quantity after normalisation on each frame.
 */
export function diffFlameFrames(cache: CompareCache, req: DiffFlameRequest): DiffFlameFrames {
  const merged = cache.merged(req);
  const layout = cache.layout(req);
  const factors = cache.factors(req);
  const untimed = cache.untimed(req);
  const m = layout.node.length;
  // The answer's names: one entry per name id the frames use, in the order first met.
  const answerId = new Map<number, number>();
  const byName = new Map<string, number>();
  const names: string[] = [];
  const nameIndex = (nm: string): number => {
    let id = byName.get(nm);
    if (id === undefined) {
      id = names.length;
      names.push(nm);
      byName.set(nm, id);
    }
    return id;
  };
  const out: DiffFlameFrames = {
    length: m,
    // Copies: the layout is kept for the next switch, the answer is the caller's.
    x0: layout.x0.slice(),
    x1: layout.x1.slice(),
    depth: layout.depth.slice(),
    parent: layout.parent.slice(),
    name: new Int32Array(m),
    nameB: new Int32Array(m).fill(-1),
    names,
    presence: new Uint8Array(m),
    valueA: new Float64Array(m),
    valueB: new Float64Array(m),
    delta: new Float64Array(m),
    maxAbsDelta: 0,
    factors,
    zoomFound: layout.zoomFound,
    nameMatched: null,
  };
  for (let r = 0; r < m; r++) {
    const k = layout.node[r];
    const nameId = merged.nameIdOf(k);
    let id = answerId.get(nameId);
    if (id === undefined) {
      // (a task label may read as a function's name: one entry per name still)
      id = nameIndex(merged.nameTable[nameId]);
      answerId.set(nameId, id);
    }
    out.name[r] = id;
    const other = merged.otherName(k);
    if (other !== null) out.nameB[r] = nameIndex(other);
    out.presence[r] = merged.presenceOf(k);
    // (from the sides' trees: the frames sent are a few of the paths, MergedCallTree.figureAt)
    // (a time the side does not know is NaN, not 0: timeUnknown; such a frame is pale, its change unknown)
    out.valueA[r] = normalised(sideValue(merged, 'a', req.quantity, k, timeUnknown(untimed, merged, 'a', k)), 'a', factors);
    out.valueB[r] = normalised(sideValue(merged, 'b', req.quantity, k, timeUnknown(untimed, merged, 'b', k)), 'b', factors);
    const d = (out.delta[r] = out.valueB[r] - out.valueA[r]);
    if (Math.abs(d) > out.maxAbsDelta) out.maxAbsDelta = Math.abs(d);
  }
  const match = searchMatcher(req.search);
  if (match) out.nameMatched = Uint8Array.from(names, (nm) => (match(nm) ? 1 : 0));
  return out;
}
