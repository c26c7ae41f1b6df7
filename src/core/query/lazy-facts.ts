/**
 * The facts of a model for a single use (a test, one command-line run): each computed on
 * first ask and dropped with the object. The worker keeps its own (service/derived/).
 */
import type { TraceModel } from '../model/tables';
import { computeCallTimes, computeCallTopology, computeTaskTimeline, type CallTimes, type CallTopology, type TaskTimeline } from './call-extent';
import { computeNameRanks } from './call-tree';
import { computeChildrenFit } from './flame-graph';
import { computeEnclosing, type Enclosing } from './enclosing';
import type { ModelFacts } from './model-facts';
import { computeSelfIsRest } from './self-rest';
import { computeLowerNames, computeSweepIndex, type SweepIndex } from './search';

export function lazyModelFacts(model: TraceModel): ModelFacts {
  let topology: CallTopology | undefined;
  let times: CallTimes | undefined;
  let timeline: TaskTimeline | undefined;
  let ranks: Uint32Array | undefined;
  let lower: string[] | undefined;
  let sweep: SweepIndex | undefined;
  let fit: boolean | undefined;
  let selfRest: boolean | undefined;
  let enclosing: Enclosing | undefined;
  const facts: ModelFacts = {
    model,
    topology: () => (topology ??= computeCallTopology(model.calls)),
    times: () => (times ??= computeCallTimes(model, facts.topology())),
    taskTimeline: () => (timeline ??= computeTaskTimeline(model, facts.topology(), facts.times())),
    nameRanks: () => (ranks ??= computeNameRanks(model.strings)),
    lowerNames: () => (lower ??= computeLowerNames(model.strings)),
    sweepIndex: () => (sweep ??= computeSweepIndex(model.calls, facts.topology(), model.strings.size)),
    childrenFit: () => (fit ??= computeChildrenFit(model.calls)),
    selfIsRest: () => (selfRest ??= computeSelfIsRest(model.calls, facts.topology())),
    enclosing: () => (enclosing ??= computeEnclosing(model, facts.topology())),
  };
  return facts;
}
