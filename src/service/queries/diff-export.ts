/**
 * The differential flame graph as a standalone SVG file, as the view shows it: the same
 * pair of filters, quantity, normalisation, layout side (by B, or by A: the negated
 * graph), zoom, colours (lib/diff-colors.ts: red where B spends more, blue where less, pale
 * where equal; hues swapped when the view swaps them) and dimming (the legend's filter and
 * the search). Written by the flame graph's SVG writer (core/export/flame-svg.ts) with the
 * change colours as its colour function: one `<rect>` and `<title>` per frame, the title
 * giving A, B and the change; every name XML-escaped. Handed out in chunks like every
 * export (export.ts's ExportSessions).
 */
import { flameSvgChunks, type SvgFrame } from '../../core/export/flame-svg';
import { bidiIsolated } from '../../lib/bidi';
import { changeRatio } from '../../lib/change-ratio';
import { diffFill } from '../../lib/diff-colors';
import { diffFlameFrames, type CompareCache, type DiffFlameRequest } from './compare';
import { SVG_MIN_WIDTH } from './export';

export interface DiffFlameExportRequest extends Omit<DiffFlameRequest, 'minWidth'> {
  /** Heading of the file (the two traces' names). */
  heading: string;
  /** Hues swapped (blue where B spends more), as the view's "Swap colours". */
  negated: boolean;
  /** The legend's filter: the presences kept (1 only A, 2 only B, 3 both); [] keeps all. */
  presence: readonly number[];
}

/** A figure of the compared quantity as a title says it: times in µs, calls as counts. */
function figure(v: number, quantity: DiffFlameRequest['quantity']): string {
  if (!Number.isFinite(v)) return '—';
  if (quantity === 'calls') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return `${(v / 1e3).toFixed(3)} µs`;
}

const PRESENCE_NOTE = ['', ' (only in A)', ' (only in B)', ''];

export function diffFlameSvgChunks(cache: CompareCache, req: DiffFlameExportRequest): Iterator<string> {
  const f = diffFlameFrames(cache, { ...req, minWidth: SVG_MIN_WIDTH });
  const keep = req.presence.length > 0 ? new Set(req.presence) : null;
  const frames: SvgFrame[] = [];
  for (let k = 0; k < f.length; k++) {
    const id = f.name[k];
    const name = f.names[id];
    const a = f.valueA[k];
    const b = f.valueB[k];
    const d = f.delta[k];
    // (no ratio where it is unknown: 0/0, or a side's figure unknown under per call of a
    // function it never calls; lib/change-ratio.ts)
    const r = changeRatio(a, b);
    const ratio = Number.isNaN(r) ? '' : r === Number.POSITIVE_INFINITY ? ', new' : `, ×${r.toFixed(2)}`;
    const sign = Number.isNaN(d) ? '' : d > 0 ? '+' : d < 0 ? '−' : '±';
    frames.push({
      depth: f.depth[k],
      x0: f.x0[k],
      x1: f.x1[k],
      name,
      title: `${bidiIsolated(name)}${PRESENCE_NOTE[f.presence[k]]}: A ${figure(a, req.quantity)}, B ${figure(b, req.quantity)}, change ${sign}${figure(Math.abs(d), req.quantity)}${ratio}`,
      fill: '',
      dimmed: (keep !== null && !keep.has(f.presence[k])) || (f.nameMatched !== null && f.nameMatched[id] === 0),
    });
  }
  const colour = (k: number) => diffFill({ delta: f.delta[k], maxAbsDelta: f.maxAbsDelta, dark: false, negated: req.negated });
  return flameSvgChunks(frames, { heading: req.heading, colour });
}
