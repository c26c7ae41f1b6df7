/** Test helpers: view caches over the real seed trace and over small DSL models. */
import { modelFromDsl, withoutUnclosedDurations } from '../../core/query/test-model';
import { loadBytes, traceBytes } from '../../core/test-support/traces';
import { ViewCache, type TreeKey } from '../view-cache';

let seedViews: ViewCache | undefined;

/** The seed trace (curl, function_graph), loaded once per test file. */
export function seed(): ViewCache {
  if (!seedViews) {
    seedViews = new ViewCache();
    seedViews.reset(loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz')));
  }
  return seedViews;
}

/** A fresh view cache over a model written in the test DSL (core/query/test-model.ts). */
export function dsl(text: string): ViewCache {
  const v = new ViewCache();
  v.reset(modelFromDsl(text));
  return v;
}

/** dsl(), with no duration for the calls that did not return (test-model.ts withoutUnclosedDurations). */
export function dslWithoutUnclosedDurations(text: string): ViewCache {
  const v = new ViewCache();
  v.reset(withoutUnclosedDurations(modelFromDsl(text)));
  return v;
}

export const grouped: TreeKey = { filter: {}, inverted: false, groupByTask: true };
export const merged: TreeKey = { filter: {}, inverted: false, groupByTask: false };
export const invertedKey: TreeKey = { filter: {}, inverted: true, groupByTask: false };
