/**
 * Frame labels: the name cut to the frame's width with an ellipsis. Widths are measured
 * once per name and font (measureText is the slow part of drawing thousands of labels),
 * then the cut point comes from the average character width; a label may fall a few
 * pixels short of the frame, never past it (the caller also clips).
 */

export const LABEL_FONT = '11px ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace';
const ELLIPSIS = '…';

export class LabelFitter {
  private readonly widths = new Map<string, number>();
  private ellipsisWidth = -1;

  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  private width(text: string): number {
    let w = this.widths.get(text);
    if (w === undefined) {
      w = this.ctx.measureText(text).width;
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
