/**
 * The header's compare control: "Compare with…" (opens the chooser) while one trace is
 * shown, "Leave compare" (back to side A, its view intact) in compare mode.
 */
import { leaveCompare, openCompareChooser } from '../../state/compare-actions';
import { useAppStore } from '../../state/store';
import { CompareChooser } from './CompareChooser';

export function CompareButton() {
  const ready = useAppStore((s) => s.session.status === 'ready');
  const status = useAppStore((s) => s.compare.status);
  if (!ready) return null;
  if (status === 'off' || status === 'choosing') {
    return (
      <>
        <button type="button" className="button" onClick={openCompareChooser}>
          Compare with…
        </button>
        {status === 'choosing' && <CompareChooser />}
      </>
    );
  }
  return (
    <button type="button" className="button" onClick={leaveCompare}>
      Leave compare
    </button>
  );
}
