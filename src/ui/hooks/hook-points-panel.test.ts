/**
 * The Hook points panel's markup for trace names that hold a right-to-left override: each
 * name set beside other text (a variant's count, an entry's "(task root)", an interrupt's
 * "landed in") is in its own <bdi>, so the override cannot turn the text after it round.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test, vi } from 'vitest';
import type { HookPoints } from '../../core/query/hook-points';
import { hookPointsFromDsl } from '../../test-utils/hook-points-dsl';
import { HookPointsPanel } from './HookPointsPanel';

const RLO = '\u202e';
let hooks: HookPoints | null = null;
vi.mock('./useHookPoints', () => ({ useHookPoints: () => ({ status: 'ready', name: hooks?.name ?? '', hooks }) }));

/** The text outside every <bdi>…</bdi> of `html` (tags dropped). */
function outsideBdi(html: string): string {
  return html.replace(/<bdi>[\s\S]*?<\/bdi>/g, '').replace(/<[^>]*>/g, '');
}

describe('HookPointsPanel: trace names with a right-to-left override', () => {
  test("a variant's, an entry's and the panel's own name are each isolated", () => {
    // A root call named with an override, calling foo; foo's clone named with one.
    const dsl = `
curl-1 0 0 | ev${RLO}il {
curl-1 0 1 |   foo 1
curl-1 0 3 | } 3
curl-1 0 5 | foo.${RLO}x 1
`;
    hooks = hookPointsFromDsl(dsl, 'foo');
    expect(hooks.variants.map((v) => v.name)).toEqual([`foo.${RLO}x`]);
    expect(hooks.entries.map((e) => e.name)).toContain(`ev${RLO}il`);
    const html = renderToStaticMarkup(createElement(HookPointsPanel));
    // The names are shown...
    expect(html).toContain(`ev${RLO}il`);
    expect(html).toContain(`foo.${RLO}x`);
    // ...and none outside a <bdi>.
    expect(outsideBdi(html)).not.toContain(RLO);
    expect(outsideBdi(html)).toContain('(task root)');

    // The panel's own function named with an override (its clone selected).
    hooks = hookPointsFromDsl(dsl, `foo.${RLO}x`);
    const own = outsideBdi(renderToStaticMarkup(createElement(HookPointsPanel)));
    expect(own).not.toContain(RLO);
  });
});
