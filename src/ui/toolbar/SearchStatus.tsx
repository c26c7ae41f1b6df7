/**
 * The search's result in one line, e.g. "2 calls match in 2 functions · 6.04 ms total"
 * ("Match 1 of 2 in 2 functions · …" after Enter), or "No match", or why the pattern is
 * invalid. A polite live region, so screen readers hear the count once typing settles.
 *
 * The total is the time of the OUTERMOST matching calls only (a match nested in another
 * match is inside its time already); the title says so.
 */
import { useEffect, useState } from 'react';
import { fetchSearchStatus, type SearchStatus as Status } from '../../state/search-queries';
import { useAppStore } from '../../state/store';
import { bidiIsolated } from '../../lib/bidi';
import { formatCount, formatDuration } from '../format';
import { useViewFilter } from '../use-view-filter';
import { askLater } from '../ask-later';
import type { StepPosition } from './step';

/**
 * The worker says `invalid regular expression: Invalid regular expression: /x(/: Unterminated
 * group` (its prefix, then the engine's message quoting the pattern): keep the reason only.
 */
function tidyError(error: string): string {
  const m = /^invalid regular expression: Invalid regular expression: \/.*\/[a-z]*: (.+)$/is.exec(error);
  return m ? `Invalid regular expression: ${m[1]}` : error;
}

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The names a regular expression was not run on (too long: core search.ts MAX_REGEX_NAME_CHARS), said after the count. */
const unsearched = (n: number): string => (n > 0 ? ` · ${plural(n, 'name', 'names')} over 1,024 characters not searched by a regex` : '');

export interface SearchStatusProps {
  id: string;
  /** Why the typed pattern is invalid (it was not applied). */
  error: string | null;
  /** Where the last Enter / Shift+Enter landed, for "match i of n". */
  step: StepPosition | null;
}

export function SearchStatus({ id, error, step }: SearchStatusProps) {
  const search = useAppStore((s) => s.explore.search);
  const filter = useViewFilter();
  const info = useAppStore((s) => s.session.traceId);
  const [status, setStatus] = useState<Status | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (search.trim() === '') {
      setStatus(null);
      setFailed(null);
      return;
    }
    let live = true;
    // After the views' questions of this commit (ask-later.ts): the toolbar's effects run
    // before the view's, and this count kept the flame graph's highlights waiting.
    const cancel = askLater(() => {
      void fetchSearchStatus(filter, search).then(
        (answer) => {
          if (!live || !answer || answer.pattern !== search) return;
          setStatus(answer);
          setFailed(null);
        },
        (err: unknown) => {
          if (live) setFailed(`Search failed: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
    });
    return () => {
      live = false;
      cancel();
    };
  }, [search, filter, info]);

  let text = '';
  let title: string | undefined;
  let tone = '';
  if (error) {
    text = tidyError(error);
    title = error;
    tone = 'error';
  } else if (failed) {
    text = failed;
    tone = 'error';
  } else if (search.trim() !== '' && status) {
    if (!status.ok) {
      text = tidyError(status.error);
      tone = 'error';
    } else if (status.calls === 0) {
      text = 'No match' + unsearched(status.longNamesUnsearched);
      tone = 'none';
    } else {
      // NaN: no matching call has a duration (the worker says why: untimedReason), so no time is known.
      const untimed = Number.isNaN(status.totalNs);
      const where = `in ${plural(status.functions, 'function', 'functions')} · ${untimed ? 'no time in the trace' : `${formatDuration(status.totalNs)} total`}`;
      // After Enter / Shift+Enter the position leads ("Match 3 of 12"): it is what changes.
      text =
        step && step.pattern === search && step.index >= 0
          ? `Match ${formatCount(step.index + 1)} of ${formatCount(step.count)}${step.wrapped ? ' (wrapped)' : ''} ${where}`
          : `${plural(status.calls, 'call matches', 'calls match')} ${where}`;
      text += unsearched(status.longNamesUnsearched);
      const more = status.functions > status.names.length ? `, … (${formatCount(status.functions)} in all)` : '';
      title =
        (untimed
          ? `Total: none of the matching calls has a duration in the trace (${status.untimedReason}).`
          : `Total: time of the outermost matching calls (${plural(status.outermostCalls, 'call', 'calls')}); ` +
            'matches nested inside them are part of that time.') + `\nFunctions: ${status.names.map(bidiIsolated).join(', ')}${more}`;
    }
  }

  return (
    <span id={id} className={`search-status ${tone}`} role="status" aria-live="polite" title={title}>
      {text}
    </span>
  );
}
