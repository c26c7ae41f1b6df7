/**
 * The one object that keeps what is derived from a model: it memoizes (a second ask gives
 * the same answer object), evicts beyond its byte budget (least recently used first, the
 * facts every view needs pinned), keeps two models apart, and frees everything when the
 * model is dropped (nothing is cached at module level any more).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { computeCallTopology } from '../../core/query/call-extent';
import { freshFacts } from '../../test-utils/fresh-facts';
import { buildCallTree, type CallTree } from '../../core/query/call-tree';
import { searchFunctions, type SearchResult } from '../../core/query/search';
import { formatTree, modelFromDsl, reportFromDsl, SAMPLE_DSL } from '../../test-utils/model-dsl';
import { REFERENCE_MODELS } from '../../test-utils/reference/models';
import { TraceService } from '../trace-service';
import { DerivedData, type TreeKey } from './derived-data';

const GROUPED: TreeKey = { filter: {}, inverted: false, groupByTask: true };
const OTHER_DSL = `
a-7 0 0  | outer {
a-7 0 1  |   inner 3
a-7 0 9  | } 9 outer
`;

describe('DerivedData memoizes', () => {
  const d = new DerivedData(modelFromDsl(SAMPLE_DSL));

  it('gives the same answer object on a second ask', () => {
    expect(d.topology()).toBe(d.topology());
    expect(d.times()).toBe(d.times());
    expect(d.taskTimeline()).toBe(d.taskTimeline());
    expect(d.nameRanks()).toBe(d.nameRanks());
    expect(d.mask({ tasks: [1] })).toBe(d.mask({ tasks: [1] }));
    expect(d.tree(GROUPED)).toBe(d.tree(GROUPED));
    expect(d.inverted(GROUPED)).toBe(d.inverted(GROUPED));
    expect(d.layoutWidths(GROUPED)).toBe(d.layoutWidths(GROUPED));
    expect(d.untimed(GROUPED)).toBe(d.untimed(GROUPED));
    expect(d.search({}, 'write')).toBe(d.search({}, 'write'));
    let runs = 0;
    const kept = () => d.keep('test', 'k', () => (runs++, { answer: 42 }), () => 8);
    expect(kept()).toBe(kept());
    expect(runs).toBe(1);
  });

  it('equal filters share an answer whatever the order of their lists', () => {
    expect(d.mask({ tasks: [1, 0] })).toBe(d.mask({ tasks: [0, 1] }));
  });

  it('its answers are those of the pure core functions', () => {
    const fresh = freshFacts(d.model);
    expect(formatTree(d.tree(GROUPED))).toEqual(formatTree(buildCallTree(fresh, { groupByTask: true })));
    const want = searchFunctions(fresh, 'f') as SearchResult;
    const got = d.search({}, 'f') as SearchResult;
    expect([got.calls, got.totalNs, got.outermostCalls]).toEqual([want.calls, want.totalNs, want.outermostCalls]);
  });

  it('a topology built ahead in steps is finished by the first query that needs it', () => {
    const m = REFERENCE_MODELS[1][1]();
    const ahead = new DerivedData(m);
    expect(ahead.advanceTopology(Math.floor(m.calls.length / 2))).toBe(false);
    const got = ahead.topology();
    expect(Array.from(got.order)).toEqual(Array.from(computeCallTopology(m.calls).order));
    expect(ahead.advanceTopology(1)).toBe(true);
    expect(ahead.topology()).toBe(got);
  });

  it('a tree built ahead is the one the query gets', () => {
    const m = modelFromDsl(SAMPLE_DSL);
    const ahead = new DerivedData(m);
    let steps = 0;
    while (!ahead.buildAhead(GROUPED, 2)) steps++;
    expect(steps).toBeGreaterThan(1);
    const tree = ahead.tree(GROUPED);
    expect(ahead.buildAhead(GROUPED, 2)).toBe(true);
    expect(ahead.tree(GROUPED)).toBe(tree);
    expect(formatTree(tree)).toEqual(formatTree(buildCallTree(freshFacts(m), { groupByTask: true })));
  });
});

describe('DerivedData evicts beyond its budget', () => {
  const model = modelFromDsl(SAMPLE_DSL);
  const byTask = (t: number): TreeKey => ({ filter: { tasks: [t] }, inverted: false, groupByTask: false });

  it('drops the least recently used answers, keeps the pinned facts, and remakes an answer equal to the first', () => {
    // Room for about two small trees with their masks.
    const d = new DerivedData(model, 2 * (model.calls.length * 5 + 36 * 8));
    const topology = d.topology();
    const first = d.tree(byTask(0)) as CallTree;
    const rows = formatTree(first);
    d.tree(byTask(1));
    d.tree({ ...byTask(1), groupByTask: true });
    d.tree({ filter: { tasks: [0, 1] }, inverted: false, groupByTask: true });
    expect(d.stats().evictions).toBeGreaterThan(0);
    expect(d.stats().bytes).toBeLessThanOrEqual(2 * (model.calls.length * 5 + 36 * 8));
    const again = d.tree(byTask(0));
    expect(again).not.toBe(first);
    expect(formatTree(again)).toEqual(rows);
    expect(d.topology()).toBe(topology);
  });

  it("a view's tree larger than the budget stays while the page's questions read it", () => {
    const d = new DerivedData(model, 1);
    d.newQuestion();
    const tree = d.tree(byTask(0));
    d.newQuestion(); // another question stores another answer
    d.tree(byTask(1));
    d.newQuestion();
    expect(d.tree(byTask(0))).toBe(tree);
    // Not asked for two questions: it goes at the next answer stored.
    d.newQuestion();
    d.newQuestion();
    d.tree({ ...byTask(1), groupByTask: true });
    expect(d.tree(byTask(0))).not.toBe(tree);
  });

  it('the service counts each question the page asks (userActive, before each)', async () => {
    const service = new TraceService();
    await service.loadText(reportFromDsl(SAMPLE_DSL));
    const d = service.derived();
    let counted = 0;
    d.newQuestion = () => void counted++;
    service.userActive();
    service.userActive();
    expect(counted).toBe(2);
  });

  it('with room to spare nothing is evicted', () => {
    const d = new DerivedData(model);
    const first = d.tree(byTask(0));
    for (let t = 0; t < 2; t++) for (const groupByTask of [false, true]) d.tree({ ...byTask(t), groupByTask });
    expect(d.tree(byTask(0))).toBe(first);
    expect(d.stats().evictions).toBe(0);
  });
});

describe('two models', () => {
  it("a second model's answers are independent of the first", () => {
    const a = new DerivedData(modelFromDsl(SAMPLE_DSL));
    const b = new DerivedData(modelFromDsl(OTHER_DSL));
    const treeA = formatTree(a.tree(GROUPED));
    const treeB = formatTree(b.tree(GROUPED));
    expect(treeB).not.toEqual(treeA);
    expect(treeB[0]).toContain('a-7');
    // Asking B again, or asking A after B, changes nothing in the other.
    expect(formatTree(a.tree(GROUPED))).toEqual(treeA);
    expect((b.search({}, 'inner') as SearchResult).calls).toBe(1);
    expect((a.search({}, 'inner') as SearchResult).calls).toBe(0);
    // Even the same text loaded twice gives two sets of answers.
    const a2 = new DerivedData(modelFromDsl(SAMPLE_DSL));
    expect(a2.tree(GROUPED)).not.toBe(a.tree(GROUPED));
    expect(formatTree(a2.tree(GROUPED))).toEqual(treeA);
  });
});

describe('dropping a model', () => {
  /** The garbage collector of this process (Node: turned on for the test). */
  const collect = (): (() => void) => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  };

  /** Loads the sample and asks for a few answers; only weak references to them come back. */
  async function loadSample(service: TraceService): Promise<{ refs: WeakRef<object>[]; rows: string[] }> {
    await service.loadText(reportFromDsl(SAMPLE_DSL));
    const d = service.derived();
    const refs = [new WeakRef(d), new WeakRef(d.tree(GROUPED)), new WeakRef(d.topology()), new WeakRef(d.search({}, 'f'))];
    return { refs, rows: formatTree(d.tree(GROUPED)) };
  }

  it('frees everything derived from it: nothing else holds its answers', async () => {
    const gc = collect();
    const service = new TraceService();
    const { refs, rows } = await loadSample(service);
    const firstDerived = refs[0];
    await service.loadText(reportFromDsl(OTHER_DSL));
    expect(service.derived()).not.toBe(firstDerived.deref());
    expect(formatTree(service.derived().tree(GROUPED))).not.toEqual(rows);
    // Let the build-ahead tasks of both loads end (they stop once their model is replaced).
    for (let i = 0; i < 50 && refs.some((r) => r.deref() !== undefined); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      gc();
    }
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true, true]);
  });
});
