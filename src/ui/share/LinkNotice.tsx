/**
 * What a permalink asked for and could not do yet: the trace to open ("a view of
 * trace.txt, 36 MB, fingerprint 1f3a…: drop that file here"), a different file opened (apply
 * anyway?), and the parts of the link that were ignored. All of it is text.
 */
import { useAppStore } from '../../state/store';
import { applyPendingAnyway, dismissLink } from '../../state/url/permalinks';
import type { TraceIdentity } from '../../state/url/codec';
import { traceIdentityText } from '../format';

function describe(t: TraceIdentity): string {
  return traceIdentityText(t);
}

export function LinkNotice() {
  const link = useAppStore((s) => s.link);
  const status = useAppStore((s) => s.session.status);
  const compareStatus = useAppStore((s) => s.compare.status);
  const waiting = link.pending?.trace && !link.mismatch && status !== 'ready' && status !== 'loading';
  // A compare link also needs side B's file (named here while it is not being read).
  const waitingB = link.pendingCompare?.trace && !link.pendingCompare.same && !link.pendingCompare.traceUrl && compareStatus !== 'loading' && compareStatus !== 'ready';
  if (!waiting && !waitingB && !link.mismatch && link.notices.length === 0) return null;
  return (
    <section className="link-notice" aria-label="Link">
      {waiting && link.pending?.trace && (
        <p className="link-waiting">
          This link shows a view of <strong>{describe(link.pending.trace)}</strong>: drop that file here (or open it)
          and the view is applied.
        </p>
      )}
      {waitingB && link.pendingCompare?.trace && (
        <p className="link-waiting link-waiting-b">
          This link compares {status === 'ready' ? 'the open trace' : 'it'} with <strong>{describe(link.pendingCompare.trace)}</strong>
          {status === 'ready' ? ': choose or drop that file as side B' : ' (side B): it is asked for once side A is open'}.
        </p>
      )}
      {link.mismatch && (
        <div className="link-mismatch" role="alert">
          <p>
            The link is a view of {describe(link.mismatch.expected)}, but the open trace is{' '}
            {describe(link.mismatch.actual)}. Its view may not fit this trace.
          </p>
          <button type="button" className="button" onClick={() => void applyPendingAnyway()}>
            Apply the view anyway
          </button>
        </div>
      )}
      {link.notices.length > 0 && (
        <ul className="link-notices" role="status">
          {link.notices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <button type="button" className="button link-dismiss" onClick={dismissLink}>
        Dismiss
      </button>
    </section>
  );
}
