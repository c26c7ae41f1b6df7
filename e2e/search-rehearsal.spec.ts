/**
 * The flame graph rehearses its first draw with a search once the page is idle after a load
 * (src/ui/chart/search-rehearsal.ts): on its own canvas, with a made-up search, then the
 * view again in the same task. The made-up picture must never be what the page paints: at
 * the end of the rehearsal's task the canvas holds the view, pixel for pixel as the draw
 * before it left it.
 */
import { expect, test } from '@playwright/test';
import { gotoApp, openTrace, SEED, waitForReady } from './helpers';

interface CanvasAt {
  /** 'rehearsed' for the rehearsal's task, 'draw' for any other draw's. */
  kind: 'draw' | 'rehearsed';
  /** FNV-1a over the canvas's RGBA bytes at the end of that task. */
  hash: number;
}

test('the rehearsed search draw leaves the flame graph showing the view, not the made-up search', async ({ page }) => {
  test.setTimeout(120_000);
  // The canvas as each draw's task leaves it: a mutation observer's callback runs at the end
  // of the task that set the attribute, before the page paints.
  await page.addInitScript(() => {
    const seen: CanvasAt[] = [];
    (window as unknown as { __canvasAt: CanvasAt[] }).__canvasAt = seen;
    const hashOf = (c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let h = 0x811c9dc5;
      for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193);
      return h >>> 0;
    };
    new MutationObserver((records) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=flame-graph] canvas');
      if (!canvas || canvas.width === 0) return;
      const rehearsed = records.some((r) => r.attributeName === 'data-search-rehearsed');
      seen.push({ kind: rehearsed ? 'rehearsed' : 'draw', hash: hashOf(canvas) });
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-draw-ms', 'data-search-rehearsed'] });
  });
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const wrap = page.getByTestId('flame-graph');
  await expect(wrap).toHaveAttribute('data-search-rehearsed', 'true', { timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { __canvasAt: CanvasAt[] }).__canvasAt);
  const at = seen.findIndex((s) => s.kind === 'rehearsed');
  expect(at).toBeGreaterThan(0);
  expect(seen[at - 1].kind).toBe('draw');
  expect(seen[at].hash).toBe(seen[at - 1].hash);
  // No search is on, and no frame is counted as matched.
  await expect(wrap).toHaveAttribute('data-matched-frames', '');
});
