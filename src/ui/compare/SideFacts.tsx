/**
 * One side of the comparison in brief: its trace, format, calls, and its diagnostics (what
 * the parser could not read or repaired), so B's are read beside A's.
 */
import type { TraceFacts } from '../../core/query/summary';
import type { DiagnosticsList, SessionState } from '../../state/slices/session';
import { formatCount } from '../format';
import { diagnosticCounts, inputUnit, nothingToReport } from '../input-unit';

export interface SideFactsProps {
  side: 'A' | 'B';
  name: string;
  info: SessionState['info'];
  summary: TraceFacts | null;
  diagnostics: DiagnosticsList;
  filterText: string;
  onMore: () => void;
}

export function SideFacts(p: SideFactsProps) {
  const d = p.summary?.diagnostics;
  const unit = inputUnit(p.info?.format);
  const nonzero = d ? diagnosticCounts(unit).filter(([k]) => d[k] > 0) : [];
  return (
    <section className="panel cmp-side" aria-label={`Side ${p.side}`}>
      <h2 className="panel-title">
        {`Side ${p.side}: `}
        <span className="cmp-side-name">{p.name}</span>
      </h2>
      <p className="muted">
        {p.info ? `${p.info.formatLabel} · ` : ''}
        {p.summary ? `${formatCount(p.summary.calls)} calls · ${formatCount(p.summary.tasks.length)} tasks · ` : ''}
        {p.filterText}
      </p>
      <h3>Diagnostics</h3>
      {d && nonzero.length === 0 && d.inputErrors.length === 0 ? (
        <p className="ok">{nothingToReport(unit)}</p>
      ) : (
        <dl className="diagnostic-counts" aria-label={`Side ${p.side} diagnostics`}>
          {nonzero.map(([k, label]) => (
            <div key={k} className="count nonzero">
              <dt>{label}</dt>
              <dd>{formatCount(d![k])}</dd>
            </div>
          ))}
        </dl>
      )}
      {d?.inputErrors.map((e, i) => (
        <p key={i} className="warning">
          {e}
        </p>
      ))}
      {p.diagnostics.items.length > 0 && (
        <ul className="cmp-diag-items">
          {p.diagnostics.items.map((item, i) => (
            <li key={i}>
              {item.line > 0 ? `${unit.one} ${formatCount(item.line)}: ` : ''}
              {item.message}
              {item.text ? <code className="line-text">{item.text}</code> : null}
            </li>
          ))}
        </ul>
      )}
      {p.diagnostics.items.length < p.diagnostics.total && (
        <button type="button" className="button link-button" onClick={p.onMore}>
          {`Show more (${formatCount(p.diagnostics.total - p.diagnostics.items.length)} left)`}
        </button>
      )}
    </section>
  );
}
