/**
 * Functions by total time (or any column the user sorts by): calls, total, self, p50, p95,
 * max. A name opens the function in the Functions view (selected, its callers and callees).
 * The calls in view: the worker's functions table of the view filter (top-functions.ts),
 * the whole trace's when no filter is set (the same figures as `cli summary`), as the
 * filter bar above it says. Asked for when the table is shown: the load leaves it out so
 * that `ready` does not wait for every call grouped by function (core summary.ts
 * OpeningSummary).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ViewFilter } from '../../core/query/filter';
import type { SummaryFunction } from '../../core/query/summary';
import { setActiveView, setExplore, useAppStore } from '../../state/store';
import { fetchFunctionTable } from '../../state/tree-queries';
import { useViewFilter } from '../use-view-filter';
import { isWholeTrace, topFunctionRows } from './top-functions';
import { formatCount, formatDuration, unknownTimeTitle } from '../format';
import { useRowsInSteps } from '../use-rows-in-steps';
import { noCallsText } from '../no-calls';

type SortKey = 'name' | 'calls' | 'totalNs' | 'selfNs' | 'p50Ns' | 'p95Ns' | 'maxNs';

const COLUMNS: readonly { key: SortKey; label: string; value: (f: SummaryFunction) => number | null; time: boolean }[] = [
  { key: 'calls', label: 'Calls', value: (f) => f.calls, time: false },
  { key: 'totalNs', label: 'Total', value: (f) => f.totalNs, time: true },
  { key: 'selfNs', label: 'Self', value: (f) => f.selfNs, time: true },
  { key: 'p50Ns', label: 'p50', value: (f) => f.p50Ns, time: true },
  { key: 'p95Ns', label: 'p95', value: (f) => f.p95Ns, time: true },
  { key: 'maxNs', label: 'Max', value: (f) => f.maxNs, time: true },
];

/** Rows shown before "Show all". */
const FIRST_ROWS = 100;

function compare(key: SortKey): (a: SummaryFunction, b: SummaryFunction) => number {
  if (key === 'name') return (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // Descending; missing values (null) last.
  return (a, b) => (b[key] ?? -1) - (a[key] ?? -1) || (b.totalNs ?? -1) - (a.totalNs ?? -1);
}

export function FunctionsTable() {
  const trace = useAppStore((s) => s.session.summary);
  const traceId = useAppStore((s) => s.session.traceId);
  const filter = useViewFilter();
  const whole = isWholeTrace(filter);
  // The rows of one trace and filter: another's (a new load with the same filter) are not shown.
  const [inView, setInView] = useState<{ traceId: number; filter: ViewFilter; rows: SummaryFunction[] } | null>(null);
  useEffect(() => {
    if (!traceId) return;
    let live = true;
    fetchFunctionTable(filter).then(
      (t) => live && t && setInView({ traceId, filter, rows: topFunctionRows(t) }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [traceId, filter]);
  const functions = inView?.traceId === traceId && inView.filter === filter ? inView.rows : undefined;
  const [sortKey, setSortKey] = useState<SortKey>('totalNs');
  const [showAll, setShowAll] = useState(false);
  const sorted = useMemo(() => {
    if (!functions) return [];
    return sortKey === 'totalNs' ? functions : [...functions].sort(compare(sortKey));
  }, [functions, sortKey]);
  const rows = showAll ? sorted : sorted.slice(0, FIRST_ROWS);
  // The rows go into the DOM over a few frames (the counts below say how many the table has).
  const inDom = useRowsInSteps(rows.length);
  if (!functions) return null;

  const header = (key: SortKey, label: string, numeric: boolean) => (
    <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={sortKey === key ? (numeric ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => setSortKey(key)}>
        {label}
        {sortKey === key ? (numeric ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );

  return (
    <section className="panel functions-panel" aria-labelledby="functions-title">
      <h2 id="functions-title" className="panel-title">
        Top functions{whole ? '' : ' in view'}{' '}
        <span className="muted">
          ({rows.length < sorted.length ? `${formatCount(rows.length)} of ` : ''}
          {formatCount(sorted.length)})
        </span>
      </h2>
      <div className="table-scroll">
        <table className="data-table" aria-labelledby="functions-title">
          <thead>
            <tr>
              {header('name', 'Function', false)}
              {COLUMNS.map((c) => header(c.key, c.label, true))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, inDom).map((f) => (
              <tr key={f.name}>
                <td className="name" title={f.name}>
                  <button
                    type="button"
                    className="name-button"
                    title={`Open ${f.name} in the Functions view`}
                    onClick={() => {
                      setExplore({ selectedFunction: f.name });
                      setActiveView('functions');
                    }}
                  >
                    {f.name}
                  </button>
                </td>
                {COLUMNS.map((c) => {
                  const v = c.value(f);
                  return (
                    <td key={c.key} className="num" title={c.time ? unknownTimeTitle(v) : undefined}>
                      {c.time ? formatDuration(v) : formatCount(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length === 0 && <p className="muted">{noCallsText(trace, whole ? 'No function calls.' : 'No calls in view: the filters leave nothing.')}</p>}
      {rows.length < sorted.length && (
        <button type="button" className="button link-button" onClick={() => setShowAll(true)}>
          Show all {formatCount(sorted.length)} functions
        </button>
      )}
    </section>
  );
}
