/**
 * The differential flame graph's colours (Brendan Gregg's differential flame graphs):
 * red where B spends more than A on a path, blue where it spends less, pale where the two
 * are equal, grey where the change is unknown; the intensity is the change over the largest change on screen. `negated`
 * swaps the hues (Gregg's --negate). A path on one side only gets a strong marker colour
 * of its own, so it stands out even when the change it makes is small.
 *
 * In lib because two layers colour by it: the canvas (ui/compare/diff-draw.ts) and the
 * differential flame graph's SVG export, written in the worker (service/queries/diff-export.ts).
 */

export interface DiffColourInput {
  /** B - A of the compared quantity (normalised). */
  delta: number;
  /** The largest |delta| among the frames (the scale's 100 %). */
  maxAbsDelta: number;
  dark: boolean;
  negated: boolean;
}

/** 0..1: how strong the change is (0 for no change or an empty scale). */
export function changeIntensity(delta: number, maxAbsDelta: number): number {
  if (!(maxAbsDelta > 0) || !Number.isFinite(delta)) return 0;
  return Math.min(1, Math.abs(delta) / maxAbsDelta);
}

const RED_HUE = 2;
const BLUE_HUE = 218;

/**
 * The fill of a frame whose change is unknown (NaN: a side's time of the path that none of
 * its calls has, the function tracer's; per call of a function a side never calls): grey,
 * darker than the pale of "equal" in light mode and lighter in dark mode. It was that pale,
 * so under the key's "equal" every path of a function tracer trace against function_graph
 * read as unchanged. Labels keep 4.5:1 on it (ui/dim-contrast.test.ts).
 */
export function unknownFill(dark: boolean): string {
  return dark ? 'rgb(100, 100, 100)' : 'rgb(176, 176, 176)';
}

/** The fill of a frame; a label stays readable on it (dark text in light mode, light text in dark mode). */
export function diffFill({ delta, maxAbsDelta, dark, negated }: DiffColourInput): string {
  if (Number.isNaN(delta)) return unknownFill(dark);
  const t = changeIntensity(delta, maxAbsDelta);
  if (t === 0) return dark ? 'hsl(220 6% 30%)' : 'hsl(40 12% 90%)';
  const more = delta > 0 !== negated;
  const hue = more ? RED_HUE : BLUE_HUE;
  // A small change still shows its side: at least a quarter of the full tint.
  const k = 0.25 + 0.75 * t;
  return dark
    ? `hsl(${hue} ${(30 + 50 * k).toFixed(0)}% ${(30 - 8 * k).toFixed(1)}%)`
    : `hsl(${hue} ${(45 + 45 * k).toFixed(0)}% ${(88 - 30 * k).toFixed(1)}%)`;
}

/** The marker of a path present on one side only (1 only A, 2 only B; 3 none). */
export function oneSidedMarker(presence: number, dark: boolean, negated: boolean): string | null {
  if (presence !== 1 && presence !== 2) return null;
  const onlyB = presence === 2;
  const red = onlyB !== negated;
  if (dark) return red ? '#ff6b6b' : '#6ba4ff';
  return red ? '#b3000c' : '#0a3fb8';
}
