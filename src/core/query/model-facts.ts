/**
 * The facts about a model that queries read besides its tables: the call topology, the
 * call times, each task's calls in time order, the name ranks, the lower-cased names, the
 * search's sweep index, whether children fit in their parents. Each is computed by a pure
 * `compute…` function of its module; nothing here or there is cached at module level.
 *
 * A query takes a `ModelFacts` and asks it for what it needs. The worker passes the
 * derived-data object of the loaded model (service/derived-data.ts), which computes each
 * fact once and keeps it; a single use (the CLI, a test) passes `freshFacts(model)`, which
 * computes each on first ask and is dropped with it.
 */
import type { TraceModel } from '../model/tables';
import {
  computeCallTimes,
  computeCallTopology,
  computeTaskTimeline,
  type CallTimes,
  type CallTopology,
  type TaskTimeline,
} from './call-extent';
import { computeNameRanks } from './call-tree';
import { computeChildrenFit } from './flame-graph';
import { computeLowerNames, computeSweepIndex, type SweepIndex } from './search';

export interface ModelFacts {
  readonly model: TraceModel;
  topology(): CallTopology;
  times(): CallTimes;
  taskTimeline(): TaskTimeline;
  nameRanks(): Uint32Array;
  lowerNames(): readonly string[];
  sweepIndex(): SweepIndex;
  childrenFit(): boolean;
}

/** Facts of `model` computed on first ask, for one use: the caller drops them with the object. */
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
