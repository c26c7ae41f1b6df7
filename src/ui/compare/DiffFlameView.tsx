/**
 * The "Differential flame graph" tab of compare mode: the zoom breadcrumbs, the layout
 * (by B, or by A: the negated graph, where what B no longer does keeps its width) and the
 * colour switch, then the canvas and a text summary of what it shows. Side A's overview
 * strip sits above, so A's time range can be picked here (B's is its own).
 */
import { useId, useMemo, useRef, useState } from 'react';
import { useFillHeight } from '../call-tree/useFillHeight';
import { presenceList } from '../../state/compare-queries';
import { exportedTraceName } from '../../state/export-queries';
import { setCompare, useAppStore } from '../../state/store';
import { ExportMenu } from '../export/ExportMenu';
import { compareRequest, useCompareQuestion } from './use-compare-question';
import { DiffFlameCanvas, type DiffFlameInfo } from './DiffFlameCanvas';
import { DiffFlameSummary } from './DiffFlameSummary';
import { Overview } from '../overview/Overview';
import { diffExportHeading } from './compare-format';
import { zoomMissingNote } from '../zoom-note';

/**
 * Room kept under the graph for compare mode's Hook points panel, which sits below every
 * compared view: its first line (what to select) and margins, so the panel's head shows.
 */
const HOOKS_PANEL_ROOM = 120;

export function DiffFlameView() {
  const zoomPath = useAppStore((s) => s.compare.zoomPath);
  const layoutBy = useAppStore((s) => s.compare.layoutBy);
  const negated = useAppStore((s) => s.compare.negated);
  const presence = useAppStore((s) => s.compare.presence);
  const quantity = useAppStore((s) => s.compare.quantity);
  // The names the SVG's heading gives the sides (a URL's query may hold a credential: exportedTraceName).
  const nameA = useAppStore((s) => exportedTraceName(s.session.info?.name ?? 'A'));
  const nameB = useAppStore((s) => (s.compare.source?.kind === 'same' ? 'the same trace' : exportedTraceName(s.compare.info?.name ?? 'B')));
  const question = useCompareQuestion();
  // The SVG export: the graph as shown (pair, scale, layout side, zoom, colours, legend filter, search).
  const exportRequest = useMemo(
    () => ({ ...compareRequest(question), layoutBy, zoomPath, negated, presence: presenceList(presence), heading: diffExportHeading(nameA, nameB) }),
    [question, layoutBy, zoomPath, negated, presence, nameA, nameB],
  );
  const [info, setInfo] = useState<DiffFlameInfo>({ frames: null, loading: true, error: null });
  const summaryId = useId();
  // A zoom path the comparison lacks: the graph shows the part found, the breadcrumbs all of it.
  // (not while a new answer is on its way: the frames shown are the last zoom's)
  const zoomNote = info.loading ? null : zoomMissingNote(info.frames, zoomPath, 'this comparison');
  // Frames whose change is unknown (a side's time its calls lack) are grey: the key says so when there are any.
  const hasUnknown = info.frames !== null && info.frames.delta.some((d) => Number.isNaN(d));
  // The graph fills the window below it, as the single flame graph does: at its 420 px
  // minimum the canvas got about 270 px, most rows behind "more rows deeper", and the window's
  // lower half stayed blank above the Hook points panel.
  const root = useRef<HTMLElement>(null);
  const height = useFillHeight(root, HOOKS_PANEL_ROOM, 420);
  return (
    <section ref={root} className="flame-view" aria-label="Differential flame graph view" style={{ height }}>
      {/* Side A's time line: brushing it picks A's time range (B keeps its own). */}
      <Overview side="A" />
      <div className="flame-header">
        <nav className="flame-breadcrumbs" aria-label="Differential flame graph zoom">
          <button type="button" className="crumb" disabled={zoomPath.length === 0} onClick={() => setCompare({ zoomPath: [] })}>
            All
          </button>
          {zoomPath.map((name, i) => (
            <span key={`${i}:${name}`}>
              {' › '}
              <button
                type="button"
                className="crumb"
                aria-current={i === zoomPath.length - 1 ? 'page' : undefined}
                onClick={() => setCompare({ zoomPath: zoomPath.slice(0, i + 1) })}
              >
                {name}
              </button>
            </span>
          ))}
        </nav>
        <label className="flame-switch" title="Widths from A: what B no longer does keeps its width (Gregg's negated differential graph)">
          <input
            type="checkbox"
            role="switch"
            checked={layoutBy === 'a'}
            aria-checked={layoutBy === 'a'}
            onChange={(e) => setCompare({ layoutBy: e.target.checked ? 'a' : 'b' })}
          />
          <span>Lay out by A (negated)</span>
        </label>
        <label className="flame-switch" title="Swap the colours: blue where B spends more, red where less">
          <input
            type="checkbox"
            role="switch"
            checked={negated}
            aria-checked={negated}
            onChange={(e) => setCompare({ negated: e.target.checked })}
          />
          <span>Swap colours</span>
        </label>
        <ExportMenu view="diff-flame" diffFlame={exportRequest} />
        <span className="diff-key" aria-hidden="true">
          <span className="diff-key-more">B more</span>
          <span className="diff-key-equal">equal</span>
          <span className="diff-key-less">B less</span>
          {hasUnknown && <span className="diff-key-unknown">unknown</span>}
        </span>
      </div>
      {zoomNote && (
        <p className="flame-note" role="status">
          {zoomNote}
        </p>
      )}
      {info.error && (
        <p className="flame-note flame-error" role="alert">
          {`The differential flame graph could not be computed: ${info.error}`}
        </p>
      )}
      {info.frames && info.frames.length === 0 && !info.loading && (
        <p className="flame-note">
          {quantity === 'calls'
            ? 'No calls in view on either side.'
            : 'No calls in view on either side, or none with a duration to give a frame its width (the function tracer records none): compare such traces by Calls.'}
        </p>
      )}
      <DiffFlameCanvas onInfo={setInfo} summaryId={summaryId} />
      <DiffFlameSummary id={summaryId} frames={info.frames} />
    </section>
  );
}
