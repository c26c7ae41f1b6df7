/**
 * Test code: the models the reference tests (`*-reference.test.ts`) run on, loaded once
 * per test file: real traces of every shape in test/traces, and hand-made tables
 * (test-utils/reference/queries.ts) that the loader does not produce.
 */
import { CallTable } from '../../core/model/call-table';
import type { TraceModel } from '../../core/model/tables';
import { loadBytes, traceBytes } from '../traces';
import { filterMask, type CallMask } from '../../core/query/filter';
import { ADOPTION_ROWS, modelWithCalls, ODD_ROWS, REFERENCE_TRACES } from './queries';
import { modelFromDsl } from '../model-dsl';
import { freshFacts } from '../fresh-facts';

const loaded = new Map<string, TraceModel>();

function cached(name: string, make: () => TraceModel): () => TraceModel {
  return () => {
    let m = loaded.get(name);
    if (!m) loaded.set(name, (m = make()));
    return m;
  };
}

const TWO_TASKS = `
a-1 0 0 | x 1
b-2 1 5 | x 1
`;

/** The same model with a copy of its call table whose starts are all unknown. */
function withoutStarts(model: TraceModel): TraceModel {
  const c = model.calls;
  const copy = new CallTable(c.length);
  for (let i = 0; i < c.length; i++) copy.add(c.func[i], c.parent[i], c.task[i], c.depth[i], c.cpu[i], Number.NaN, c.flags[i]);
  copy.duration.set(c.duration.subarray(0, c.length));
  copy.self.set(c.self.subarray(0, c.length));
  return { ...model, calls: copy, hasTimestamps: false };
}

/** [name, model] of every reference model. */
export const REFERENCE_MODELS: [string, () => TraceModel][] = [
  ...REFERENCE_TRACES.map((name): [string, () => TraceModel] => [name, cached(name, () => loadBytes(traceBytes(name)))]),
  ['hand-made: adoption, unclosed, no start', cached('adoption', () => modelWithCalls(modelFromDsl(TWO_TASKS), ADOPTION_ROWS))],
  ['hand-made: also a self parent and a cycle', cached('odd', () => modelWithCalls(modelFromDsl(TWO_TASKS), ODD_ROWS))],
  ['seed trace without starts', cached('seed-no-starts', () => withoutStarts(loadBytes(traceBytes(REFERENCE_TRACES[0]))))],
];

/** Masks of several shapes: none, a task, every third call out, syscalls only, a time range. */
export function referenceMasks(model: TraceModel): [string, CallMask | undefined][] {
  const n = model.calls.length;
  const facts = freshFacts(model);
  const thirds = new Uint8Array(n);
  for (let i = 0; i < n; i++) thirds[i] = i % 3 === 1 ? 0 : 1;
  const out: [string, CallMask | undefined][] = [
    ['no mask', undefined],
    ['first task', filterMask(facts, { tasks: [0] })],
    ['every third call out', thirds],
    ['syscalls only', filterMask(facts, { syscallsOnly: true })],
  ];
  if (model.hasTimestamps && n > 0) {
    let t0 = Number.POSITIVE_INFINITY;
    let t1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const s = model.calls.start[i];
      if (s < t0) t0 = s;
      if (s > t1) t1 = s;
    }
    if (t1 > t0) out.push(['middle third of the time', filterMask(facts, { range: [t0 + (t1 - t0) / 3, t0 + (2 * (t1 - t0)) / 3] })]);
  }
  return out;
}

/** Index of the first difference of two number sequences (Object.is), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (i >= a.length || i >= b.length || !Object.is(a[i], b[i])) return i;
  return -1;
}
