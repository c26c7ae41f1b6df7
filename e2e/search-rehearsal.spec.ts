/**
 * The flame graph rehearses its first draw with a search once the page is idle after a load
 * (src/ui/chart/search-rehearsal.ts): on its own canvas, with a made-up search, then the
 * view again in the same task. The made-up picture must never be what the page paints: at
 * the end of the rehearsal's task the canvas holds no dimmed frame, as a search's draw does.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, waitForReady } from './helpers';

interface CanvasAt {
  /** 'rehearsed' for the rehearsal's task, 'draw' for any other draw's. */
  kind: 'draw' | 'rehearsed';
  /**
   * Pixels of a dimmed frame's grey at the end of that task: the light palette's dimFill
   * over white, R = G = B near 226. No function's colour is a grey (their hues are
   * saturated) and task frames are blue-grey.
   */
  dimmed: number;
}

const canvasAt = (page: Page) => page.evaluate(() => (window as unknown as { __canvasAt: CanvasAt[] }).__canvasAt);

test('the rehearsed search draw leaves the flame graph showing the view, not the made-up search', async ({ page }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ colorScheme: 'light' });
  // The canvas as each draw's task leaves it: a mutation observer's callback runs at the end
  // of the task that set the attribute, before the page paints.
  await page.addInitScript(() => {
    const seen: CanvasAt[] = [];
    (window as unknown as { __canvasAt: CanvasAt[] }).__canvasAt = seen;
    const dimmedPixels = (c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 226) <= 2 && Math.abs(d[i + 1] - 226) <= 2 && Math.abs(d[i + 2] - 226) <= 2) n++;
      return n;
    };
    new MutationObserver((records) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=flame-graph] canvas');
      if (!canvas || canvas.width === 0) return;
      const rehearsed = records.some((r) => r.attributeName === 'data-search-rehearsed');
      seen.push({ kind: rehearsed ? 'rehearsed' : 'draw', dimmed: dimmedPixels(canvas) });
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-draw-ms', 'data-search-rehearsed'] });
  });
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const wrap = page.getByTestId('flame-graph');
  await expect(wrap).toHaveAttribute('data-search-rehearsed', 'true', { timeout: 30_000 });
  const seen = await canvasAt(page);
  const at = seen.findIndex((s) => s.kind === 'rehearsed');
  expect(at).toBeGreaterThan(0);
  expect(seen.slice(0, at + 1).map((s) => s.dimmed)).toEqual(seen.slice(0, at + 1).map(() => 0));
  await expect(wrap).toHaveAttribute('data-matched-frames', '');

  // The same count sees a search's dimmed frames when one is drawn.
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  await expect(wrap).toHaveAttribute('data-matched-frames', /^[1-9]/);
  await expect.poll(async () => (await canvasAt(page)).at(-1)?.dimmed ?? 0).toBeGreaterThan(1000);
});
