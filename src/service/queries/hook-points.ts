/**
 * The Hook points panel's questions: the facts of one function under the view filter
 * (core/query/hook-points.ts), and the functions under a frame ranked as hook candidates.
 * Answers are small plain objects; a function the trace does not have answers null.
 */
import type { ViewFilter } from '../../core/query/filter';
import { computeHookCandidates, computeHookPoints, type HookCandidate, type HookPoints } from '../../core/query/hook-points';
import type { DerivedData } from '../derived/derived-data';

export type { HookCandidate, HookPoints };

/** Candidates beyond this many are cut (the panel lists the best; `total` says how many there were). */
export const MAX_HOOK_CANDIDATES = 200;

export interface HookCandidateList {
  frame: string;
  rows: HookCandidate[];
  total: number;
}

export function hookPointsOf(derived: DerivedData, filter: ViewFilter, name: string): HookPoints | null {
  const func = derived.model.strings.find(name);
  if (func === undefined) return null;
  return computeHookPoints(derived, func, derived.mask(filter));
}

export function hookCandidatesOf(derived: DerivedData, filter: ViewFilter, frame: string): HookCandidateList | null {
  const func = derived.model.strings.find(frame);
  if (func === undefined) return null;
  const rows = computeHookCandidates(derived, func, { mask: derived.mask(filter) });
  return { frame, rows: rows.slice(0, MAX_HOOK_CANDIDATES), total: rows.length };
}
