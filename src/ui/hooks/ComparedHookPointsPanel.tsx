/**
 * Compare mode's Hook points of explore.selectedFunction: where it is called (A, B or
 * both), both sides' figures side by side (calls, entry points with calls per entry call,
 * latency, tasks), the one-liners, and the hook candidates under it over both sides with
 * the one-sided functions marked and first. Every name is trace text, rendered as text.
 */
import { useMemo } from 'react';
import type { HookPoints } from '../../core/query/hook-points';
import { setHookCandidatesOf, useAppStore } from '../../state/store';
import { useCompareQuestion } from '../compare/use-compare-question';
import { formatCount, formatDuration, nameWithFigure } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { ComparedHookCandidates } from './ComparedHookCandidates';
import { OneLiners } from './OneLiners';
import { useComparedHookPoints } from './useComparedHookPoints';

const PRESENCE_TEXT = {
  a: 'Called in A only',
  b: 'Called in B only',
  both: 'Called in both A and B',
  neither: 'Called on neither side in view',
} as const;

/** The rows of the side-by-side table: a label and one side's figure as text. */
const FIGURES: readonly [string, (h: HookPoints) => string][] = [
  ['calls', (h) => formatCount(h.calls)],
  [
    'entry points (per entry call)',
    (h) =>
      h.entries.length === 0 && h.unnestedCalls > 0
        ? 'not in the trace (function tracer: no nesting)'
        : h.entries
            .slice(0, 4)
            .map((e) => nameWithFigure(e.name, Number.isFinite(e.perEntryCall) ? e.perEntryCall.toFixed(2) : '—'))
            .join(', ') + (h.entries.length > 4 ? ` and ${formatCount(h.entries.length - 4)} more` : ''),
  ],
  ['latency p50', (h) => formatDuration(h.latency.p50)],
  ['latency p99', (h) => formatDuration(h.latency.p99)],
  ['latency max', (h) => formatDuration(h.latency.max)],
  ['tasks', (h) => h.tasks.slice(0, 4).map((t) => nameWithFigure(t.label, formatCount(t.calls))).join(', ') + (h.taskCount > 4 ? ` and ${formatCount(h.taskCount - 4)} more` : '')],
];

export function ComparedHookPointsPanel() {
  const state = useComparedHookPoints();
  const question = useCompareQuestion();
  const compareKey = useMemo(() => ({ a: question.a, b: question.b, exactNames: question.exactNames }), [question]);
  const candidatesOf = useAppStore((s) => s.view.hookCandidatesOf);
  const candidatesAt = useAppStore((s) => s.view.hookCandidatesAt);
  if (state.status === 'none') {
    return (
      <section className="hp-panel cmp-hooks" aria-label="Hook points">
        <p className="muted">Select a function (a row of the compared views) to see where to hook it on each side.</p>
      </section>
    );
  }
  const name = state.name;
  const ready = state.status === 'ready' ? state.hooks : null;
  return (
    <section className="hp-panel cmp-hooks" aria-label="Hook points" aria-busy={state.status === 'loading'}>
      <h2 className="fd-title">
        Hook points <span className="fd-name">{name}</span> <SourceLink name={name} />
      </h2>
      {state.status === 'error' && <p className="error-text">Could not read this function: {state.message}</p>}
      {state.status === 'loading' && <p className="muted">Loading…</p>}
      {ready && (
        <>
          <p className="hp-presence" data-presence={ready.presence}>
            {PRESENCE_TEXT[ready.presence]}
          </p>
          <table className="hp-table" aria-label={`Both sides of ${name}`}>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">A</th>
                <th scope="col">B</th>
              </tr>
            </thead>
            <tbody>
              {FIGURES.map(([label, figure]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td data-col="a">{ready.a ? figure(ready.a) : '—'}</td>
                  <td data-col="b">{ready.b ? figure(ready.b) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {ready.probes && ready.probesB ? (
            <>
              <h3 className="fd-section">
                One-liners on A’s kernel (<bdi>{ready.probes.symbol ?? ready.a?.name ?? name}</bdi>)
              </h3>
              <OneLiners name={`${ready.probes.symbol ?? name} on A’s kernel`} probes={ready.probes} />
              <h3 className="fd-section">
                One-liners on B’s kernel (<bdi>{ready.probesB.symbol ?? ready.b?.name ?? name}</bdi>)
              </h3>
              <OneLiners name={`${ready.probesB.symbol ?? name} on B’s kernel`} probes={ready.probesB} />
            </>
          ) : (
            ready.probes && (
              <>
                <h3 className="fd-section">One-liners</h3>
                <OneLiners name={name} probes={ready.probes} />
              </>
            )
          )}
        </>
      )}
      <button type="button" className="button small" onClick={() => setHookCandidatesOf(candidatesOf === name ? null : name)} aria-expanded={candidatesOf === name}>
        Hook candidates under {name}
      </button>
      {candidatesOf === name && <ComparedHookCandidates frame={name} at={candidatesAt} compareKey={compareKey} />}
    </section>
  );
}
