/**
 * Issue 15, "an in-app theme switch (light, dark, system)": the header's Theme picker
 * overrides the system's scheme for the page and the canvases, and is remembered.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, pixel, screenshot, SEED, waitForReady } from './helpers';

const theme = (page: Page) => page.getByRole('combobox', { name: 'Theme' });
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);
/** Mean of a colour's channels: light near 255, dark near 20. */
const brightness = (rgb: number[]) => (rgb[0] + rgb[1] + rgb[2]) / 3;
const rgbOf = (css: string) => (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);

test('the theme switch picks light or dark over the system, for the page and the flame graph, and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const canvas = page.getByRole('img', { name: 'Flame graph' });
  await expect(canvas).toBeVisible();
  await expect(page.getByTestId('flame-graph')).toHaveAttribute('data-frames', /^[1-9]/);
  // The top left corner of the canvas is background (the flame grows from the bottom).
  const corner = () => pixel(canvas, 3, 3);
  await expect(theme(page)).toHaveValue('system');
  expect(brightness(rgbOf(await pageBackground(page)))).toBeGreaterThan(200);
  expect(brightness(await corner())).toBeGreaterThan(200);

  await theme(page).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => brightness(rgbOf(await pageBackground(page)))).toBeLessThan(60);
  await expect.poll(async () => brightness(await corner())).toBeLessThan(60);
  await screenshot(page, 'theme-dark-over-light-system');

  // Remembered across a reload.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(theme(page)).toHaveValue('dark');

  // Light over a dark system; then "System" follows the system again.
  await page.emulateMedia({ colorScheme: 'dark' });
  await theme(page).selectOption('light');
  await expect.poll(async () => brightness(rgbOf(await pageBackground(page)))).toBeGreaterThan(200);
  await theme(page).selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await expect.poll(async () => brightness(rgbOf(await pageBackground(page)))).toBeLessThan(60);
});
