/** Why the last load failed, and the lines it could not read when there were any. */
import { useAppStore } from '../../state/store';
import { DiagnosticsPanel } from '../summary/DiagnosticsPanel';

export function ErrorMessage() {
  const error = useAppStore((s) => s.session.error);
  const name = useAppStore((s) => s.session.source?.name ?? '');
  const hasSummary = useAppStore((s) => s.session.summary !== null);
  return (
    <section className="error-screen">
      <div className="error-message" role="alert">
        <h2>{name ? <>Could not open <bdi>{name}</bdi></> : 'Could not open the trace'}</h2>
        <p>{error}</p>
        <p className="muted">Open another file with the buttons above, or drop one anywhere on the page.</p>
      </div>
      {hasSummary && <DiagnosticsPanel />}
    </section>
  );
}
