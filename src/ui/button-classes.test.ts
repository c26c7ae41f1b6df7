/**
 * Every button of the UI has the app's look: a class the stylesheet styles. A bare
 * `<button>` is drawn by the browser (grey, and in the dark theme a light grey box with a
 * white border beside the themed buttons): Export, Hook points and the Copy buttons were.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const UI = dirname(fileURLToPath(import.meta.url));
const CSS = readFileSync(join(UI, 'styles.css'), 'utf8');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

/** Each `<button …>` opening tag of a file's JSX, braces balanced, with its line. */
function buttonTags(text: string): { tag: string; line: number }[] {
  const out: { tag: string; line: number }[] = [];
  for (const m of text.matchAll(/<button\b/g)) {
    let depth = 0;
    let i = m.index + m[0].length;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '>' && depth === 0) break;
    }
    out.push({ tag: text.slice(m.index, i + 1), line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** The classes a tag names as plain words (a string literal, or the words quoted in an expression). */
function classNames(tag: string): string[] | null {
  const literal = /className="([^"]*)"/.exec(tag);
  if (literal) return literal[1].split(/\s+/).filter(Boolean);
  const expr = /className=\{([\s\S]*?)\}\s*(?:[a-zA-Z-]+=|\/?>)/.exec(tag);
  if (!expr) return null;
  return [...expr[1].matchAll(/['"`]([a-z][a-z0-9 -]*)/g)].flatMap((m) => m[1].split(/\s+/)).filter(Boolean);
}

/** The stylesheet's rules: selector list and body. */
const RULES = [...CSS.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({ selector: m[1], body: m[2] }));

/**
 * A class gives a button a look when a rule of it draws the box (a border or a background):
 * a class that only places the button (margin, display, font size) leaves the browser's grey
 * box, as the flame views' card action was.
 */
const styled = (cls: string): boolean => {
  const named = new RegExp(`\\.${cls.replace(/-/g, '\\-')}(?![a-z0-9-])`);
  return RULES.some((r) => named.test(r.selector) && /(^|[;\s])(border|background)(-[a-z]+)?\s*:/.test(r.body));
};

describe('buttons', () => {
  it('every <button> in ui/ has a class that styles.css styles', () => {
    const bare: string[] = [];
    for (const file of tsxFiles(UI)) {
      for (const { tag, line } of buttonTags(readFileSync(file, 'utf8'))) {
        const classes = classNames(tag);
        if (!classes || !classes.some(styled)) bare.push(`${relative(UI, file)}:${line} ${classes ? classes.join(' ') : '(no className)'}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it('the tag reader finds bare buttons and styled ones', () => {
    expect(buttonTags('<button type="button" onClick={() => f(a > b)}>x</button>').map((t) => classNames(t.tag))).toEqual([null]);
    expect(classNames('<button className="button small">')).toEqual(['button', 'small']);
    expect(classNames("<button className={on ? 'crumb crumb-missing' : 'crumb'} type=\"button\">")).toEqual(['crumb', 'crumb-missing', 'crumb']);
    expect(styled('button')).toBe(true);
    expect(styled('no-such-class-here')).toBe(false);
    // Placed but not drawn: the card's action had only margin, display and font size.
    expect(RULES.some((r) => r.selector.includes('.hp-copy'))).toBe(true);
    expect(styled('hp-copy')).toBe(false);
  });
});
