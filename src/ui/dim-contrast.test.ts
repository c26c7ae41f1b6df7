/**
 * Rows and frames that do not match a search are dimmed, yet must stay readable: their
 * text keeps at least 4.5:1 contrast (WCAG AA) in both themes, on every background a row
 * can have (plain, hovered, focused) and on a dimmed canvas frame.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrast, over, parseColor, type Rgb } from '../test-utils/contrast';
import { DARK, LIGHT } from './chart/colors';
import { unknownFill } from '../lib/diff-colors';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

/** The custom properties of the first `<opening> { … }` block after `from`. */
function rootVars(from: number, opening = ':root {'): Map<string, string> {
  const start = css.indexOf(opening, from);
  expect(start, `${opening} in styles.css`).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}
/** Dark twice: the system's (a media query) and the theme switch's (html[data-theme=dark]). */
const SYSTEM_DARK = rootVars(css.indexOf('@media (prefers-color-scheme: dark)'), ":root:not([data-theme='light']) {");
const THEMES: [string, Map<string, string>][] = [
  ['light', rootVars(0)],
  ['dark', rootVars(0, ":root[data-theme='dark'] {")],
];

describe('themes', () => {
  it("the system's dark and the switch's dark are the same colours", () => {
    expect(SYSTEM_DARK.size).toBeGreaterThan(10);
    expect(Object.fromEntries(THEMES[1][1])).toEqual(Object.fromEntries(SYSTEM_DARK));
  });
});

/** The declarations of the rule whose selector list contains `selector`. */
function ruleOf(selector: string): string {
  const at = css.indexOf(selector);
  expect(at, `${selector} in styles.css`).toBeGreaterThanOrEqual(0);
  return css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
}

const AA = 4.5;

describe('dimmed text contrast', () => {
  it('dims table rows by colour only (no opacity), in a colour that reads on every row background', () => {
    for (const selector of ['.ct-row.ct-dim', '.fn-row.fn-dim']) {
      const rule = ruleOf(selector);
      expect(rule).not.toMatch(/opacity/);
      const colorVar = /color:\s*var\((--[\w-]+)\)/.exec(rule)?.[1];
      expect(colorVar).toBeDefined();
      for (const [theme, vars] of THEMES) {
        const fg = parseColor(vars.get(colorVar!)!).rgb;
        for (const bg of ['--bg', '--bg-soft', '--bg-raised', '--accent-soft']) {
          const ratio = contrast(fg, parseColor(vars.get(bg)!).rgb);
          expect(ratio, `${selector} ${theme} on ${bg}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(AA);
        }
      }
    }
  });

  it('labels dimmed canvas frames readably in both palettes', () => {
    for (const palette of [LIGHT, DARK]) {
      const background = parseColor(palette.background).rgb;
      const fill: Rgb = over(palette.dimFill, background);
      const text: Rgb = over(palette.dimText, fill);
      const ratio = contrast(text, fill);
      expect(ratio, `${palette.dark ? 'dark' : 'light'}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(AA);
    }
  });
});

describe('the differential flame graph\'s unknown change', () => {
  it('keeps its labels at 4.5:1 on the grey of an unknown change, in both themes', () => {
    for (const [palette, dark] of [[LIGHT, false], [DARK, true]] as const) {
      expect(contrast(parseColor(unknownFill(dark)).rgb, parseColor(palette.text).rgb)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
