/**
 * A click on a flame graph frame zooms into the frame whose card is shown, also within a
 * pixel of its edge. The pointer moves that place the card are as precise as the pointer
 * (fractions of a CSS pixel); a click's coordinates are whole pixels. Hit-tested at the
 * click's own coordinates, a click just past an edge zoomed into the neighbour of the
 * frame the card named.
 */
import { expect, test, type Page } from '@playwright/test';
import { animationFrames, gotoApp, openTrace, SEED, waitForReady } from './helpers';

const cardName = (page: Page) => page.getByRole('tooltip').locator('.frame-tooltip-name');

/** The name on the card of the frame under (x, y) once the page has caught up; '' for none. */
async function nameAt(page: Page, x: number, y: number): Promise<string> {
  await page.mouse.move(x, y);
  await animationFrames(page);
  return (await cardName(page).count()) ? ((await cardName(page).textContent()) ?? '').trim() : '';
}

test('a click just past a frame edge zooms into the frame whose card is shown', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const wrap = page.getByTestId('flame-graph');
  await expect.poll(async () => Number(await wrap.getAttribute('data-frames'))).toBeGreaterThan(0);
  const box = (await page.getByRole('img', { name: 'Flame graph' }).boundingBox())!;
  // Depth 1: the functions each task called first (depth 0, the tasks, is the bottom row).
  const y = box.y + box.height - 18 - 9;

  // Walk the row for an edge between two named frames that falls in the left part of a
  // pixel, so that a point just right of it rounds (or truncates) to a pixel left of it.
  let found: { left: string; right: string; at: number } | null = null;
  let prevX = box.x + 2;
  let prev = await nameAt(page, prevX, y);
  for (let x = prevX + 6; x < box.x + box.width - 2 && !found; x += 6) {
    const here = await nameAt(page, x, y);
    if (prev && here && here !== prev) {
      // Narrow the edge where `prev` ends down to 1/64 px by hovering (the card follows
      // fractional moves): `prev` at lo, something else at hi.
      let lo = prevX;
      let hi = x;
      while (hi - lo > 1 / 64) {
        const mid = (lo + hi) / 2;
        if ((await nameAt(page, mid, y)) === prev) lo = mid;
        else hi = mid;
      }
      const right = await nameAt(page, hi + 1 / 32, y);
      const pixel = Math.floor(hi);
      if (right !== '' && right !== prev && hi - pixel > 0.1 && hi - pixel < 0.4 && lo > pixel) {
        found = { left: prev, right, at: hi + 1 / 32 };
      }
    }
    prevX = x;
    prev = here;
  }
  expect(found, 'an edge between two frames in the left part of a pixel').not.toBeNull();
  const { left, right, at } = found!;
  expect(await nameAt(page, at, y)).toBe(right);
  expect(left).not.toBe(right);

  await page.mouse.click(at, y);
  await expect(wrap).toHaveAttribute('data-zoom-root', right);
});
