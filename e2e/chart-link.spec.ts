/**
 * The flame chart's zoom window in the permalink (`cw`): a zoom on the sample trace is
 * written into the address once it settles, and the address opened in a fresh page shows
 * the same window (the chart's data attributes and the ruler's labels).
 */
import { expect, test, type Page } from '@playwright/test';
import { holdsStill, waitForReady } from './helpers';

async function chartOf(page: Page) {
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  const wrap = page.getByTestId('flame-chart');
  await expect.poll(async () => Number(await wrap.getAttribute('data-drawn-frames'))).toBeGreaterThan(0);
  return wrap;
}

const rulerLabels = (page: Page) => page.getByTestId('time-ruler').locator('.time-ruler-tick').allTextContents();

test("a link reopens the flame chart's zoom window", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const wrap = await chartOf(page);
  await holdsStill(wrap, 'data-visible-ns');
  const box = (await wrap.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
  await holdsStill(wrap, 'data-visible-ns');
  // The address follows the window once it settles: a `cw` written for an earlier step of
  // the zoom may still be there when the chart holds still (a CI run read one 53 ms off).
  const start = Number(await wrap.getAttribute('data-visible-start'));
  const end = Number(await wrap.getAttribute('data-visible-end'));
  await expect
    .poll(() => {
      const m = /&cw=(\d+)-(\d+)/.exec(new URL(page.url()).hash);
      return m ? Math.max(Math.abs(Number(m[1]) - start), Math.abs(Number(m[2]) - end)) : Number.POSITIVE_INFINITY;
    })
    .toBeLessThanOrEqual(1);
  const labels = await rulerLabels(page);

  const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const other = await context.newPage();
  await other.goto(page.url());
  const wrap2 = await chartOf(other);
  await expect.poll(async () => Math.abs(Number(await wrap2.getAttribute('data-visible-start')) - start)).toBeLessThanOrEqual(1);
  expect(Math.abs(Number(await wrap2.getAttribute('data-visible-end')) - end)).toBeLessThanOrEqual(1);
  expect(await rulerLabels(other)).toEqual(labels);
  await context.close();
});
