/**
 * The Summary's answer to the toolbar's search: the functions it matches in view, with
 * their calls and total time, heaviest first. A name opens the function in the Functions
 * view. Shown only while a search is active.
 */
import { useEffect, useMemo, useState } from 'react';
import { setActiveView, setExplore, useAppStore } from '../../state/store';
import { fetchFunctionTable, type FunctionTable } from '../../state/tree-queries';
import { formatCount, formatDuration, unknownTimeTitle } from '../format';
import { useMatchedFuncs } from '../use-matched-funcs';
import { useViewFilter } from '../use-view-filter';

/** Rows listed; the Functions view has them all. */
const SHOWN = 20;

export function SearchMatches() {
  const trace = useAppStore((s) => s.session.traceId);
  const search = useAppStore((s) => s.explore.search);
  const filter = useViewFilter();
  const matched = useMatchedFuncs(filter, search);
  const [table, setTable] = useState<FunctionTable | null>(null);
  const active = search.trim() !== '';

  useEffect(() => {
    if (!trace || !active) return;
    let live = true;
    fetchFunctionTable(filter).then(
      (t) => live && t && setTable(t),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [trace, filter, active]);

  const rows = useMemo(() => {
    if (!table || !matched) return null;
    const out: number[] = [];
    for (let r = 0; r < table.func.length; r++) if (matched.has(table.func[r])) out.push(r);
    const total = (r: number) => (Number.isNaN(table.total[r]) ? -1 : table.total[r]);
    return out.sort((a, b) => total(b) - total(a));
  }, [table, matched]);

  if (!active) return null;
  const calls = rows && table ? rows.reduce((n, r) => n + table.calls[r], 0) : 0;
  const open = (name: string) => {
    setExplore({ selectedFunction: name });
    setActiveView('functions');
  };

  return (
    <section className="panel search-matches" aria-labelledby="search-matches-title">
      <h2 id="search-matches-title" className="panel-title">
        Search matches{' '}
        <span className="muted" data-testid="search-matches-count">
          {rows === null
            ? '(searching…)'
            : `(${formatCount(rows.length)} function${rows.length === 1 ? '' : 's'} · ${formatCount(calls)} call${calls === 1 ? '' : 's'} in view)`}
        </span>
      </h2>
      {rows !== null && rows.length === 0 && <p className="muted">{`No function in view matches "${search}".`}</p>}
      {rows !== null && rows.length > 0 && table && (
        <div className="table-scroll table-scroll-short">
          <table className="data-table" aria-labelledby="search-matches-title">
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num" title="Summed duration of the function's calls">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN).map((r) => (
                <tr key={r}>
                  <td className="name">
                    <button
                      type="button"
                      className="name-button"
                      title={`Open ${table.names[r]} in the Functions view`}
                      onClick={() => open(table.names[r])}
                    >
                      {table.names[r]}
                    </button>
                  </td>
                  <td className="num">{formatCount(table.calls[r])}</td>
                  <td className="num" title={unknownTimeTitle(table.total[r])}>
                    {formatDuration(table.total[r])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > SHOWN && (
            <p className="muted table-more">{`and ${formatCount(rows.length - SHOWN)} more (the Functions view lists them all, matches first)`}</p>
          )}
        </div>
      )}
    </section>
  );
}
