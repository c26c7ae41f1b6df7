/** The facts of a model for one test: each computed on first ask, dropped with the object. */
import type { TraceModel } from '../core/model/tables';
import {
  computeCallTimes,
  computeCallTopology,
  computeTaskTimeline,
  type CallTimes,
  type CallTopology,
  type TaskTimeline,
} from '../core/query/call-extent';
import { computeNameRanks } from '../core/query/call-tree';
import { computeChildrenFit } from '../core/query/flame-graph';
import type { ModelFacts } from '../core/query/model-facts';
import { computeLowerNames, computeSweepIndex, type SweepIndex } from '../core/query/search';

export function freshFacts(model: TraceModel): ModelFacts {
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
