/**
 * Rule a of the interval rule in one pass over the rows (settle-intervals.ts,
 * tightenStartsInRowOrder) must settle a table exactly as the tree walk does: random tables
 * whose rows come out of order (as an orphan exit's adopted rows do), with children that end
 * after their parent (rule a), are entered after it (rule b), or overfill it (rule c), on one
 * CPU or two, some of them orphans or never returned.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test-utils/seam-traces';
import { CallFlag, CallTable } from './call-table';
import { settleByTree, settleIntervals, type SettleContext } from './settle-intervals';
import { StringTable } from './string-table';
import { emptyDiagnostics, type DiagnosticItem } from './tables';

/**
 * A random call tree of `n` calls, its rows shuffled a little, parents remapped. A sound one
 * (`sound`) has children that fit in their parent and at most stick out at its end (rule a
 * alone may settle it); the others have every shape.
 */
function randomTable(seed: number, n: number, sound: boolean): CallTable {
  const rnd = seededRandom(seed);
  const pick = (k: number) => Math.floor(rnd() * k);
  // Built in creation order: a parent before its children.
  const parent: number[] = [];
  const start: number[] = [];
  const duration: number[] = [];
  const room: number[] = []; // a sound parent's duration its children have not taken
  const cpu: number[] = [];
  const depth: number[] = [];
  const flags: number[] = [];
  for (let i = 0; i < n; i++) {
    let p = i === 0 || rnd() < 0.1 ? -1 : Math.max(0, i - 1 - pick(6));
    if (sound && p >= 0 && room[p] < 2) p = -1; // no room left in it
    parent.push(p);
    depth.push(p < 0 ? 0 : depth[p] + 1);
    cpu.push(p >= 0 && rnd() < 0.9 ? cpu[p] : pick(2));
    const d = p >= 0 && sound ? 1 + pick(room[p] / 2) : sound ? 50_000_000 + pick(50_000_000) : 1000 + pick(200_000);
    if (p >= 0 && sound) room[p] -= d;
    duration.push(d);
    room.push(d);
    if (p < 0) start.push(pick(10_000_000));
    else {
      const shape = sound ? rnd() * 0.63 : rnd(); // sound: one child in 20 sticks out at the end
      const ps = start[p];
      const pd = duration[p];
      // Mostly inside; some stick out at the end (a), start after it (b), or start before it.
      if (shape < 0.6) start.push(ps + pick(Math.max(1, pd - d)));
      else if (shape < 0.85) start.push(ps + pd - d + 1001 + pick(sound ? 2000 : d));
      else if (shape < 0.95) start.push(ps + pd + 2000 + pick(5000));
      else start.push(ps - 2000 - pick(5000));
    }
    flags.push(sound ? 0 : rnd() < 0.05 ? CallFlag.Orphan : rnd() < 0.05 ? CallFlag.Unclosed : 0);
  }
  // Rows out of order: a few rows move back before their parent's row (adoption's shape).
  const order = [...Array(n).keys()];
  for (let k = 0; k < n / 20; k++) {
    const at = 1 + pick(n - 1);
    const back = 1 + pick(Math.min(at, 8));
    const [row] = order.splice(at, 1);
    order.splice(at - back, 0, row);
  }
  const rowOf = new Array<number>(n);
  order.forEach((made, row) => (rowOf[made] = row));
  const t = new CallTable(n);
  for (const made of order) {
    const p = parent[made];
    t.add(made % 7, p < 0 ? -1 : rowOf[p], 0, depth[made], cpu[made], start[made], flags[made], made + 1);
  }
  for (let row = 0; row < n; row++) t.duration[row] = duration[order[row]];
  // Self: duration minus the children's durations (negative where they overfill it).
  for (let row = 0; row < n; row++) t.self[row] = t.duration[row];
  for (let row = 0; row < n; row++) if (t.parent[row] >= 0) t.self[t.parent[row]] -= t.duration[row];
  return t;
}

function copyTable(t: CallTable): CallTable {
  const c = new CallTable(t.length);
  for (let i = 0; i < t.length; i++) c.add(t.func[i], t.parent[i], t.task[i], t.depth[i], t.cpu[i], t.start[i], t.flags[i], t.line[i]);
  c.duration.set(t.duration.subarray(0, t.length));
  c.self.set(t.self.subarray(0, t.length));
  return c;
}

function context(calls: CallTable): SettleContext & { items: DiagnosticItem[] } {
  const strings = new StringTable();
  for (let k = 0; k < 7; k++) strings.intern(`f${k}`);
  const items: DiagnosticItem[] = [];
  return { calls, strings, diagnostics: emptyDiagnostics(), item: (it) => items.push(it), exactStarts: false, items };
}

const columns = (t: CallTable) => ({
  parent: [...t.parent.subarray(0, t.length)],
  start: [...t.start.subarray(0, t.length)],
  self: [...t.self.subarray(0, t.length)],
  flags: [...t.flags.subarray(0, t.length)],
});

describe('rule a over the rows settles a table as the tree walk does', () => {
  it('on random tables with rows before their parents', () => {
    let outOfOrder = 0;
    let tightenedOnly = 0; // tables rule a alone settled (the tree walk moved nothing)
    let moved = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const n = 20 + (seed % 200);
      const sound = seed % 2 === 0;
      const table = randomTable(seed, n, sound);
      const byTree = copyTable(table);
      for (let i = 0; i < table.length; i++) if (table.parent[i] > i) outOfOrder++;
      const rows = context(table);
      const tree = context(byTree);
      const movedByRows = settleIntervals(rows);
      const movedByTree = settleByTree(tree);
      expect(movedByRows, `seed ${seed}`).toBe(movedByTree);
      expect(columns(table), `seed ${seed}`).toEqual(columns(byTree));
      expect(rows.diagnostics.depthGaps).toBe(tree.diagnostics.depthGaps);
      expect(rows.items.map((i) => i.message)).toEqual(tree.items.map((i) => i.message));
      const before = randomTable(seed, n, sound).start;
      if (movedByTree === 0 && table.start.some((s, i) => s !== before[i])) tightenedOnly++;
      moved += movedByTree;
    }
    // The tables exercise what they are for: rows out of order, tables rule a alone settles,
    // and tables the tree walk has to move calls in.
    expect(outOfOrder).toBeGreaterThan(100);
    expect(tightenedOnly).toBeGreaterThan(20);
    expect(moved).toBeGreaterThan(100);
  });
});
