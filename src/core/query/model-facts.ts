/**
 * The facts about a model that queries read besides its tables: the call topology, the
 * call times, each task's calls in time order, the name ranks, the lower-cased names, the
 * search's sweep index, whether children fit in their parents, whether self times are the
 * rest of the durations, where each call is entered from. Each is computed by a pure
 * `compute…` function of its module; nothing here or there is cached at module level.
 *
 * A query takes a `ModelFacts` and asks it for what it needs. The worker passes the
 * derived-data object of the loaded model (service/derived/derived-data.ts), which computes
 * each fact once and keeps it; a test passes `freshFacts(model)` (test-utils/fresh-facts.ts),
 * which computes each on first ask and is dropped with it.
 */
import type { TraceModel } from '../model/tables';
import type { CallTimes, CallTopology, TaskTimeline } from './call-extent';
import type { Enclosing } from './enclosing';
import type { SweepIndex } from './search';

export interface ModelFacts {
  readonly model: TraceModel;
  topology(): CallTopology;
  times(): CallTimes;
  taskTimeline(): TaskTimeline;
  nameRanks(): Uint32Array;
  lowerNames(): readonly string[];
  sweepIndex(): SweepIndex;
  childrenFit(): boolean;
  /** computeSelfIsRest (self-rest.ts). */
  selfIsRest(): boolean;
  /** computeEnclosing (enclosing.ts): every call's entry, what the hook candidates read. */
  enclosing(): Enclosing;
}
