/** The load in progress: a progress bar with bytes, percent, speed and lines, and Cancel. */
import { cancelLoad } from '../../state/actions';
import { useAppStore } from '../../state/store';
import { formatBytes, formatCount, formatPercent, formatRate } from '../format';

export function LoadProgress() {
  const progress = useAppStore((s) => s.session.progress);
  const name = useAppStore((s) => s.session.source?.name ?? '');
  if (!progress) return null;
  const { bytes, totalBytes, lines, startedAt, updatedAt } = progress;
  const known = totalBytes > 0;
  const fraction = known ? Math.min(1, bytes / totalBytes) : undefined;
  const seconds = (updatedAt - startedAt) / 1000;
  const rate = seconds > 0.05 ? bytes / seconds : undefined;
  return (
    <section className="load-progress" aria-labelledby="load-title">
      <h2 id="load-title">
        Loading <span className="load-name">
          <bdi>{name}</bdi>
        </span>
      </h2>
      <div
        className={known ? 'progress' : 'progress progress-indeterminate'}
        role="progressbar"
        aria-label="Loading the trace"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}
        aria-valuetext={known ? `${formatPercent(fraction)} of ${formatBytes(totalBytes)}` : `${formatBytes(bytes)} read`}
      >
        <div className="progress-fill" style={{ width: fraction === undefined ? undefined : `${fraction * 100}%` }} />
      </div>
      <p className="load-stats">
        <span>
          {formatBytes(bytes)}
          {known ? ` of ${formatBytes(totalBytes)}` : ''}
        </span>
        {known && <span>{formatPercent(fraction)}</span>}
        <span>{rate === undefined ? '…' : formatRate(rate)}</span>
        {/* A trace.dat counts no lines as it loads (its records are counted at the end). */}
        {lines > 0 && <span>{formatCount(lines)} lines</span>}
      </p>
      <button type="button" className="button" onClick={cancelLoad}>
        Cancel
      </button>
    </section>
  );
}
