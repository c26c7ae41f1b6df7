/**
 * Frame labels: the name cut to the frame's width with an ellipsis. Widths are measured
 * once per name and font (measureText is the slow part of drawing thousands of labels),
 * then the cut point comes from the average character width; a label may fall a few
 * pixels short of the frame, never past it (the caller also clips).
 *
 * The label font is monospace, and kernel names are printable ASCII: where the font's
 * ASCII advances are all one width, such a name's width is its length times that width,
 * with no measureText at all (the first draw of a large flame graph measured thousands of
 * names: about 14 ms of its main-thread task). Any other name is measured.
 */

export const LABEL_FONT = '11px ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace';
const ELLIPSIS = '…';

export class LabelFitter {
  private readonly widths = new Map<string, number>();
  private ellipsisWidth = -1;
  /** The one advance of the font's printable ASCII characters; 0 when they differ (not monospace), -1 before the first label. */
  private asciiAdvance = -1;

  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  private width(text: string): number {
    let w = this.widths.get(text);
    if (w === undefined) {
      if (this.asciiAdvance < 0) this.asciiAdvance = monospaceAdvance(this.ctx);
      w = this.asciiAdvance > 0 && isPrintableAscii(text) ? text.length * this.asciiAdvance : this.ctx.measureText(text).width;
      if (this.widths.size > 50000) this.widths.clear();
      this.widths.set(text, w);
    }
    return w;
  }

  /** The text to draw in `maxPx`, or null when not even two characters fit. */
  fit(text: string, maxPx: number): string | null {
    if (maxPx <= 0 || text.length === 0) return null;
    const full = this.width(text);
    if (full <= maxPx) return text;
    if (this.ellipsisWidth < 0) this.ellipsisWidth = this.ctx.measureText(ELLIPSIS).width;
    const perChar = full / text.length;
    const n = Math.floor((maxPx - this.ellipsisWidth) / perChar);
    return n >= 2 ? text.slice(0, n) + ELLIPSIS : null;
  }
}

/** Characters of different widths in a proportional font; all one width in a monospace one. */
const ADVANCE_PROBES = ['i', 'W', 'm', '_', '.', '0'];
const PROBE_LENGTH = 16;

/** The advance of the context's current font when every probe character has the same one, else 0. */
function monospaceAdvance(ctx: CanvasRenderingContext2D): number {
  const widths = ADVANCE_PROBES.map((c) => ctx.measureText(c.repeat(PROBE_LENGTH)).width);
  const first = widths[0];
  if (!(first > 0) || widths.some((w) => Math.abs(w - first) > 1e-6)) return 0;
  return first / PROBE_LENGTH;
}

function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
