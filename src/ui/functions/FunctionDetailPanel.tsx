/**
 * Callers & callees of explore.selectedFunction: every distinct call path that reaches it
 * (merged across tasks, heaviest first), its direct callees, and the durations of its calls
 * with a button that jumps to the slowest one in the call tree.
 */
import { useState } from 'react';
import { setActiveView, setExplore } from '../../state/store';
import type { FunctionDetail } from '../../state/tree-queries';
import { formatCount, formatDuration, unknownTimeTitle } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { useRowsInSteps } from '../use-rows-in-steps';
import { CallerPath } from './CallerPath';
import { DurationHistogram } from './DurationHistogram';
import { useFunctionDetail } from './useFunctionDetail';

/**
 * Why the panel's total is below the table's for a function that runs inside itself: the
 * table's Total adds every call, the panel's only the outermost ones (callers-callees.ts).
 */
function nestedTitle(nested: number): string | undefined {
  if (nested <= 0) return undefined;
  return `${formatCount(nested)} call${nested === 1 ? '' : 's'} ran inside another call of this function (recursion, or an interrupt that ran it again): their time is already in the outer call's, so it is counted once here; the functions table's Total adds every call`;
}

export function FunctionDetailPanel() {
  const state = useFunctionDetail();
  if (state.status === 'none') {
    return (
      <section className="fd-panel" aria-label="Callers and callees">
        <p className="muted fd-empty">Select a function (in the table or the call tree) to see its callers and callees.</p>
      </section>
    );
  }
  const name = state.name;
  // The times sum the calls that returned; when none did, they are unknown ("—"), not 0.
  const unknown = state.status === 'ready' && state.detail.histogram.untimed >= state.detail.calls;
  const facts =
    state.status === 'ready'
      ? { total: unknown ? Number.NaN : state.detail.totalNs, self: unknown ? Number.NaN : state.detail.selfNs }
      : { total: Number.NaN, self: Number.NaN };
  const title = (
    <header className="fd-head">
      <h2 className="fd-title">
        <span className="fd-name">{name}</span>
        <SourceLink name={name} />
      </h2>
      {state.status === 'ready' && state.detail.found && (
        <p className="fd-facts">
          {formatCount(state.detail.calls)} call{state.detail.calls === 1 ? '' : 's'} · total{' '}
          <span title={unknownTimeTitle(facts.total) ?? nestedTitle(state.detail.nestedCalls)}>
            {formatDuration(facts.total)}
            {state.detail.nestedCalls > 0 ? ' (outermost calls)' : ''}
          </span>{' '}
          · self{' '}
          <span title={unknownTimeTitle(facts.self)}>{formatDuration(facts.self)}</span>
        </p>
      )}
    </header>
  );
  if (state.status !== 'ready') {
    return (
      <section className="fd-panel" aria-label={`Callers and callees of ${name}`} aria-busy={state.status === 'loading'}>
        {title}
        <p className={state.status === 'error' ? 'error-text' : 'muted'}>
          {state.status === 'error' ? `Could not read this function: ${state.message}` : 'Loading…'}
        </p>
      </section>
    );
  }
  const d = state.detail;
  if (!d.found) {
    return (
      <section className="fd-panel" aria-label={`Callers and callees of ${name}`}>
        {title}
        <p className="muted">No call of this function is in view (check the filters).</p>
      </section>
    );
  }

  const jump = () => {
    setExplore({ focusPath: d.slowestPath });
    setActiveView('tree');
  };

  return (
    <section className="fd-panel" aria-label={`Callers and callees of ${name}`}>
      {title}

      <h3 className="fd-section">
        Caller paths <span className="muted">({formatCount(d.callerPathCount)})</span>
      </h3>
      {/* Keyed per function (and apart, as siblings): another function's lists start over, from their first rows. */}
      <CallerPathList key={`paths of ${d.name}`} name={name} paths={d.callerPaths} />
      {d.callerPathCount > d.callerPaths.length && (
        <p className="muted fd-note">
          The {formatCount(d.callerPaths.length)} heaviest of {formatCount(d.callerPathCount)} paths.
        </p>
      )}

      <h3 className="fd-section">
        Callees <span className="muted">({formatCount(d.callees.length)})</span>
      </h3>
      {d.callees.length === 0 ? <p className="muted fd-empty">It calls no traced function.</p> : <CalleeTable key={`callees of ${d.name}`} name={name} callees={d.callees} />}

      <h3 className="fd-section">Durations</h3>
      <DurationHistogram histogram={d.histogram} />
      <button type="button" className="button fd-jump" disabled={d.slowestPath.length === 0} onClick={jump}>
        Jump to slowest call
        {Number.isNaN(d.histogram.slowestNs) ? '' : ` (${formatDuration(d.histogram.slowestNs)})`}
      </button>
    </section>
  );
}

type CallerPathRow = FunctionDetail['callerPaths'][number];
type CalleeRow = FunctionDetail['callees'][number];

/** The caller paths, heaviest first; put into the DOM over a few frames (use-rows-in-steps.ts). */
function CallerPathList({ name, paths }: { name: string; paths: CallerPathRow[] }) {
  const inDom = useRowsInSteps(paths.length);
  return (
    <ul className="fd-paths" aria-label={`Caller paths of ${name}`}>
      {paths.slice(0, inDom).map((p, k) => (
        <li key={k} className="fd-path">
          <CallerPath path={p.path} name={name} source={p.source} />
          <span className="fd-path-figures">
            {formatCount(p.calls)} × · <span title={unknownTimeTitle(p.totalNs)}>{formatDuration(p.totalNs)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Callees listed before "Show all": a syscall's dispatcher calls thousands of functions
 * (`do_syscall_64`: 1,139 in a 1.6M-call trace, 2,918 at 25.6M), each a row with a button
 * and a source link, and laying all of them out held the page for most of a click's time.
 */
const FIRST_CALLEES = 100;

/** The direct callees, heaviest first: the first FIRST_CALLEES, then all on request, into the DOM over a few frames. */
function CalleeTable({ name, callees }: { name: string; callees: CalleeRow[] }) {
  const [showAll, setShowAll] = useState(false);
  const rows = showAll ? callees : callees.slice(0, FIRST_CALLEES);
  const inDom = useRowsInSteps(rows.length);
  return (
    <>
      <table className="data-table fd-callees" aria-label={`Callees of ${name}`}>
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Self
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, inDom).map((c) => (
            <tr key={c.name}>
              <td className="name">
                <button
                  type="button"
                  className="fd-callee"
                  title={`Show the callers and callees of ${c.name}`}
                  onClick={() => setExplore({ selectedFunction: c.name })}
                >
                  {c.name}
                </button>
                <SourceLink name={c.name} />
              </td>
              <td className="num">{formatCount(c.calls)}</td>
              <td className="num">{formatDuration(c.totalNs)}</td>
              <td className="num">{formatDuration(c.selfNs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < callees.length && (
        <p className="muted fd-note">
          The {formatCount(rows.length)} heaviest of {formatCount(callees.length)} callees.{' '}
          <button type="button" className="button link-button" onClick={() => setShowAll(true)}>
            Show all {formatCount(callees.length)}
          </button>
        </p>
      )}
    </>
  );
}
