/**
 * WCAG 2 contrast of CSS colours, for tests that hold the app's colours to 4.5:1.
 * Colours are `#rrggbb` or `rgba(r, g, b, a)`; a translucent colour is first laid over
 * the colour beneath it, as the browser paints it.
 */

export type Rgb = [number, number, number];

/** `#rrggbb` / `rgb(…)` / `rgba(…)` as RGB and alpha. */
export function parseColor(css: string): { rgb: Rgb; alpha: number } {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return { rgb: [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)], alpha: 1 };
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(css.trim());
  if (fn) return { rgb: [Number(fn[1]), Number(fn[2]), Number(fn[3])], alpha: fn[4] === undefined ? 1 : Number(fn[4]) };
  throw new Error(`not a colour this helper reads: ${css}`);
}

/** `top` painted over the opaque `under`. */
export function over(top: string, under: Rgb): Rgb {
  const { rgb, alpha } = parseColor(top);
  return [0, 1, 2].map((k) => rgb[k] * alpha + under[k] * (1 - alpha)) as Rgb;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The contrast ratio of two opaque colours (1 to 21). */
export function contrast(a: Rgb, b: Rgb): number {
  const x = luminance(a);
  const y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
