/**
 * The facts of a model computed on first ask and kept by the returned object only (nothing
 * at module level): for a one-shot run such as a CLI command, where DerivedData's budget
 * and eviction have nothing to do. (Tests use test-utils/fresh-facts.ts, the same idea.)
 */
import type { TraceModel } from '../model/tables';
import { computeCallTimes, computeCallTopology, computeTaskTimeline, type CallTimes, type CallTopology, type TaskTimeline } from './call-extent';
import { computeNameRanks } from './call-tree';
import { computeChildrenFit } from './flame-graph';
import type { ModelFacts } from './model-facts';
import { computeLowerNames, computeSweepIndex, type SweepIndex } from './search';

export function lazyFacts(model: TraceModel): ModelFacts {
  let topology: CallTopology | undefined;
  let times: CallTimes | undefined;
  let timeline: TaskTimeline | undefined;
  let ranks: Uint32Array | undefined;
  let lower: string[] | undefined;
  let sweep: SweepIndex | undefined;
  let fit: boolean | undefined;
  const facts: ModelFacts = {
    model,
    topology: () => (topology ??= computeCallTopology(model.calls)),
    times: () => (times ??= computeCallTimes(model, facts.topology())),
    taskTimeline: () => (timeline ??= computeTaskTimeline(model, facts.topology(), facts.times())),
    nameRanks: () => (ranks ??= computeNameRanks(model.strings)),
    lowerNames: () => (lower ??= computeLowerNames(model.strings)),
    sweepIndex: () => (sweep ??= computeSweepIndex(model.calls, facts.topology())),
    childrenFit: () => (fit ??= computeChildrenFit(model.calls)),
  };
  return facts;
}
