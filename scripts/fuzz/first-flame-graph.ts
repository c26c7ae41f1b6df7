/**
 * The property first-flame-graph: the flame graph a fresh DerivedData answers after a load
 * (from the lazy opening tree where it applies: DerivedData.lazyTopDown) is the whole
 * tree's, to the bit, with and without task roots: the opening question (a 1,200 px canvas's
 * detail) and, on cases up to FULL_LAYOUT_MAX_CALLS calls, every frame (minWidth 0). So are
 * the call tree's first rows (the roots and their children, untimed rows as NaN) and a few
 * calls' paths (search stepping), which read the lazy tree too.
 */
import type { TraceModel } from '../../src/core/model/tables';
import { DerivedData } from '../../src/service/derived/derived-data';
import { flameGraphFrames, type FlameGraphRequest } from '../../src/service/queries/flame-graph';
import { pathOfCall, treeLevels } from '../../src/service/queries/tree';
import { deepDifference, type Failure } from './properties';

/** Above this, only the opening question (laying out every frame twice would dominate the case). */
const FULL_LAYOUT_MAX_CALLS = 200_000;

export function checkFirstFlameGraph(model: TraceModel): Failure[] {
  const failures: Failure[] = [];
  for (const groupByTask of [true, false]) {
    const key = { filter: {}, inverted: false, groupByTask };
    const questions: FlameGraphRequest[] = [{ ...key, zoomPath: [], minWidth: 2 ** -12 }];
    if (model.calls.length <= FULL_LAYOUT_MAX_CALLS) questions.push({ ...key, zoomPath: [], minWidth: 0 });
    const fresh = new DerivedData(model);
    const whole = new DerivedData(model);
    whole.tree(key);
    for (const q of questions) {
      const where = `flame graph (task roots: ${groupByTask}, minWidth ${q.minWidth}, ${fresh.lazyTopDown(key) ? 'lazy' : 'whole'} tree)`;
      const d = deepDifference(flameGraphFrames(fresh, q), flameGraphFrames(whole, q), where);
      if (d) failures.push({ property: 'first-flame-graph', message: d });
    }
    const roots = treeLevels(whole, key, [[]]).levels[0];
    const paths = [[], ...Array.from(roots?.name.slice(0, 3) ?? [], (n) => [roots!.names[n]])];
    const rows = deepDifference(treeLevels(fresh, key, paths), treeLevels(whole, key, paths), `call tree rows (task roots: ${groupByTask})`);
    if (rows) failures.push({ property: 'first-flame-graph', message: rows });
    const n = model.calls.length;
    for (const call of [0, n >> 1, n - 1]) {
      const path = deepDifference(pathOfCall(fresh, key, call), pathOfCall(whole, key, call), `path of call ${call} (task roots: ${groupByTask})`);
      if (path) failures.push({ property: 'first-flame-graph', message: path });
    }
  }
  return failures;
}
