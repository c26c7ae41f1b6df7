/** The facts of a model for one test: each computed on first ask, dropped with the object. */
import type { TraceModel } from '../core/model/tables';
import { lazyModelFacts } from '../core/query/lazy-facts';
import type { ModelFacts } from '../core/query/model-facts';

export function freshFacts(model: TraceModel): ModelFacts {
  return lazyModelFacts(model);
}
