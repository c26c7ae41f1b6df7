/**
 * Builder rule 12, the last word of the interval rule: once every call has its duration,
 * no call holds more than its own interval and its own duration. The line-by-line rules
 * (builder.ts) decide nesting from what the lines say as they come; damaged or cut input
 * (lines lost, swapped, duplicated, a window of a trace) can make them give a call
 * children that cannot be inside it. This pass finds those and settles them, so that for
 * every call 0 <= self <= duration, and a child timed on its parent's CPU lies inside the
 * parent's interval (the fuzz properties `self` and `nesting`, scripts/fuzz/).
 *
 *  0. Exact call times (-R, -N, trace.dat): a child whose interval lies inside a sibling's
 *     on the same CPU ran inside it, so it moves under that sibling (the innermost holder),
 *     whatever order the records came in. The rule itself, not a repair: no diagnostic.
 *  a. Starts that are only bounds (text without the exact call times of -R/-N): a printed
 *     entry time is when the entry record was written, at or after the call time. A child
 *     whose printed interval ends after its parent's end started earlier than printed: its
 *     start moves back to end with its parent (when that is not before the parent's start).
 *     The kernel writes a child's records before its parent returns, so this is a tighter
 *     bound, not a repair (the seed's report has such leaves: their -R twins confirm it).
 *     A child whose entry record is stamped after its parent's end is left to rule b.
 *  b. A child timed on its parent's CPU whose interval still lies outside its parent's did
 *     not run inside it: it moves up to the innermost ancestor whose interval holds it (the
 *     task's top level when none does).
 *  c. A call whose children's durations still add up to more than its own duration (no
 *     times, or children on another CPU, or the same line twice): children move up to its
 *     parent until the rest fits — first the deeper-than-a-child ones it adopted (earliest
 *     first: the furthest from its exit), then its plain children from the last.
 * A moved child is flagged DepthGap when it now sits deeper than its new parent + 1, and
 * every move is a `depth-gap` diagnostic that names both calls. Self times stay duration
 * minus the children's durations, so per task they still add up to the outermost calls'.
 *
 * Cost: one scan of the table (two with exact times); then, with printed times, rule a in
 * one pass over the rows and the scan again; the tree walk (child lists, a pre-order) only
 * when a call is still left to settle, which a sound trace never has.
 */
import { CallFlag, type CallTable, type IndexIntoCallTable } from './call-table';
import type { StringTable } from './string-table';
import type { DiagnosticItem, Diagnostics } from './tables';

/** Printed times are rounded to the microsecond: intervals may stick out this much. */
const TOLERANCE_NS = 1000;
const ENTERED_AFTER =
  'it was entered after its parent returned (lines missing from the trace, or durations that leave out the time the task slept: the nosleep-time option)';

export interface SettleContext {
  calls: CallTable;
  strings: StringTable;
  diagnostics: Diagnostics;
  /** Adds a diagnostic item (the builder caps them per kind). */
  item: (it: DiagnosticItem) => void;
  /** True when the starts are exact call times (-R, -N, trace.dat): rule a does not apply. */
  exactStarts: boolean;
  /**
   * Calls whose recorded duration leaves out time their task slept (nosleep-time,
   * sleep-left-out.ts, exact call times only): their interval says nothing of what ran inside
   * them, so rule b leaves their children where their entries put them.
   */
  sleepLeftOut?: ReadonlySet<IndexIntoCallTable>;
}

/** Applies rule 12 to the finished table; returns how many children it moved. */
export function settleIntervals(ctx: SettleContext): number {
  const { calls } = ctx;
  if (!needsSettling(calls) && !(ctx.exactStarts && siblingsOverlap(calls))) return 0;
  // Printed times make rule a's leaves common in sound traces (a leaf's entry record is
  // written after its call time): tightened in one pass over the rows, they mostly leave
  // nothing for rules b and c, and the tree walk (child lists and a pre-order of every call:
  // 46–53 ms of the seed report's 330 ms load, docs/performance-log.md) is not needed.
  if (!ctx.exactStarts && tightenStartsInRowOrder(calls) && !needsSettling(calls)) return 0;
  return settleByTree(ctx);
}

/**
 * The whole rule over the call tree: child lists, rules 0 or a parents first, then rules b
 * and c children first. Rule a done before (tightenStartsInRowOrder) is done again as a no-op.
 */
export function settleByTree(ctx: SettleContext): number {
  return new Settler(ctx).run();
}

/**
 * Rule a without the tree: each call after its parent, as the tree walk's pre-order has it
 * (a parent's start is settled before its children are looked at). Rows mostly come after
 * their parent's (the builder adds them at the entry); a row an orphan exit adopted comes
 * before it, and its ancestors are settled first. Returns false when some call's parents
 * never reach the top level (a cycle); what it settled before, the tree walk then finds
 * settled (rule a changes nothing twice).
 */
function tightenStartsInRowOrder(calls: CallTable): boolean {
  const { parent, start, duration, cpu, flags } = calls;
  const n = calls.length;
  const done = new Uint8Array(n);
  const chain: IndexIntoCallTable[] = [];
  for (let i = 0; i < n; i++) {
    if (done[i]) continue;
    // The call and its ancestors not yet settled, innermost first.
    for (let c = i; c >= 0 && c < n && !done[c]; c = parent[c]) {
      if (chain.length > n) return false;
      chain.push(c);
    }
    while (chain.length > 0) {
      const c = chain.pop()!;
      done[c] = 1;
      const p = parent[c];
      if (p < 0 || p >= n || cpu[c] !== cpu[p] || flags[c] & (CallFlag.Orphan | CallFlag.Unclosed)) continue;
      tightenStart(start, duration, p, c);
    }
  }
  return true;
}

/**
 * Rule a for one child `c` of `p`: its entry record was written while it ran, so before its
 * parent returned. A child printed as ending after its parent's end started earlier than
 * printed; one printed as entered after its parent's end did not run inside it (rule b
 * moves it).
 */
function tightenStart(start: Float64Array, duration: Float64Array, p: IndexIntoCallTable, c: IndexIntoCallTable): void {
  const pEnd = start[p] + duration[p];
  if (!(start[c] + duration[c] > pEnd + TOLERANCE_NS) || start[c] > pEnd + TOLERANCE_NS) return;
  const earlier = pEnd - duration[c];
  if (earlier >= start[p] && earlier < start[c]) start[c] = earlier;
}

/** True when some call's self time is negative or a same-CPU child sticks out of its parent. */
export function needsSettling(calls: CallTable): boolean {
  const { parent, start, duration, self, cpu } = calls;
  for (let i = 0; i < calls.length; i++) {
    if (self[i] < 0) return true;
    const p = parent[i];
    if (p >= 0 && cpu[i] === cpu[p] && outside(start[i], duration[i], start[p], duration[p])) return true;
  }
  return false;
}

/**
 * True when a call begins before the previous call of the same parent (in row order) on its
 * CPU ended and one holds the other (rule 0): the later row inside the earlier, or the
 * earlier inside the later (an orphan exit's row comes after the same-depth interrupt calls
 * its interval holds). Rows of one parent mostly come in time order, so a sound trace
 * answers false in one pass.
 */
export function siblingsOverlap(calls: CallTable): boolean {
  const { parent, start, duration, cpu } = calls;
  const n = calls.length;
  // The last child seen per parent (4 bytes a call, for the moment of this scan).
  const last = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0 || p >= n) continue; // the top level: tasks and CPUs mixed, nothing holds them
    const prev = last[p];
    last[p] = i;
    if (prev < 0 || cpu[prev] !== cpu[i]) continue;
    const prevEnd = start[prev] + duration[prev];
    if (start[i] < prevEnd && (start[i] + duration[i] <= prevEnd || start[i] <= start[prev])) return true;
  }
  return false;
}

/** True when [s, s + d] sticks out of [ps, ps + pd] by more than the tolerance (false when any is unknown). */
function outside(s: number, d: number, ps: number, pd: number): boolean {
  return s < ps - TOLERANCE_NS || s + d > ps + pd + TOLERANCE_NS;
}

class Settler {
  private readonly calls: CallTable;
  /** Children as linked lists: first child per call (-1 for none), next sibling per call. */
  private readonly firstChild: Int32Array;
  private readonly nextSibling: Int32Array;
  private moved = 0;
  /** Calls rule 0 nested under a sibling (not repairs). */
  nested = 0;

  constructor(private readonly ctx: SettleContext) {
    this.calls = ctx.calls;
    const n = this.calls.length;
    this.firstChild = new Int32Array(n + 1).fill(-1); // slot n: the task's top level
    this.nextSibling = new Int32Array(n).fill(-1);
    const { parent } = this.calls;
    for (let i = n - 1; i >= 0; i--) {
      const p = parent[i] >= 0 && parent[i] < n ? parent[i] : n;
      this.nextSibling[i] = this.firstChild[p];
      this.firstChild[p] = i;
    }
  }

  run(): number {
    let order = this.preorder();
    for (const p of order) {
      if (this.ctx.exactStarts) this.nestInsideSiblings(p);
      else this.tightenStarts(p);
    }
    // Children before their parents: what moves up is looked at again by its new parent. The
    // order of the tree rule 0 left: a call it nested under a sibling came before that sibling
    // in the old one, and what it gave up would land in a parent already settled.
    if (this.nested > 0) order = this.preorder();
    for (let k = order.length - 1; k >= 0; k--) {
      this.moveOutsiders(order[k]);
      this.moveOverflow(order[k]);
    }
    return this.moved;
  }

  /** Every call reachable from the top level, parents first. */
  private preorder(): IndexIntoCallTable[] {
    const n = this.calls.length;
    const order: IndexIntoCallTable[] = [];
    const todo: IndexIntoCallTable[] = [];
    for (let c = this.firstChild[n]; c >= 0; c = this.nextSibling[c]) todo.push(c);
    while (todo.length > 0) {
      const c = todo.pop()!;
      order.push(c);
      for (let k = this.firstChild[c]; k >= 0; k = this.nextSibling[k]) todo.push(k);
    }
    return order;
  }

  /**
   * Rule 0 (exact call times only): a child whose interval lies inside a sibling's on the
   * same CPU ran inside that sibling — the interval rule's innermost holder, at the same
   * depth when an interrupt came between the sibling's return and its rettime. It moves
   * under it, whatever order the records were written in. No diagnostic: this is the rule,
   * not a repair. The new parent is visited later (pre-order), so deeper holders follow.
   */
  private nestInsideSiblings(p: IndexIntoCallTable): void {
    const { start, duration, cpu, self, parent, depth, flags } = this.calls;
    const all: IndexIntoCallTable[] = [];
    for (let c = this.firstChild[p]; c >= 0; c = this.nextSibling[c]) all.push(c);
    const kids = all.filter((c) => !Number.isNaN(start[c]) && !Number.isNaN(duration[c]));
    if (kids.length < 2) return;
    // By start, the longer first at equal starts; equal intervals keep their row order.
    kids.sort((a, b) => start[a] - start[b] || duration[b] - duration[a] || a - b);
    const open: IndexIntoCallTable[] = [];
    const moved = new Set<IndexIntoCallTable>();
    for (const c of kids) {
      const end = start[c] + duration[c];
      while (open.length > 0 && start[open[open.length - 1]] + duration[open[open.length - 1]] <= start[c]) open.pop();
      let holder = -1;
      for (let k = open.length - 1; k >= 0; k--) {
        const h = open[k];
        const strictlyLonger = duration[h] > duration[c] || start[h] < start[c];
        if (cpu[h] === cpu[c] && end <= start[h] + duration[h] && strictlyLonger) {
          holder = h;
          break;
        }
      }
      if (holder >= 0) {
        moved.add(c);
        parent[c] = holder;
        self[p] += duration[c];
        self[holder] -= duration[c];
        if (flags[c] & CallFlag.DepthGap && depth[c] === depth[holder] + 1) {
          // The gap is closed: its missing parent is the holder (an orphan exit's call).
          flags[c] &= ~CallFlag.DepthGap;
          this.ctx.diagnostics.depthGaps--;
        }
        this.nextSibling[c] = this.firstChild[holder];
        this.firstChild[holder] = c;
        this.nested++;
      }
      open.push(c);
    }
    if (moved.size === 0) return;
    let last = -1;
    this.firstChild[p] = -1;
    for (const c of all) {
      if (moved.has(c)) continue;
      if (last < 0) this.firstChild[p] = c;
      else this.nextSibling[last] = c;
      last = c;
    }
    if (last >= 0) this.nextSibling[last] = -1;
  }

  /** Rule a: children of `p` printed as ending after it started earlier than printed. */
  private tightenStarts(p: IndexIntoCallTable): void {
    const { start, duration, cpu, flags } = this.calls;
    for (let c = this.firstChild[p]; c >= 0; c = this.nextSibling[c]) {
      if (cpu[c] !== cpu[p] || flags[c] & (CallFlag.Orphan | CallFlag.Unclosed)) continue;
      tightenStart(start, duration, p, c);
    }
  }

  /** Rule b: children of `p` on its CPU whose interval lies outside its own move up. */
  private moveOutsiders(p: IndexIntoCallTable): void {
    if (this.ctx.sleepLeftOut?.has(p)) return;
    const { start, duration, cpu } = this.calls;
    let prev = -1;
    for (let c = this.firstChild[p], next = -1; c >= 0; c = next) {
      next = this.nextSibling[c];
      if (cpu[c] === cpu[p] && outside(start[c], duration[c], start[p], duration[p])) {
        if (prev < 0) this.firstChild[p] = next;
        else this.nextSibling[prev] = next;
        // Printed times: a child entered after its parent's end is what lines missing from
        // the text show, and what a parent whose duration leaves out a sleep shows
        // (nosleep-time; exact call times tell that apart: sleep-left-out.ts).
        const entered = !this.ctx.exactStarts && start[c] > start[p] + duration[p] + TOLERANCE_NS;
        this.moveUp(c, p, this.holder(c, p), entered ? ENTERED_AFTER : 'its interval lies outside');
      } else prev = c;
    }
  }

  /** The innermost ancestor of `p` whose interval holds `c` (-1: the top level). */
  private holder(c: IndexIntoCallTable, p: IndexIntoCallTable): IndexIntoCallTable {
    const { parent, start, duration, cpu } = this.calls;
    let a = parent[p];
    for (let guard = 0; a >= 0 && guard <= this.calls.length; guard++, a = parent[a]) {
      if (Number.isNaN(start[a]) || Number.isNaN(duration[a])) continue; // an untimed one says nothing
      if (cpu[a] !== cpu[c] || !outside(start[c], duration[c], start[a], duration[a])) return a;
    }
    return -1;
  }

  /** Rule c: while `p`'s children add up to more than it, the likeliest strangers move up. */
  private moveOverflow(p: IndexIntoCallTable): void {
    const { self, depth, duration, parent } = this.calls;
    if (!(self[p] < 0)) return;
    const kids: IndexIntoCallTable[] = [];
    for (let c = this.firstChild[p]; c >= 0; c = this.nextSibling[c]) kids.push(c);
    kids.sort((a, b) => a - b);
    const plain = depth[p] + 1;
    const adopted = kids.filter((c) => depth[c] !== plain);
    const own = kids.filter((c) => depth[c] === plain).reverse();
    const leaving = new Set<IndexIntoCallTable>();
    for (const c of [...adopted, ...own]) {
      if (!(self[p] < 0)) break;
      if (Number.isNaN(duration[c]) || duration[c] <= 0) continue;
      leaving.add(c);
      this.moveUp(c, p, parent[p], "its parent's duration cannot hold it besides its siblings");
    }
    // The children that stay, in row order again.
    let last = -1;
    this.firstChild[p] = -1;
    for (const c of kids) {
      if (leaving.has(c)) continue;
      if (last < 0) this.firstChild[p] = c;
      else this.nextSibling[last] = c;
      last = c;
    }
    if (last >= 0) this.nextSibling[last] = -1;
  }

  /** Makes `c` a child of `to` (-1: the top level) instead of `from`, and says so. */
  private moveUp(c: IndexIntoCallTable, from: IndexIntoCallTable, to: IndexIntoCallTable, why: string): void {
    const calls = this.calls;
    const { parent, self, duration, depth, flags } = calls;
    parent[c] = to; // the caller has taken it off `from`'s list
    const top = calls.length;
    this.nextSibling[c] = this.firstChild[to >= 0 ? to : top];
    this.firstChild[to >= 0 ? to : top] = c;
    const d = duration[c];
    if (!Number.isNaN(d)) {
      self[from] += d;
      if (to >= 0) self[to] -= d;
    }
    if (depth[c] > (to >= 0 ? depth[to] + 1 : 0) && !(flags[c] & CallFlag.DepthGap)) {
      flags[c] |= CallFlag.DepthGap;
      this.ctx.diagnostics.depthGaps++;
    }
    this.moved++;
    const name = (i: IndexIntoCallTable) => this.ctx.strings.get(calls.func[i]);
    this.ctx.item({
      line: -1,
      kind: 'depth-gap',
      message: `${name(c)} (${d} ns) is not inside ${name(from)} (${duration[from]} ns): ${why}; counted under ${to >= 0 ? name(to) : 'its task'}`,
      call: c,
    });
  }
}
