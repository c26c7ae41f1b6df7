/**
 * The `?` overlay lists every shortcut: the keys each keyboard handler of the app takes
 * (read from its source) are in that view's group of the list.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHORTCUT_GROUPS } from './shortcuts';

const source = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** How the overlay writes a key the handlers name by `KeyboardEvent.key`. */
const SHOWN: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  Escape: 'Esc',
  '=': '+', // the unshifted + key
};

/** Keys named in a handler: `case 'X':` labels and `X: () =>` / `'X': () =>` action tables. */
function handledKeys(code: string): string[] {
  const keys = new Set<string>();
  for (const m of code.matchAll(/case '([^']+)':/g)) keys.add(m[1]);
  for (const m of code.matchAll(/^\s*'?([\w+=\-*]+)'?: (?:\(\) =>|i [<+-]|i \+|0,|(?:rows|order)\.length|count - 1)/gm)) keys.add(m[1]);
  // A letter is shown as its capital (W A S D), whichever case the handler names.
  return [...new Set([...keys].map((k) => SHOWN[k] ?? (/^[a-z]$/i.test(k) ? k.toUpperCase() : k)))];
}

function listed(title: string): Set<string> {
  const group = SHORTCUT_GROUPS.find((g) => g.title === title);
  expect(group, title).toBeDefined();
  return new Set(group!.shortcuts.flatMap((s) => s.keys.map((k) => k.join('+'))));
}

describe('the shortcut overlay', () => {
  it.each([
    ['Call tree', '../call-tree/CallTreeGrid.tsx'],
    // The tables and lists move their rows with one helper (list-keys.ts): each lists its keys.
    ['Functions table', '../list-keys.ts'],
    ['Compared functions table', '../list-keys.ts'],
    ['Events', '../list-keys.ts'],
    ['Flame graph', '../chart/ChartCanvas.tsx'],
    ['Flame chart', '../chart/ChartCanvas.tsx'],
    ['Differential flame graph', '../chart/ChartCanvas.tsx'],
    // The keys the differential flame graph adds to the chart kit's (its `keys` table).
    ['Differential flame graph', '../compare/DiffFlameCanvas.tsx', 'keys={{'],
    ['Compared call tree', '../compare/compared-tree-rows.ts'],
    ['Flame chart', '../flame-chart/wasd-keys.ts'],
  ])('lists every key the %s takes (%s)', (title, file, from?: string) => {
    const code = source(file);
    const keys = handledKeys(from ? code.slice(code.indexOf(from)) : code);
    // A view's keys are more than the arrows; a slice of a file holds two or more.
    expect(keys.length).toBeGreaterThan(from ? 1 : 3);
    const shown = listed(title);
    for (const k of keys) expect(shown, `${title}: ${k}`).toContain(k);
  });

  it('lists the search box and kernel source keys', () => {
    expect(listed('Search box')).toEqual(new Set(['Enter', 'Shift+Enter', 'Esc']));
    expect([...listed('Kernel source box')]).toEqual(['Enter', 'Esc']);
  });
});
