/**
 * The Export menu of a view. The flame graph's (and compare mode's differential flame
 * graph's, with its change colours) has SVG (the view as it is: filters, zoom,
 * inversion, search dimming) and PNG (that SVG drawn on a canvas at device pixel ratio 2);
 * every view's has folded stacks, Chrome trace-event JSON and speedscope JSON of the
 * current filters. Files are made in the worker in chunks (state/export-queries.ts) and
 * downloaded as a Blob named after the trace and the view (`01-seed-curl-fgraph.flame.svg`,
 * `01-seed-curl-fgraph.tree.chrome-trace.json`).
 */
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import {
  EXPORT_FILES,
  exportFileName,
  exportedTraceName,
  fetchDiffFlameExportParts,
  fetchExportEmpty,
  fetchExportParts,
  type DiffFlameExportRequest,
  type ExportFormat,
  type ExportView,
} from '../../state/export-queries';
import { useViewFilter } from '../use-view-filter';
import { usePressOutside } from '../use-press-outside';
import { useAppStore } from '../../state/store';
import { useMatchedFuncs } from '../use-matched-funcs';
import { formatCount } from '../format';
import { noCallsText } from '../no-calls';
import { pngCanvasSize, pngScale } from './png-scale';
import type { EmptyExport } from '../../core/export/empty-export';

type Choice = ExportFormat | 'png';

const ALL_CHOICES: { format: Choice; label: string }[] = [
  { format: 'svg', label: 'SVG (as shown)' },
  { format: 'png', label: 'PNG (as shown, 2×)' },
  { format: 'folded', label: 'Folded stacks' },
  { format: 'chrome', label: 'Chrome trace JSON' },
  { format: 'speedscope', label: 'speedscope JSON' },
];

/** PNG pixels per SVG pixel. */
const PNG_SCALE = 2;

/** The formats of each view: pictures only where the view is the flame graph. */
const CHOICES_OF: Record<ExportView, readonly Choice[]> = {
  flame: ['svg', 'png', 'folded', 'chrome', 'speedscope'],
  chart: ['folded', 'chrome', 'speedscope'],
  tree: ['folded', 'chrome', 'speedscope'],
  functions: ['folded', 'chrome', 'speedscope'],
  // Compare mode's differential flame graph: its picture (the change colours, zoom, layout side).
  'diff-flame': ['svg', 'png'],
};

/**
 * `canvasPng`: a canvas view's own picture at 2× (the flame chart), which makes its PNG
 * choice; the flame graph's PNG is its SVG drawn at 2× instead. `diffFlame`: the
 * differential flame graph as shown (view 'diff-flame'), whose SVG the worker writes.
 */
export function ExportMenu({
  view,
  canvasPng,
  diffFlame,
}: {
  view: ExportView;
  canvasPng?: () => HTMLCanvasElement | null;
  diffFlame?: DiffFlameExportRequest;
}) {
  const choices = ALL_CHOICES.filter((c) => CHOICES_OF[view].includes(c.format) || (c.format === 'png' && canvasPng !== undefined));
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string>('');
  const groupByTask = useAppStore((s) => s.explore.tasks.length === 0);
  const inverted = useAppStore((s) => s.explore.inverted);
  const zoomPath = useAppStore((s) => s.explore.zoomPath);
  const search = useAppStore((s) => s.explore.search);
  // The name only: the info's fingerprint, which comes after ready, does not render the menu again.
  const traceName = useAppStore((s) => s.session.info?.name ?? null);
  const summary = useAppStore((s) => s.session.summary);
  const filter = useViewFilter();
  const matched = useMatchedFuncs(filter, search);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  // The open list lies over the view (the flame graph's frames, the tree's rows): a press
  // anywhere else closes it, and Escape does, giving the focus back to Export, as menus do.
  const close = useCallback(() => setOpen(false), []);
  usePressOutside(root, open, close);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    toggle.current?.focus();
  };

  const run = async (choice: Choice) => {
    if (traceName === null) return;
    setOpen(false);
    setBusy(`Exporting ${choice}…`);
    try {
      if (choice === 'png' && canvasPng) {
        const canvas = canvasPng();
        if (!canvas) throw new Error('nothing is drawn yet');
        download(await canvasToPng(canvas), exportFileName(traceName, view, 'png'));
        setBusy('');
        return;
      }
      const format: ExportFormat = choice === 'png' ? 'svg' : choice;
      // (a URL's query may hold a credential: exportedTraceName)
      const req = { format, filter, name: exportedTraceName(traceName), flame: { inverted, groupByTask, zoomPath, matched: matched ? [...matched] : null } };
      if (!(diffFlame && format === 'svg')) {
        // Say why rather than download an empty file.
        const empty = await fetchExportEmpty(req);
        if (empty) {
          setBusy(emptyExportMessage(empty, choice, summary));
          return;
        }
      }
      const parts = diffFlame && format === 'svg' ? await fetchDiffFlameExportParts(diffFlame) : await fetchExportParts(req);
      if (!parts) return;
      let blob = new Blob(parts, { type: EXPORT_FILES[format].type });
      if (choice === 'png') blob = await svgToPng(blob);
      download(blob, exportFileName(traceName, view, choice));
      setBusy('');
    } catch (err) {
      setBusy(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <div className="export-menu" ref={root} onKeyDown={onKeyDown}>
      <button ref={toggle} type="button" className="button small" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)} disabled={traceName === null}>
        Export
      </button>
      {open && (
        <ul className="export-list" aria-label="Export formats">
          {choices.map((c) => (
            <li key={c.format}>
              <button type="button" className="button small" onClick={() => void run(c.format)}>
                {c.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      <span className="muted" role="status" aria-live="polite">
        {busy}
      </span>
    </div>
  );
}

/**
 * Why nothing was exported, in the words of the views (the flame graph's note, the CLI's on
 * stderr); `trace` tells a trace with no call at all (no-calls.ts) from filters that keep none.
 */
export function emptyExportMessage(empty: EmptyExport, choice: Choice, trace: { calls: number; events: number } | null): string {
  const label = ALL_CHOICES.find((c) => c.format === choice)?.label ?? choice;
  const calls = `${formatCount(empty.calls)} call${empty.calls === 1 ? '' : 's'}`;
  switch (empty.reason) {
    case 'no-calls':
      return noCallsText(trace, 'Nothing to export: the filters leave no calls.');
    case 'no-durations':
      return `Nothing to export as ${label}: none of the ${calls} in view has a duration (${empty.untimed ?? 'none was recorded'}). The Call tree and Functions views count them.`;
    case 'no-starts':
      return `Nothing to export as ${label}: none of the ${calls} in view has a start time (the trace prints no timestamps: record with trace-cmd, or set the funcgraph-abstime option). SVG and folded stacks weigh calls by duration alone.`;
  }
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference by then; free the URL a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The SVG drawn on a canvas at PNG_SCALE and encoded (canvas.toBlob). The image is read
 * from a data: URL, which the page's Content-Security-Policy allows for images (blob: it
 * does not); the SVG's size is bounded by its frames, not by the trace. Drawn at less than
 * 2× where the canvas would pass a browser's limit (png-scale.ts).
 */
async function svgToPng(svg: Blob): Promise<Blob> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error('cannot read the SVG')));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the SVG'));
    reader.readAsDataURL(svg);
  });
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  // (a deep graph's SVG is tall: at 2× its canvas passed the browsers' limits and drew nothing)
  const scale = pngScale(img.naturalWidth, img.naturalHeight, PNG_SCALE);
  const size = pngCanvasSize(img.naturalWidth, img.naturalHeight, scale);
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  return canvasToPng(canvas);
}

function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas made no PNG'))), 'image/png'));
}
