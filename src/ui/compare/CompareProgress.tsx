/** Side B's load in progress: bytes, percent, lines, and Cancel (which leaves compare mode). */
import { leaveCompare } from '../../state/compare-actions';
import { useAppStore } from '../../state/store';
import { formatBytes, formatCount, formatPercent } from '../format';

export function CompareProgress() {
  const progress = useAppStore((s) => s.compare.progress);
  const name = useAppStore((s) => s.compare.source?.name ?? '');
  const known = (progress?.totalBytes ?? 0) > 0;
  const fraction = progress && known ? Math.min(1, progress.bytes / progress.totalBytes) : undefined;
  return (
    <section className="load-progress cmp-progress" aria-labelledby="cmp-load-title">
      <h2 id="cmp-load-title">
        Loading side B: <span className="load-name">
          <bdi>{name}</bdi>
        </span>
      </h2>
      <div
        className={known ? 'progress' : 'progress progress-indeterminate'}
        role="progressbar"
        aria-label="Loading side B"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}
      >
        <div className="progress-fill" style={{ width: fraction === undefined ? undefined : `${fraction * 100}%` }} />
      </div>
      {progress && (
        <p className="load-stats">
          <span>
            {formatBytes(progress.bytes)}
            {known ? ` of ${formatBytes(progress.totalBytes)}` : ''}
          </span>
          {known && <span>{formatPercent(fraction)}</span>}
          {progress.lines > 0 && <span>{formatCount(progress.lines)} lines</span>}
        </p>
      )}
      <button type="button" className="button" onClick={leaveCompare}>
        Cancel
      </button>
    </section>
  );
}
