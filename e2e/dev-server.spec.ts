/**
 * The README's first command, `npm start`, serves the development build: React runs every
 * effect twice there (StrictMode), which once left the canvas views blank and closed the
 * paste dialog as it opened. Here the dev server opens with its sample, every view draws,
 * the paste dialog stays open, a function's callers and callees show, and no page error or
 * React warning (two list children with one key, say) is logged.
 */
import { expect, test } from '@playwright/test';
import { DEV_PORT } from '../playwright.config';
import { animationFrames, waitForReady } from './helpers';

test('npm start: the sample opens, the flame graph, flame chart and call tree show it, the paste dialog opens', async ({ page }) => {
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
  // The paste dialog stays open (a close() on unmount once closed its second mount).
  await page.getByRole('button', { name: 'Paste trace text' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste trace text' });
  await expect(dialog).toBeVisible();
  // Still open once StrictMode's second mount has run and the page has painted.
  await animationFrames(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // A function's callers and callees, their lists keyed per function.
  await page.getByRole('tab', { name: 'Functions' }).click();
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  await page
    .getByRole('grid', { name: 'Functions' })
    .locator('.fn-body > [role=row]')
    .filter({ has: page.locator('.fn-name', { hasText: /^tcp_sendmsg$/ }) })
    .click();
  const panel = page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' });
  await expect(panel.getByRole('table', { name: 'Callees of tcp_sendmsg' })).toContainText('tcp_sendmsg_locked');
  await expect(panel.getByRole('list', { name: 'Caller paths of tcp_sendmsg' }).getByRole('listitem').first()).toBeVisible();
  await animationFrames(page);
  expect(errors).toEqual([]);
});
