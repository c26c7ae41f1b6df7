import { ESTABLISHED_DSL, FRESH_CONNECTION_DSL } from '../../test-utils/compare-pair';
import { describe, expect, test } from 'vitest';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { freshFacts } from '../../test-utils/fresh-facts';
import { loadText } from '../../test-utils/traces';
import {
  callsOfFunction,
  compareSide,
  mergeSides,
  normalisationFactors,
  normalised,
  Presence,
  quantityColumns,
  type MergedCallTree,
} from './compare';
import { computeComparedFunctions, rowChange, selectComparedRows } from './compare-functions';
import { diffFoldedLines } from './compare-folded';

const US = 1000;
const PRESENCE = { [Presence.OnlyA]: 'A', [Presence.OnlyB]: 'B', [Presence.Both]: 'AB' };

/** One line per merged node: indent, name, presence, A's and B's calls/total/self in µs. */
function formatMerged(m: MergedCallTree): string[] {
  const out: string[] = [];
  for (let k = 0; k < m.length; k++) {
    const a = m.nodeA[k] >= 0 ? `${m.callsA[k]}/${m.totalA[k] / US}/${m.selfA[k] / US}` : '-';
    const b = m.nodeB[k] >= 0 ? `${m.callsB[k]}/${m.totalB[k] / US}/${m.selfB[k] / US}` : '-';
    out.push(`${'  '.repeat(m.depth[k])}${m.name[k]} ${PRESENCE[m.presence[k] as Presence]} ${a} ${b}`);
  }
  return out;
}

const A_DSL = FRESH_CONNECTION_DSL;
const B_DSL = ESTABLISHED_DSL;

const side = (dsl: string, filter = {}) => compareSide(freshFacts(modelFromDsl(dsl)), filter);

describe('merge of two call trees by path', () => {
  test('paths from the first frame below the task: other tasks compare; one-sided paths marked', () => {
    const merged = mergeSides(side(A_DSL), side(B_DSL));
    expect(formatMerged(merged)).toEqual([
      'sys AB 1/10/3 2/12/5',
      '  connect A 1/5/2 -',
      '    tcp_v4_connect A 1/3/3 -',
      '  recvmsg B - 1/1/1',
      '  sendmsg AB 1/2/2 2/6/6',
    ]);
    // Parents first, so a node's parent is always an earlier node.
    for (let k = 0; k < merged.length; k++) expect(merged.parent[k]).toBeLessThan(k);
    expect(merged.findPath(['sys', 'connect', 'tcp_v4_connect'])).toBe(2);
    expect(merged.pathOf(2)).toEqual(['sys', 'connect', 'tcp_v4_connect']);
    expect(merged.findPath(['sys', 'nope'])).toBe(-1);
  });

  test('keepTasks puts the task first: different tasks no longer meet', () => {
    const merged = mergeSides(side(A_DSL), side(B_DSL), { keepTasks: true });
    expect(merged.roots.length).toBe(2);
    expect([...merged.roots].map((r) => `${merged.name[r]} ${PRESENCE[merged.presence[r] as Presence]}`)).toEqual([
      'curl-1 A',
      'nc-2 B',
    ]);
    // Nothing below the two task roots is shared.
    for (let k = 0; k < merged.length; k++) expect(merged.presence[k]).not.toBe(Presence.Both);
  });

  test('keepTasks with thousands of tasks (make -j): every name read with work linear in the tasks', () => {
    // n short-lived tasks, each its own root once the task is kept.
    const tasks = (n: number) =>
      modelFromDsl(Array.from({ length: n }, (_, i) => `cc1-${1000 + i} ${i % 4} ${i} | do_exit 0.5`).join('\n'));
    // Elements a typed array's indexOf / includes look at while every path's name is read.
    const names = (n: number): { work: number; names: string[] } => {
      const m = tasks(n);
      const merged = mergeSides(compareSide(freshFacts(m), {}), compareSide(freshFacts(m), {}), { keepTasks: true });
      const proto = Object.getPrototypeOf(Int32Array.prototype) as Record<'indexOf' | 'includes', (...a: unknown[]) => unknown>;
      const originals = { indexOf: proto.indexOf, includes: proto.includes };
      let work = 0;
      for (const k of ['indexOf', 'includes'] as const) {
        proto[k] = function (this: Int32Array, ...args: unknown[]) {
          work += this.length;
          return Reflect.apply(originals[k], this, args);
        };
      }
      try {
        const read = Array.from(merged.name);
        return { work, names: read };
      } finally {
        Object.assign(proto, originals);
      }
    };
    const small = names(500);
    const large = names(2000);
    expect(large.names.length).toBe(4000);
    expect(large.names.slice(0, 4)).toEqual(['cc1-1000', 'do_exit', 'cc1-1001', 'do_exit']);
    expect(large.names.at(-2)).toBe('cc1-2999');
    expect(large.work).toBeLessThanOrEqual(4 * small.work + 100);
  });

  test('one trace against itself through two task filters (the same rule as two traces)', () => {
    const both = modelFromDsl(A_DSL + B_DSL);
    const facts = freshFacts(both);
    const curl = both.tasks.findIndex((t) => t.comm === 'curl');
    const nc = both.tasks.findIndex((t) => t.comm === 'nc');
    const bySelf = mergeSides(compareSide(facts, { tasks: [curl] }), compareSide(facts, { tasks: [nc] }));
    const byTwo = mergeSides(side(A_DSL), side(B_DSL));
    expect(formatMerged(bySelf)).toEqual(formatMerged(byTwo));
  });

  test('identical sides: every path in both, zero change in every quantity and normalisation', () => {
    const merged = mergeSides(side(A_DSL), side(A_DSL));
    expect(merged.length).toBe(4);
    for (const quantity of ['self', 'total', 'calls'] as const) {
      const { a, b } = quantityColumns(merged, quantity);
      for (const norm of [{ kind: 'raw' }, { kind: 'scaled' }, { kind: 'perCall', root: 'sys' }] as const) {
        const f = normalisationFactors(merged, norm, quantity);
        for (let k = 0; k < merged.length; k++) {
          expect(merged.presence[k]).toBe(Presence.Both);
          expect(b[k] * f.b - a[k] * f.a).toBe(0);
        }
      }
    }
    const rows = computeComparedFunctions(side(A_DSL), side(A_DSL));
    for (const row of rows) {
      expect(row.presence).toBe(Presence.Both);
      for (const q of ['self', 'total', 'calls'] as const) expect(rowChange(row, q, { a: 1, b: 1 }).delta).toBe(0);
    }
    expect(selectComparedRows(rows, { minChangePercent: 0 }, 'self', { a: 1, b: 1 })).toEqual([]);
  });
});

describe('normalisation', () => {
  const merged = mergeSides(side(A_DSL), side(B_DSL));

  test('raw leaves the figures', () => {
    expect(normalisationFactors(merged, { kind: 'raw' }, 'total')).toEqual({ a: 1, b: 1, missing: [] });
  });

  test('scaled multiplies B by A’s whole over B’s: times by the roots’ totals, calls by every call', () => {
    // Totals: A 10 µs, B 6 + 6 = 12 µs. Calls: A 4, B 5.
    expect(normalisationFactors(merged, { kind: 'scaled' }, 'total').b).toBeCloseTo(10 / 12, 12);
    expect(normalisationFactors(merged, { kind: 'scaled' }, 'self').b).toBeCloseTo(10 / 12, 12);
    expect(normalisationFactors(merged, { kind: 'scaled' }, 'calls').b).toBeCloseTo(4 / 5, 12);
  });

  test('scaled by calls with the tasks kept as the first frame: every call in view counted once, not a task’s top-level calls again', () => {
    // A: sys, connect, tcp_v4_connect, sendmsg (4 calls, curl-1's one top-level call sys);
    // B: sys, sendmsg, sys, sendmsg, recvmsg (5, nc-2's two sys). The task frames add none.
    const withTasks = mergeSides(side(A_DSL), side(B_DSL), { keepTasks: true });
    expect(normalisationFactors(withTasks, { kind: 'scaled' }, 'calls').b).toBeCloseTo(4 / 5, 12);
    // Times are the roots' totals, the same with or without the task frames.
    expect(normalisationFactors(withTasks, { kind: 'scaled' }, 'total').b).toBeCloseTo(10 / 12, 12);
  });

  test('scaled with nothing in A to scale to (A with no call in view, or the function tracer’s, none timed): B’s figures are unknown, not 0', () => {
    // A's whole was 0, so B was multiplied by 0 / B's whole: every B figure 0, said "scaled (×0.000)".
    const emptyA = mergeSides(side(A_DSL, { cpus: [99] }), side(B_DSL));
    for (const quantity of ['total', 'calls'] as const) {
      const f = normalisationFactors(emptyA, { kind: 'scaled' }, quantity);
      expect(f.missing).toEqual(['a']);
      expect(normalised(6 * US, 'b', f)).toBeNaN();
    }
    // The function tracer's calls (indented by depth, no durations): calls scale, times do not.
    const untimed = 'cpus=1\n curl-1 [000] 1.000000: function:             sys\n curl-1 [000] 1.000002: function:                sendmsg\n';
    const fn = mergeSides(compareSide(freshFacts(loadText(untimed)), {}), side(B_DSL));
    expect(normalisationFactors(fn, { kind: 'scaled' }, 'self').missing).toEqual(['a']);
    expect(normalisationFactors(fn, { kind: 'scaled' }, 'calls')).toEqual({ a: 1, b: 2 / 5, missing: [] });
    // Both wholes 0: both said.
    expect(normalisationFactors(mergeSides(side(A_DSL, { cpus: [99] }), side(B_DSL, { cpus: [99] })), { kind: 'scaled' }, 'total').missing).toEqual(['a', 'b']);
  });

  test('per call of a root: each side divided by its own calls of it', () => {
    expect(callsOfFunction(merged, 'sys')).toEqual({ a: 1, b: 2 });
    const f = normalisationFactors(merged, { kind: 'perCall', root: 'sys' }, 'self');
    expect(f).toEqual({ a: 1, b: 0.5, missing: [], perCall: { a: 1, b: 2 } });
    // sendmsg per sys call: A 2 µs, B 6 / 2 = 3 µs.
    const send = merged.findPath(['sys', 'sendmsg']);
    expect(merged.selfA[send] * f.a).toBe(2 * US);
    expect(merged.selfB[send] * f.b).toBe(3 * US);
  });

  test('per call of a root: a figure in proportion to the root calls is the same number on both sides (49 × 1/49 is not 1)', () => {
    // A: one sys call with one sendmsg; B: 49 of each. Per sys call both sides call sendmsg once.
    const many = Array.from({ length: 49 }, (_, i) => `nc-2 1 ${i * 10} | sys {\nnc-2 1 ${i * 10 + 1} |   sendmsg 2\nnc-2 1 ${i * 10 + 5} | } 4`).join('\n');
    const one = 'curl-1 0 0 | sys {\ncurl-1 0 1 |   sendmsg 2\ncurl-1 0 5 | } 4';
    const m = mergeSides(side(one), side(many));
    const f = normalisationFactors(m, { kind: 'perCall', root: 'sys' }, 'calls');
    const row = computeComparedFunctions(side(one), side(many)).find((r) => r.name === 'sendmsg')!;
    for (const quantity of ['calls', 'total', 'self'] as const) {
      const c = rowChange(row, quantity, f);
      expect([c.a, c.delta], quantity).toEqual([c.b, 0]);
      expect(selectComparedRows([row], { minChangePercent: 0 }, quantity, f)).toEqual([]);
    }
    const send = m.findPath(['sys', 'sendmsg']);
    expect(normalised(m.callsB[send], 'b', f)).toBe(1);
    expect(normalised(m.callsA[send], 'a', f)).toBe(1);
  });

  test('per call of a root one side never calls: that side is missing (NaN), never a silent 0', () => {
    const f = normalisationFactors(merged, { kind: 'perCall', root: 'tcp_v4_connect' }, 'self');
    expect(f.missing).toEqual(['b']);
    expect(f.a).toBe(1);
    expect(f.b).toBeNaN();
  });
});

describe('compared functions table', () => {
  const rows = computeComparedFunctions(side(A_DSL), side(B_DSL));

  test('every function on either side, zeros on the side that lacks it', () => {
    expect(rows.map((r) => `${r.name} ${PRESENCE[r.presence]}`)).toEqual([
      'connect A',
      'recvmsg B',
      'sendmsg AB',
      'sys AB',
      'tcp_v4_connect A',
    ]);
    const send = rows.find((r) => r.name === 'sendmsg')!;
    expect(send.a).toEqual({ calls: 1, timed: 1, totalNs: 2 * US, selfNs: 2 * US, p50Ns: 2 * US, p95Ns: 2 * US });
    expect(send.b).toMatchObject({ calls: 2, totalNs: 6 * US, selfNs: 6 * US, p50Ns: 2 * US, p95Ns: 4 * US });
    const connect = rows.find((r) => r.name === 'tcp_v4_connect')!;
    expect(connect.b).toMatchObject({ calls: 0, totalNs: 0, selfNs: 0 });
    expect(connect.b.p50Ns).toBeNaN();
  });

  test('change: absolute and ratio, a new function is an infinite ratio', () => {
    const send = rows.find((r) => r.name === 'sendmsg')!;
    expect(rowChange(send, 'total', { a: 1, b: 1 })).toEqual({ a: 2 * US, b: 6 * US, delta: 4 * US, ratio: 3 });
    expect(rowChange(send, 'total', { a: 1, b: 0.5 }).ratio).toBe(1.5);
    expect(rowChange(rows.find((r) => r.name === 'recvmsg')!, 'calls', { a: 1, b: 1 }).ratio).toBe(Infinity);
  });

  test('a side whose figures are unknown (per call of a root it never calls) gives no ratio, not "new in B"', () => {
    // B never calls tcp_v4_connect: B's factor is NaN. recvmsg is only in B (A's figure 0).
    const f = normalisationFactors(mergeSides(side(A_DSL), side(B_DSL)), { kind: 'perCall', root: 'tcp_v4_connect' }, 'calls');
    const recv = rowChange(rows.find((r) => r.name === 'recvmsg')!, 'calls', f);
    expect(recv.a).toBe(0);
    expect(recv.b).toBeNaN();
    expect(recv.ratio).toBeNaN();
    expect(rowChange(rows.find((r) => r.name === 'sendmsg')!, 'calls', f).ratio).toBeNaN();
  });

  test('filters: presence, and changed by more than N %', () => {
    const names = (f: Parameters<typeof selectComparedRows>[1], q: 'self' | 'total' | 'calls' = 'total') =>
      selectComparedRows(rows, f, q, { a: 1, b: 1 }).map((r) => r.name);
    expect(names({ presence: [Presence.OnlyA] })).toEqual(['connect', 'tcp_v4_connect']);
    expect(names({ presence: [Presence.OnlyB] })).toEqual(['recvmsg']);
    expect(names({ presence: [Presence.Both] })).toEqual(['sendmsg', 'sys']);
    // sys total 10 → 12 µs is +20 %; sendmsg 2 → 6 µs is +200 %; one-sided rows changed by any N.
    expect(names({ presence: [Presence.Both], minChangePercent: 19 })).toEqual(['sendmsg', 'sys']);
    expect(names({ presence: [Presence.Both], minChangePercent: 20 })).toEqual(['sendmsg']);
    // New in B: more than any N; gone from B: -100 %.
    expect(names({ minChangePercent: 1000 })).toEqual(['recvmsg']);
    expect(names({ minChangePercent: 99 })).toEqual(['connect', 'recvmsg', 'sendmsg', 'tcp_v4_connect']);
  });
});

describe('differential folded lines', () => {
  test('path countA countB, self ns, paths without tasks', () => {
    expect([...diffFoldedLines(mergeSides(side(A_DSL), side(B_DSL)))]).toEqual([
      'sys 3000 5000',
      'sys;connect 2000 0',
      'sys;connect;tcp_v4_connect 3000 0',
      'sys;recvmsg 0 1000',
      'sys;sendmsg 2000 6000',
    ]);
  });

  // a ran 10 µs on CPU 0 (task curl-1); its child c was entered after the task moved to
  // CPU 1. Under --cpu-a 0, a is in view whole (the CPU filter keeps the calls entered on
  // it, whole) and c is not: cli export --format folded --cpu 0 gives `a 8000` (10 less
  // b's 2) and the JSON a's totalNs 10000, as difffolded.pl over the two sides' folded
  // files would; the self times gave 5000, so flamegraph.pl drew a 7 µs wide where it
  // took 10, and B scaled to A's total summed to 7 µs where A's roots total 10.
  const MIGRATED = `
curl-1 0 0  | a {
curl-1 0 1  |   b 2
curl-1 1 4  |   c 3
curl-1 1 10 | } 10
`;

  test('a call a filter keeps whole counts whole: its children left out are its own time, as in its folded lines', () => {
    const lines = [...diffFoldedLines(mergeSides(side(MIGRATED, { cpus: [0] }), side(MIGRATED)))];
    expect(lines).toEqual(['a 8000 5000', 'a;b 2000 2000', 'a;c 0 3000']);
  });

  test('B scaled to A by the roots\' totals sums to A, under a filter that leaves children out', () => {
    const merged = mergeSides(side(MIGRATED), side(MIGRATED, { cpus: [0] }));
    const factors = normalisationFactors(merged, { kind: 'scaled' }, 'self');
    const sums = { a: 0, b: 0 };
    for (const line of diffFoldedLines(merged, factors)) {
      const [, a, b] = line.split(' ');
      sums.a += Number(a);
      sums.b += Number(b);
    }
    // Both sides' roots took 10 µs (a, kept whole on B): scaled by 1, each sums to 10 µs.
    expect(factors.b).toBe(1);
    expect(sums).toEqual({ a: 10000, b: 10000 });
  });
});
