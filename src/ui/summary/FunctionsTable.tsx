/** Functions by total time (or any column the user sorts by): calls, total, self, p50, p95, max. */
import { useMemo, useState } from 'react';
import type { SummaryFunction } from '../../core/query/summary';
import { useAppStore } from '../../state/store';
import { formatCount, formatDuration } from '../format';

type SortKey = 'name' | 'calls' | 'totalNs' | 'selfNs' | 'p50Ns' | 'p95Ns' | 'maxNs';

const COLUMNS: readonly { key: SortKey; label: string; format: (f: SummaryFunction) => string }[] = [
  { key: 'calls', label: 'Calls', format: (f) => formatCount(f.calls) },
  { key: 'totalNs', label: 'Total', format: (f) => formatDuration(f.totalNs) },
  { key: 'selfNs', label: 'Self', format: (f) => formatDuration(f.selfNs) },
  { key: 'p50Ns', label: 'p50', format: (f) => formatDuration(f.p50Ns) },
  { key: 'p95Ns', label: 'p95', format: (f) => formatDuration(f.p95Ns) },
  { key: 'maxNs', label: 'Max', format: (f) => formatDuration(f.maxNs) },
];

/** Rows shown before "Show all". */
const FIRST_ROWS = 100;

function compare(key: SortKey): (a: SummaryFunction, b: SummaryFunction) => number {
  if (key === 'name') return (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // Descending; missing values (null) last.
  return (a, b) => (b[key] ?? -1) - (a[key] ?? -1) || b.totalNs - a.totalNs;
}

export function FunctionsTable() {
  const functions = useAppStore((s) => s.session.summary?.functions);
  const [sortKey, setSortKey] = useState<SortKey>('totalNs');
  const [showAll, setShowAll] = useState(false);
  const sorted = useMemo(() => {
    if (!functions) return [];
    return sortKey === 'totalNs' ? functions : [...functions].sort(compare(sortKey));
  }, [functions, sortKey]);
  if (!functions) return null;
  const rows = showAll ? sorted : sorted.slice(0, FIRST_ROWS);

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
        Top functions{' '}
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
            {rows.map((f) => (
              <tr key={f.name}>
                <td className="name" title={f.name}>
                  {f.name}
                </td>
                {COLUMNS.map((c) => (
                  <td key={c.key} className="num">
                    {c.format(f)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length < sorted.length && (
        <button type="button" className="button link-button" onClick={() => setShowAll(true)}>
          Show all {formatCount(sorted.length)} functions
        </button>
      )}
    </section>
  );
}
