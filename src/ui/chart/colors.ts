/**
 * Frame colours: stable per function (a hash of the name picks the hue), warm like
 * flamegraph.pl in light mode, deeper ember tones with light text in dark mode. A frame
 * that does not match an active search is drawn grey and faint, so matches stand out; its
 * label stays readable (4.5:1 on the grey, ui/dim-contrast.test.ts).
 * Task roots (`comm-pid`) are a neutral blue-grey: they are not functions.
 */

export interface FramePalette {
  dark: boolean;
  /** Label colour on a normal frame. */
  text: string;
  /** Label colour on a dimmed (non-matching) frame. */
  dimText: string;
  dimFill: string;
  taskFill: string;
  /** Outline of the hovered frame. */
  hover: string;
  /** Outline of the search match stepped to (Enter in the search box): cool, against the warm frames. */
  current: string;
  /** Canvas background (behind the frames). */
  background: string;
  /** Gap line between frames. */
  gap: string;
}

export const LIGHT: FramePalette = {
  dark: false,
  text: '#1d1a16',
  dimText: '#4f4f4f',
  dimFill: 'rgba(190, 190, 190, 0.45)',
  taskFill: '#b9c4d6',
  hover: '#1d2026',
  current: '#0050d8',
  background: '#ffffff',
  gap: '#ffffff',
};

export const DARK: FramePalette = {
  dark: true,
  text: '#f6efe6',
  dimText: '#b8bcc4',
  dimFill: 'rgba(90, 94, 102, 0.45)',
  taskFill: '#3b4658',
  hover: '#ffffff',
  current: '#5ab4ff',
  background: '#16181d',
  gap: '#16181d',
};

/** FNV-1a over the UTF-16 code units: cheap, stable across sessions. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const cache = [new Map<string, string>(), new Map<string, string>()];

/** The fill of a function's frames. */
export function frameFill(name: string, dark: boolean): string {
  const c = cache[dark ? 1 : 0];
  let fill = c.get(name);
  if (fill === undefined) {
    const h = hashName(name);
    // Three independent slices of the hash: hue (red → yellow), saturation, lightness.
    const hue = (h % 1000) / 1000;
    const sat = ((h >>> 10) % 1000) / 1000;
    const lit = ((h >>> 20) % 1000) / 1000;
    fill = dark
      ? `hsl(${(4 + hue * 38).toFixed(1)} ${(48 + sat * 22).toFixed(1)}% ${(28 + lit * 12).toFixed(1)}%)`
      : `hsl(${(hue * 52).toFixed(1)} ${(72 + sat * 20).toFixed(1)}% ${(58 + lit * 14).toFixed(1)}%)`;
    if (c.size > 20000) c.clear();
    c.set(name, fill);
  }
  return fill;
}
