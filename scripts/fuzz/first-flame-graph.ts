/**
 * The property first-flame-graph: the flame graph a fresh DerivedData answers after a load
 * (from the lazy opening tree where it applies: DerivedData.lazyTopDown) is the whole
 * tree's, to the bit, with and without task roots: the opening question (a 1,200 px canvas's
 * detail) and, on cases up to FULL_LAYOUT_MAX_CALLS calls, every frame (minWidth 0).
 */
import type { TraceModel } from '../../src/core/model/tables';
import { DerivedData } from '../../src/service/derived/derived-data';
import { flameGraphFrames, type FlameGraphRequest } from '../../src/service/queries/flame-graph';
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
  }
  return failures;
}
