/**
 * Issue 15, "a link reproduces the view": the call tree's open path (as names), the
 * selected function and the open Callers & callees pane travel in the link, and the Share
 * dialog says so in the user's words. On the seed trace a search for tcp_sendmsg opens the
 * tree down to it (curl-139 › … › inet_sendmsg › tcp_sendmsg, level 7).
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, waitForReady } from './helpers';

const grid = (page: Page) => page.getByRole('treegrid', { name: 'Call tree' });
const focused = (page: Page) => grid(page).locator('[role=row][aria-selected=true]');

test("a link carries the call tree's open path, the selected function and the Callers & callees pane", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Call tree' }).click();
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  await expect(focused(page).locator('.ct-fn')).toHaveText('tcp_sendmsg');
  await page.getByRole('button', { name: 'Callers & callees' }).click();
  await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' })).toBeVisible();
  // Clearing the search leaves the path open: the link must carry it, not the search.
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('');

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  await expect(dialog).toContainText('the Call tree tab');
  await expect(dialog).toContainText('the call tree opened from curl-139 down to tcp_sendmsg (6 levels open), tcp_sendmsg in focus');
  await expect(dialog).toContainText('the function tcp_sendmsg selected');
  await expect(dialog).toContainText("the call tree's Callers & callees pane open");
  await screenshot(page, 'share-dialog-tree-path');
  const link = await dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toContain('&p=cc');
  expect(link).toContain('&f=curl-139,');

  const other = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await other.goto(link);
  await openTrace(other, SEED);
  await waitForReady(other, 60_000);
  await expect(other.getByRole('tab', { name: 'Call tree' })).toHaveAttribute('aria-selected', 'true');
  await expect(focused(other).locator('.ct-fn')).toHaveText('tcp_sendmsg');
  await expect(focused(other)).toHaveAttribute('aria-level', '7');
  await expect(focused(other)).toBeInViewport();
  await expect(other.getByRole('button', { name: 'Callers & callees' })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' })).toBeVisible();
  // Nothing dimmed: the link had no search.
  await expect(grid(other).locator('[role=row].ct-dim')).toHaveCount(0);
  await screenshot(other, 'link-tree-path-applied');
  await other.context().close();
});

test("a link carries the call tree's other open rows: the same rows open in a fresh page", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Call tree' }).click();
  const rowNamed = (p: Page, level: number, name: string) =>
    grid(p).locator(`[role=row][aria-level="${level}"]`, { has: p.locator('.ct-fn', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  const curl = rowNamed(page, 1, 'curl-139');
  await curl.locator('.ct-twisty').click();
  await expect(curl).toHaveAttribute('aria-expanded', 'true');
  // Two rows of level 2 that have children, opened by their twisty.
  const openable = grid(page).locator('[role=row][aria-level="2"][aria-expanded="false"]');
  const first = (await openable.nth(0).locator('.ct-fn').textContent())!;
  const second = (await openable.nth(1).locator('.ct-fn').textContent())!;
  // The lower one first: opening a row pushes the rows below it down (off screen, out of the DOM).
  await rowNamed(page, 2, second).locator('.ct-twisty').click();
  await expect(rowNamed(page, 2, second)).toHaveAttribute('aria-expanded', 'true');
  await rowNamed(page, 2, first).locator('.ct-twisty').click();
  await expect(rowNamed(page, 2, first)).toHaveAttribute('aria-expanded', 'true');

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  const link = await dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toMatch(/[#&]o=curl-139,[^&]*;curl-139,/);
  await expect(dialog).toContainText(`more rows of the call tree open (${first}, ${second}`);

  const other = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await other.goto(link);
  await openTrace(other, SEED);
  await waitForReady(other, 60_000);
  await expect(other.getByRole('tab', { name: 'Call tree' })).toHaveAttribute('aria-selected', 'true');
  await expect(rowNamed(other, 1, 'curl-139')).toHaveAttribute('aria-expanded', 'true');
  await expect(rowNamed(other, 2, first)).toHaveAttribute('aria-expanded', 'true');
  // The link's view written again in the fresh page names the same open rows.
  await expect.poll(() => new URL(other.url()).hash).toContain(new URL(link).hash.match(/&o=[^&]*/)![0]);
  // Closing the upper one brings the lower one back on screen: open too.
  await rowNamed(other, 2, first).locator('.ct-twisty').click();
  await expect(rowNamed(other, 2, first)).toHaveAttribute('aria-expanded', 'false');
  await expect(rowNamed(other, 2, second)).toHaveAttribute('aria-expanded', 'true');
  await other.context().close();
});
