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
import { changeRatio, fractionText } from '../../lib/change-ratio';
import { diffFill } from '../../lib/diff-colors';
import { diffFlameFrames, type CompareCache, type DiffFlameRequest, type NormalisationFactors } from './compare';
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
  if (quantity === 'calls') return Number.isInteger(v) ? String(v) : fractionText(v);
  return `${(v / 1e3).toFixed(3)} µs`;
}

const PRESENCE_NOTE = ['', ' (only in A)', ' (only in B)', ''];

const QUANTITY_WORDS = { self: 'self time', total: 'total time', calls: 'calls' } as const;

/**
 * What the file's figures are, under its heading: the titles' A and B are the compared
 * quantity after normalisation (per call of a function, or B scaled to A's total), which a
 * reader of the file alone took for the raw self time: the view says it in its status line,
 * the file said nothing. Also the widths' side, the hues' meaning, and the function the
 * paths start at when not the first frame (compare mode's Paths from), and how names met
 * where that shows: matched exactly only, or (`renamed`: some frame is a clone B names
 * apart, core/query/build-names.ts) across builds, B's name in the frame's title.
 */
export function diffScaleNote(req: DiffFlameExportRequest, factors: NormalisationFactors, unknown = false, renamed = false): string {
  const norm = req.normalisation;
  const missing = factors.missing.length === 2 ? 'A and B have' : factors.missing.length === 1 ? `${factors.missing[0].toUpperCase()} has` : '';
  let scale: string;
  if (norm.kind === 'raw') scale = 'as measured';
  else if (norm.kind === 'scaled') {
    scale = missing ? `B scaled to A's total, but ${missing} none: B unknown` : `B scaled to A's total (×${factors.b.toPrecision(3)})`;
  } else {
    const calls = (n: number | undefined) => `${n} call${n === 1 ? '' : 's'}`;
    // (the function is typed, or read from a link: set apart as the titles' names are)
    const root = bidiIsolated(norm.root);
    scale = missing
      ? `per call of ${root}, but ${missing} no call of it: unknown`
      : `per call of ${root} (A: ${calls(factors.perCall?.a)}, B: ${calls(factors.perCall?.b)})`;
  }
  const widths = `widths: ${req.layoutBy === 'a' ? "A's" : "B's"} ${req.quantity === 'calls' ? 'calls' : 'total time'}`;
  // (grey: a frame whose change is unknown, lib/diff-colors.ts unknownFill; said when there is one)
  const hues = (req.negated ? 'blue: B more, red: B less' : 'red: B more, blue: B less') + (unknown ? ', grey: unknown' : '');
  // "Paths from F" (compare-queries.ts compareKey sets it on both sides): the file is of F's subtrees only.
  const from = req.a.pathsFrom || req.b.pathsFrom;
  const start = from ? `; paths from ${bidiIsolated(from)}` : '';
  const names = req.exactNames ? '; names matched exactly' : renamed ? "; clones matched across builds (B's name in the title)" : '';
  return `${QUANTITY_WORDS[req.quantity]}, ${scale}; ${widths}; ${hues}${start}${names}`;
}

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
    const ratio = Number.isNaN(r) ? '' : r === Number.POSITIVE_INFINITY ? ', new' : `, ×${fractionText(r)}`;
    const sign = Number.isNaN(d) ? '' : d > 0 ? '+' : d < 0 ? '−' : '±';
    // B's name of a clone the two builds name apart (matched by base name).
    const jb = f.nameB[k];
    const inB = jb >= 0 ? ` (in B: ${bidiIsolated(f.names[jb])})` : '';
    frames.push({
      depth: f.depth[k],
      x0: f.x0[k],
      x1: f.x1[k],
      name,
      title: `${bidiIsolated(name)}${inB}${PRESENCE_NOTE[f.presence[k]]}: A ${figure(a, req.quantity)}, B ${figure(b, req.quantity)}, change ${sign}${figure(Math.abs(d), req.quantity)}${ratio}`,
      fill: '',
      dimmed: (keep !== null && !keep.has(f.presence[k])) || (f.nameMatched !== null && f.nameMatched[id] === 0 && (jb < 0 || f.nameMatched[jb] === 0)),
    });
  }
  const colour = (k: number) => diffFill({ delta: f.delta[k], maxAbsDelta: f.maxAbsDelta, dark: false, negated: req.negated });
  return flameSvgChunks(frames, { heading: req.heading, subheading: diffScaleNote(req, f.factors, f.delta.some((d) => Number.isNaN(d)), f.nameB.some((j) => j >= 0)), colour });
}
