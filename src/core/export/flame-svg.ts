/**
 * A flame graph as a standalone SVG file (any browser, Inkscape): a white `<rect>` under
 * everything, then one `<rect>` and one `<title>` per frame, in a `<g>` per frame, with a
 * label clipped to wide frames. Frames
 * are given laid out (x0/x1 as fractions of the width, depth from the root), so the file
 * shows what the view shows: the app passes its current layout (zoom, search highlight,
 * inverted or not, compare colours), the command line the whole tree (`flameFramesOfTree`).
 *
 * Every name comes from the trace and is XML-escaped; characters XML 1.0 cannot hold
 * (controls, lone surrogates) become U+FFFD. A title sets its name apart from its figures
 * (lib/bidi.ts bidiIsolated), so a right-to-left override in a name cannot turn them round.
 */
import type { CallTree } from '../query/call-tree';
import { computeLayoutWidths } from '../query/flame-graph';
import { bidiIsolated } from '../../lib/bidi';
import { batched } from './chunks';

export interface SvgFrame {
  depth: number;
  /** Fractions of the width, 0 ≤ x0 < x1 ≤ 1. */
  x0: number;
  x1: number;
  name: string;
  /** Hover text ('' to use the name). */
  title: string;
  /** CSS colour; '' to colour by name like flamegraph.pl. */
  fill: string;
  /** Drawn dimmed (a search that does not match it). */
  dimmed?: boolean;
}

export interface FlameSvgOptions {
  /** Pixels. */
  width?: number;
  frameHeight?: number;
  /** Icicle: depth 0 at the top (inverted graphs and flame charts); else flames grow up. */
  topDown?: boolean;
  /** Heading text above the frames ('' for none). */
  heading?: string;
  /** A second, smaller line under the heading ('' for none): what the figures are. */
  subheading?: string;
  /**
   * The fill of frame `index` (a CSS colour), for colourings a frame's own `fill` does not
   * carry without a copy per frame: the differential flame graph's change colours. Wins
   * over `fill`; a value that is not a plain colour falls back to the warm palette.
   */
  colour?: (index: number, frame: SvgFrame) => string;
}

/**
 * `&`, `<`, `>`, `"`, `'` escaped; characters XML 1.0 forbids replaced by U+FFFD; DEL, the
 * C1 controls, U+2028/U+2029 and the bidi controls written as character references, the
 * same text to an XML reader: `cli export --format svg` writes to stdout, where a terminal
 * that takes 8-bit controls reads U+009B as CSI (lib/terminal-text.ts).
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    .replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

/** flamegraph.pl's warm palette, from a hash of the name so a function keeps its colour. */
export function warmColour(name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  const a = (h >>> 0) / 4294967296;
  const b = ((h >>> 8) & 0xff) / 255;
  return `rgb(${205 + Math.round(50 * a)},${Math.round(230 * b)},${Math.round(55 * a)})`;
}

/**
 * Width of a character at 12px, to fit labels: monospace fonts advance 0.6em (Liberation
 * Mono and Courier New 0.600, DejaVu Sans Mono and Menlo 0.602: 7.22 px). At 7 px a label
 * cut to fit ran past its frame into the next one's (6 px at 300 px wide, 42 characters).
 */
const CHAR_PX = 7.25;

export function* flameSvgChunks(frames: readonly SvgFrame[], options: FlameSvgOptions = {}): Generator<string> {
  yield* batched(flameSvgParts(frames, options));
}

function* flameSvgParts(frames: readonly SvgFrame[], options: FlameSvgOptions): Generator<string> {
  const width = options.width ?? 1200;
  const fh = options.frameHeight ?? 16;
  const heading = options.heading ?? '';
  const subheading = options.subheading ?? '';
  const top = (heading === '' ? 4 : 28) + (subheading === '' ? 0 : 16);
  let maxDepth = -1;
  for (const f of frames) maxDepth = Math.max(maxDepth, f.depth);
  const height = top + (maxDepth + 1) * fh + 4;
  yield `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n`;
  yield `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="background:#fff" font-family="monospace" font-size="12">\n`;
  // The background as a shape too: SVG 1.1 has no background property, and renderers that
  // paint only shapes (CairoSVG, resvg before 2024, Inkscape's export) left it transparent:
  // the heading black on a dark viewer's backdrop, a PNG made from it transparent.
  yield `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>\n`;
  if (heading !== '') yield `<text x="${width / 2}" y="18" text-anchor="middle" font-size="15">${xmlEscape(heading)}</text>\n`;
  if (subheading !== '') yield `<text x="${width / 2}" y="${top - 10}" text-anchor="middle">${xmlEscape(subheading)}</text>\n`;
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k];
    const x = round(f.x0 * width);
    const w = round((f.x1 - f.x0) * width);
    const row = options.topDown ? f.depth : maxDepth - f.depth;
    const y = top + row * fh;
    const asked = options.colour ? options.colour(k, f) : f.fill;
    const fill = asked !== '' && /^[#a-zA-Z0-9(),.% ]+$/.test(asked) ? asked : warmColour(f.name);
    // (isolated as the titles set the name: the label shows it as the title does)
    const label = bidiIsolated(fitLabel(f.name, w));
    yield `<g${f.dimmed ? ' opacity="0.35"' : ''}><title>${xmlEscape(f.title || f.name)}</title><rect x="${x}" y="${y}" width="${w}" height="${fh - 1}" fill="${fill}" rx="2"/>`;
    yield label === '' ? '</g>\n' : `<text x="${round(x + 3)}" y="${y + fh - 4}">${xmlEscape(label)}</text></g>\n`;
  }
  yield '</svg>\n';
}

/**
 * Characters a monospace font sets two columns wide (1 em: 12 px where a column is 7.22):
 * the East Asian Wide and Fullwidth blocks (Hangul Jamo, CJK and its punctuation, kana,
 * Hangul syllables, compatibility ideographs, fullwidth forms, the ideographs of planes 2
 * and 3) and the emoji of plane 1, as wcwidth() counts them. A task names itself in any
 * script (prctl PR_SET_NAME: '渲染线程'), and counted one column each such a label ran past
 * its frame over the next one's.
 */
const WIDE_RE = /^(?:[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud83c-\ud83e][\udc00-\udfff]|[\ud840-\ud8bf][\udc00-\udfff])$/;

/** Columns of `ch` (one code point) in a monospace font: 2 for the wide ones, else 1. */
function columns(ch: string): number {
  return ch.charCodeAt(0) < 0x1100 ? 1 : WIDE_RE.test(ch) ? 2 : 1;
}

function fitLabel(name: string, px: number): string {
  const room = Math.floor((px - 6) / CHAR_PX);
  if (room < 3) return '';
  // Code points, never half a surrogate pair, each as wide as the font sets it.
  let used = 0;
  let cut = -1;
  let i = 0;
  for (const ch of name) {
    used += columns(ch);
    // (where the label ends when it must be cut: room for '..' after it)
    if (cut < 0 && used > room - 2) cut = i;
    if (used > room) return `${name.slice(0, cut)}..`;
    i += ch.length;
  }
  return name;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * The whole top-down tree laid out like the flame graph view (children in name order from
 * their parent's x0, width = total, widened to fit the children), dropping frames narrower
 * than `minWidth` of the whole with their subtrees. Titles carry total time and calls.
 */
export function flameFramesOfTree(tree: CallTree, childrenFit: boolean, minWidth = 0.0005): SvgFrame[] {
  const widths = computeLayoutWidths(tree, childrenFit);
  const roots = tree.rootsByName();
  let span = 0;
  for (const r of roots) span += widths[r];
  const frames: SvgFrame[] = [];
  if (!(span > 0)) return frames;
  const walk = (nodes: Int32Array, x: number, depth: number): void => {
    for (const k of nodes) {
      const w = widths[k] / span;
      if (w >= minWidth) {
        const d = tree.display(k);
        frames.push({ depth, x0: x, x1: x + w, name: d.name, title: `${bidiIsolated(d.name)} (${(d.total / 1e3).toFixed(3)} µs, ${d.calls} calls, ${((100 * widths[k]) / span).toFixed(2)}%)`, fill: '' });
        walk(tree.childrenByName(k), x, depth + 1);
      }
      x += w;
    }
  };
  walk(roots, 0, 0);
  return frames;
}
