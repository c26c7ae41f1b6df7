/**
 * The search box's status line: how many calls in view match the pattern, in how many
 * functions, and their time. The hits themselves stay in the worker (DerivedData.search):
 * the views that show or step through them (flame graph marks, call tree Enter /
 * Shift+Enter) ask their own questions against the same kept result. Also the functions
 * a pattern matches, which the flame views colour.
 */
import { untimedReason } from '../../core/export/empty-export';
import type { ViewFilter } from '../../core/query/filter';
import { longNamesUnsearched, matchingFunctions, parseSearchPattern, type SearchError, type SearchResult } from '../../core/query/search';
import type { DerivedData } from '../derived/derived-data';

/** Up to this many matching function names come back (for the status tooltip). */
const SEARCH_STATUS_NAMES = 20;

export type SearchStatus =
  | {
      ok: true;
      /** The pattern this answers (so the main side can drop a stale answer). */
      pattern: string;
      /** Matching calls in view, nested ones included. */
      calls: number;
      /**
       * Distinct functions with at least one matching call in view. Not the number of
       * matching NAMES: a name whose calls the filter hides does not count.
       */
      functions: number;
      /**
       * Summed duration of the outermost matching calls (nested matches are inside it); NaN
       * when calls match but none of them has a duration in the trace (the function tracer
       * records none): their time is unknown, not 0, as the functions table says.
       */
      totalNs: number;
      /**
       * When totalNs is NaN, why the matching calls have no duration, in words (core
       * empty-export.ts untimedReason: the function tracer, or function_graph text with
       * funcgraph-duration off); '' otherwise.
       */
      untimedReason: string;
      /** How many matching calls are outermost. */
      outermostCalls: number;
      /** The first SEARCH_STATUS_NAMES matching functions with calls in view, by most calls. */
      names: string[];
      /** Names a regular expression was not tested on, too long (core search.ts MAX_REGEX_NAME_CHARS); 0 for a substring. */
      longNamesUnsearched: number;
    }
  | { ok: false; pattern: string; error: string };

/** Counts the matches of `pattern` under `filter`. An empty pattern matches nothing. */
export function searchStatus(derived: DerivedData, filter: ViewFilter, pattern: string): SearchStatus {
  return searchStatusOf(derived, filter, pattern, derived.search(filter, pattern));
}

/** The status of a search of `pattern` under `filter` whose result is at hand (swept in steps). */
export function searchStatusOf(derived: DerivedData, filter: ViewFilter, pattern: string, result: SearchResult | SearchError): SearchStatus {
  if (!result.ok) return { ok: false, pattern, error: result.error };
  const model = derived.model;
  // Calls per matching function with calls in view (counted by the search itself).
  const perFunc = new Map<number, number>();
  for (const f of result.funcs) if (result.callsPerFunc[f] > 0) perFunc.set(f, result.callsPerFunc[f]);
  const names = [...perFunc]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, SEARCH_STATUS_NAMES)
    .map(([f]) => model.strings.get(f));
  const untimed = result.calls > 0 && result.timedOutermostCalls === 0;
  return {
    ok: true,
    pattern,
    calls: result.calls,
    functions: perFunc.size,
    totalNs: untimed ? Number.NaN : result.totalNs,
    untimedReason: untimed ? untimedReason(model.calls, derived.mask(filter)) : '',
    outermostCalls: result.outermostCalls,
    names,
    longNamesUnsearched: isRegex(pattern) ? longNamesUnsearched(model.strings) : 0,
  };
}

function isRegex(pattern: string): boolean {
  const parsed = parseSearchPattern(pattern);
  return parsed.ok && parsed.regex;
}

/** Function ids whose names match the search pattern (empty for no pattern or a bad regex). */
export function matchedFuncs(derived: DerivedData, _filter: ViewFilter, pattern: string): Int32Array {
  if (pattern.trim() === '') return new Int32Array(0);
  // Only the names are needed to colour frames: no pass over the calls (the filter does not
  // change which names match, only which frames are drawn).
  const parsed = parseSearchPattern(pattern);
  if (!parsed.ok) return new Int32Array(0);
  const match = matchingFunctions(derived.model.strings, parsed, derived.lowerNames());
  const out: number[] = [];
  for (let f = 0; f < match.length; f++) if (match[f]) out.push(f);
  return Int32Array.from(out);
}
