/**
 * Issue 15, "search shows the match": the flame graph and the flame chart offer "Zoom to
 * match". On the seed trace tcp_sendmsg (6.04 ms) and tcp_sendmsg_locked are the two
 * matches of "tcp_sendmsg", one call each, under __x64_sys_sendto.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, waitForReady } from './helpers';

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });
const zoomButton = (page: Page) => page.getByRole('button', { name: 'Zoom to match' });

async function openSeed(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
}

test('flame graph: "Zoom to match" zooms into each match in turn; Enter there does the same', async ({ page }) => {
  await openSeed(page);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await expect(zoomButton(page)).toHaveCount(0);
  await searchBox(page).fill('tcp_sendmsg');
  const wrap = page.getByTestId('flame-graph');
  const crumbs = page.getByRole('navigation', { name: 'Flame graph zoom' });
  await zoomButton(page).click();
  await expect(wrap).toHaveAttribute('data-zoom-root', 'tcp_sendmsg');
  await expect(crumbs.getByRole('button', { name: '__x64_sys_sendto' })).toBeVisible();
  await expect(crumbs.getByRole('button').nth(1)).toHaveText('curl-139');
  await expect(page.getByRole('tab', { name: 'Flame graph' })).toHaveAttribute('aria-selected', 'true');
  // The zoom root is the match: it spans the whole width (data-zoom-root is the depth-0 frame's name).
  await screenshot(page, 'flame-graph-zoom-to-match');
  // The selection follows the step (the callers & callees of the match).
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('tcp_sendmsg');

  await zoomButton(page).click();
  await expect(wrap).toHaveAttribute('data-zoom-root', 'tcp_sendmsg_locked');
  // Enter in the search box steps too, and the graph stays in front.
  await searchBox(page).press('Enter');
  await expect(page.getByRole('tab', { name: 'Flame graph' })).toHaveAttribute('aria-selected', 'true');
  await expect(wrap).toHaveAttribute('data-zoom-root', /^tcp_sendmsg(_locked)?$/);
});

test('flame chart: "Zoom to match" centres and outlines the match', async ({ page }) => {
  await openSeed(page);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  await searchBox(page).fill('tcp_sendmsg');
  const chart = page.getByTestId('flame-chart');
  await expect(chart).not.toHaveAttribute('data-current-call', /./);
  await zoomButton(page).click();
  await expect(chart).toHaveAttribute('data-current-call', /^\d+$/);
  await expect(chart).toHaveAttribute('data-task', 'curl-139');
  const start = Number(await chart.getAttribute('data-current-start'));
  const end = Number(await chart.getAttribute('data-current-end'));
  expect(end - start).toBe(6_042_253); // tcp_sendmsg's one call (src/service/queries/search.test.ts)
  await expect(page.getByRole('tab', { name: 'Flame chart' })).toHaveAttribute('aria-selected', 'true');
  await screenshot(page, 'flame-chart-zoom-to-match');
});
