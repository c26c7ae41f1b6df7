/**
 * The README's first command, `npm start`, serves the development build: React runs every
 * effect twice there (StrictMode), which once left the canvas views blank. Here the dev
 * server opens with its sample and every view draws, with no page error.
 */
import { expect, test } from '@playwright/test';
import { DEV_PORT } from '../playwright.config';
import { waitForReady } from './helpers';

test('npm start: the sample opens and the flame graph, flame chart and call tree show it', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`http://127.0.0.1:${DEV_PORT}/`);
  await waitForReady(page, 90_000);
  for (const [tab, id] of [
    ['Flame graph', 'flame-graph'],
    ['Flame chart', 'flame-chart'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByTestId(id)).toHaveAttribute('data-drawn-frames', /^[1-9]/);
  }
  await page.getByRole('tab', { name: 'Call tree' }).click();
  await expect(page.getByRole('treegrid', { name: 'Call tree' }).getByRole('row', { name: /curl-139/ })).toBeVisible();
  expect(errors).toEqual([]);
});
