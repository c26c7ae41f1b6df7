/**
 * The Hook points of one function of a model written in the test DSL (model-dsl.ts), for
 * the UI's tests, which may not run the core themselves (src/README.md import rules).
 */
import { computeHookPoints, type HookPoints } from '../core/query/hook-points';
import { freshFacts } from './fresh-facts';
import { funcId, modelFromDsl } from './model-dsl';

export function hookPointsFromDsl(dsl: string, name: string): HookPoints {
  const m = modelFromDsl(dsl);
  return computeHookPoints(freshFacts(m), funcId(m, name));
}
