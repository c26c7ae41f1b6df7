/**
 * What the parser could not read or had to repair: exact counts, then the first items
 * with their input line numbers (more on demand).
 */
import { loadMoreDiagnostics } from '../../state/actions';
import { showCallInTree } from '../../state/tree-queries';
import { useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { capitalized, diagnosticCounts, inputUnit, nothingToReport } from '../input-unit';
import { useRowsInSteps } from '../use-rows-in-steps';

export function DiagnosticsPanel() {
  const d = useAppStore((s) => s.session.summary?.diagnostics);
  const list = useAppStore((s) => s.session.diagnostics);
  const unit = inputUnit(useAppStore((s) => s.session.info?.format));
  // A page of items (200) at ready: into the DOM over a few frames, as the Top functions table's.
  const inDom = useRowsInSteps(list.items.length);
  if (!d) return null;
  const counts = diagnosticCounts(unit);
  const problems = counts.reduce((n, [key]) => n + d[key], 0) + d.inputErrors.length;
  return (
    <section className="panel diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title" className="panel-title">
        Diagnostics
      </h2>
      {problems === 0 ? (
        <p className="ok">{nothingToReport(unit)}</p>
      ) : (
        <dl className="diagnostic-counts">
          {counts.map(([key, label]) => (
            <div key={key} className={d[key] > 0 ? 'count nonzero' : 'count'}>
              <dt>{label}</dt>
              <dd data-count={key}>{formatCount(d[key])}</dd>
            </div>
          ))}
          <div className="count">
            <dt>{`${capitalized(unit.many)} read`}</dt>
            <dd>{formatCount(d.parsedLines + d.unparsedLines + d.headerLines)}</dd>
          </div>
        </dl>
      )}
      {d.inputErrors.length > 0 && (
        <ul className="input-errors">
          {d.inputErrors.map((e, i) => (
            <li key={i} className="warning">
              {e}
            </li>
          ))}
        </ul>
      )}
      {list.items.length > 0 && (
        <div className="table-scroll table-scroll-short">
          <table className="data-table diagnostic-items" aria-label="Diagnostic items">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {capitalized(unit.one)}
                </th>
                <th scope="col">Kind</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {list.items.slice(0, inDom).map((item, i) => (
                <tr key={i}>
                  <td className="num">{item.line > 0 ? formatCount(item.line) : ''}</td>
                  <td>{item.kind}</td>
                  <td>
                    <div>
                      {item.message}
                      {item.call >= 0 && (
                        <>
                          {' '}
                          <button type="button" className="button link-button" onClick={() => void showCallInTree(item.call)}>
                            Show in call tree
                          </button>
                        </>
                      )}
                    </div>
                    {item.text !== undefined && item.text !== '' && <code className="line-text">{item.text}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.total > 0 && list.total < problems && (
        <p className="muted note">
          The list keeps the first items of each kind ({formatCount(list.total)} in all); the counts above are exact.
        </p>
      )}
      {list.items.length < list.total && (
        <button type="button" className="button link-button" onClick={() => void loadMoreDiagnostics()}>
          Show more ({formatCount(list.total - list.items.length)} left)
        </button>
      )}
    </section>
  );
}
