/**
 * CallTree.callNode of a tree without a mask is found after the build (the build keeps a
 * stack of the open ancestors, not a column): against the plain definition, on a parent
 * with more children than a short scan covers, merged and grouped by task.
 */
import { describe, expect, test } from 'vitest';
import { buildCallTree, CallTreeBuild } from './call-tree';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl } from '../../test-utils/model-dsl';
import { taskLabel, type TraceModel } from '../model/tables';
import { REFERENCE_MODELS } from '../../test-utils/reference/models';

/** Two tasks; `a` has 10 different children, called twice each, and `b` under `a` a child of its own. */
function wideModel(): TraceModel {
  const lines: string[] = [];
  let t = 0;
  for (const task of ['x-1', 'y-2']) {
    for (let round = 0; round < 2; round++) {
      lines.push(`${task} 0 ${t++} | a {`);
      for (let c = 0; c < 10; c++) {
        if (c === 3) {
          lines.push(`${task} 0 ${t++} |   b {`, `${task} 0 ${t++} |     leaf 1`, `${task} 0 ${t++} |   } 2`);
        } else lines.push(`${task} 0 ${t++} |   f${c} 1`);
      }
      lines.push(`${task} 0 ${t++} | } 30`);
    }
  }
  return modelFromDsl(lines.join('\n'));
}

describe('callNode of a tree without a mask', () => {
  for (const groupByTask of [false, true]) {
    test(`every call's node has its function, under its parent's node (groupByTask ${groupByTask})`, () => {
      const model = wideModel();
      const { parent, func, task, length: n } = model.calls;
      const tree = buildCallTree(freshFacts(model), { groupByTask });
      const callNode = tree.callNode;
      expect(callNode.length).toBe(n);
      for (let i = 0; i < n; i++) {
        const node = callNode[i];
        expect(tree.func[node]).toBe(func[i]);
        const p = parent[i];
        const up = tree.parent[node];
        if (p >= 0) expect(up).toBe(callNode[p]);
        else if (groupByTask) expect(tree.name(up)).toBe(taskLabel(model.tasks[task[i]]));
        else expect(up).toBe(-1);
      }
      // Each node's calls are as many as the calls that map to it.
      const counted = new Float64Array(tree.length);
      for (let i = 0; i < n; i++) counted[callNode[i]]++;
      for (let k = 0; k < tree.length; k++) if (tree.func[k] >= 0) expect(counted[k]).toBe(tree.calls[k]);
    });
  }

  test('a build in steps finds the same nodes as one in one go', () => {
    const model = wideModel();
    const whole = buildCallTree(freshFacts(model), { groupByTask: true });
    const build = new CallTreeBuild(freshFacts(model), { groupByTask: true });
    while (!build.advance(3)) {
      /* a few calls at a time */
    }
    expect(Array.from(build.finish().callNode)).toEqual(Array.from(whole.callNode));
  });

  test('nodeOfCall, asked before callNode is known, is callNode of that call (every reference model)', () => {
    const models: [string, TraceModel][] = [['wide', wideModel()], ...REFERENCE_MODELS.map(([name, make]): [string, TraceModel] => [name, make()])];
    for (const [name, model] of models) {
      for (const groupByTask of [false, true]) {
        const facts = freshFacts(model);
        const lazy = buildCallTree(facts, { groupByTask });
        const n = model.calls.length;
        // Every call of a small model; a spread of calls of a big one (each lookup starts afresh).
        const step = Math.max(1, Math.floor(n / 2000));
        const picked: number[] = [];
        for (let i = 0; i < n; i += step) picked.push(i);
        if (n > 0) picked.push(n - 1);
        const one = picked.map((i) => lazy.nodeOfCall(i));
        expect(lazy.nodeOfCall(-1)).toBe(-1);
        expect(lazy.nodeOfCall(n)).toBe(-1);
        let bad = -1;
        const all = buildCallTree(facts, { groupByTask }).callNode;
        for (let j = 0; j < picked.length && bad < 0; j++) if (one[j] !== all[picked[j]]) bad = picked[j];
        expect(bad, `${name} groupByTask ${groupByTask}`).toBe(-1);
      }
    }
  });
});
