/** Test helpers: the derived data of the real seed trace and of small DSL models, for the service's queries. */
import { modelFromDsl, withoutUnclosedDurations } from './model-dsl';
import { loadBytes, traceBytes } from './traces';
import { DerivedData, type TreeKey } from '../service/derived/derived-data';
import { functionTable, type FunctionTable } from '../service/queries/functions';
import type { ViewFilter } from '../core/query/filter';
import { summarize, type SummaryFunction } from '../core/query/summary';

let seedDerived: DerivedData | undefined;

/** The seed trace (curl, function_graph), loaded once per test file. */
export function seed(): DerivedData {
  seedDerived ??= new DerivedData(loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz')));
  return seedDerived;
}

/** The derived data of a real trace of test/traces, loaded afresh. */
export function traceDerived(name: string): DerivedData {
  return new DerivedData(loadBytes(traceBytes(name)));
}

/** The derived data of a model written in the test DSL (test-utils/model-dsl.ts). */
export function dsl(text: string): DerivedData {
  return new DerivedData(modelFromDsl(text));
}

/** dsl(), with no duration for the calls that did not return (model-dsl.ts withoutUnclosedDurations). */
export function dslWithoutUnclosedDurations(text: string): DerivedData {
  return new DerivedData(withoutUnclosedDurations(modelFromDsl(text)));
}

export const grouped: TreeKey = { filter: {}, inverted: false, groupByTask: true };
export const merged: TreeKey = { filter: {}, inverted: false, groupByTask: false };
export const invertedKey: TreeKey = { filter: {}, inverted: true, groupByTask: false };

/** The worker's functions table of `derived` under `filter` (for the UI's tests, which may not import the service). */
export function functionTableOf(derived: DerivedData, filter: ViewFilter): FunctionTable {
  return functionTable(derived, filter);
}

/** The summary's per-function rows of `derived`'s model (cli summary's; the Summary's Top functions of the whole trace show the same). */
export function summaryFunctionsOf(derived: DerivedData): SummaryFunction[] {
  return summarize(derived.model).functions;
}
