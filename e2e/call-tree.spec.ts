/**
 * The call tree in the real app (production build, real worker, Chromium): keyboard
 * expansion down to tcp_sendmsg in the seed trace, the inverted tree, search stepping
 * from the search box, and screenshots in light and dark.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, waitForReady } from './helpers';

/** The syscall path curl takes to send its request (from the trace text). */
const SENDTO_PATH = ['curl-139', 'x64_sys_call', '__x64_sys_sendto', '__sys_sendto', '__sock_sendmsg', 'inet_sendmsg', 'tcp_sendmsg'];

const grid = (page: Page) => page.getByRole('treegrid', { name: 'Call tree' });
const focused = (page: Page) => grid(page).locator('[role=row][aria-selected=true]');
/** The name cell text of a row (the function name; the source link is an icon). */
const nameOf = (row: Locator) => row.locator('.ct-fn');

async function openTree(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Call tree' }).click();
  await expect(grid(page).locator('[role=row][aria-level="1"]').first()).toBeVisible();
}

/**
 * From the focused row, walks down `path` with the keyboard only: Down until the focused
 * row is the next name, then Right (expand, if closed) and Right (first child).
 */
async function walkDown(page: Page, path: string[]): Promise<void> {
  for (let k = 0; k < path.length; k++) {
    for (let guard = 0; ; guard++) {
      expect(guard, `looking for ${path[k]} at level ${k + 1}`).toBeLessThan(80);
      const row = focused(page);
      if ((await row.getAttribute('aria-level')) === String(k + 1) && (await nameOf(row).textContent()) === path[k]) break;
      await page.keyboard.press('ArrowDown');
    }
    if (k < path.length - 1) {
      await expect(focused(page)).toHaveAttribute('aria-expanded', /true|false/);
      // A row an earlier step of the same test opened is open already: Right then goes to its child.
      if ((await focused(page).getAttribute('aria-expanded')) === 'false') {
        await page.keyboard.press('ArrowRight');
        await expect(focused(page)).toHaveAttribute('aria-expanded', 'true');
      }
      await page.keyboard.press('ArrowRight');
      await expect(focused(page)).toHaveAttribute('aria-level', String(k + 2));
    }
  }
}

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
// The search stepping test stays apart: a step goes on from the match the last one found.
test('keyboard: expand down to tcp_sendmsg and back up; the inverted tree; the dark screenshot', async ({ page }) => {
  test.setTimeout(180_000);
  await openTree(page);

  await test.step('keyboard: expand from curl-139 down to __x64_sys_sendto … tcp_sendmsg; Left goes back up', async () => {
    await expect(grid(page).locator('[role=row][aria-level="1"] .ct-fn', { hasText: /^curl-139$/ })).toBeVisible();
    await grid(page).focus();
    await page.keyboard.press('Home');
    await expect(focused(page)).toHaveCount(1);
    await expect(focused(page)).toHaveAttribute('aria-level', '1');

    await walkDown(page, SENDTO_PATH);
    const row = focused(page);
    await expect(nameOf(row)).toHaveText('tcp_sendmsg');
    await expect(row).toHaveAttribute('aria-level', '7');
    // The columns: total, self, calls and share are formatted numbers.
    const cells = row.getByRole('gridcell');
    await expect(cells).toHaveCount(5);
    await expect(cells.nth(1)).toHaveText(/^[\d.,]+ (ns|us|ms|s)$/);
    await expect(cells.nth(3)).toHaveText('1');
    await expect(cells.nth(4)).toHaveText(/^\d+\.\d%$/);
    // Its source link, next to the name.
    const link = row.getByRole('link', { name: 'Source of tcp_sendmsg on elixir.bootlin.com' });
    await expect(link).toHaveAttribute('href', 'https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('target', '_blank');
    await screenshot(page, 'call-tree-tcp_sendmsg-light');

    // Enter toggles the row and selects its function (the callers & callees pane shows it).
    await page.keyboard.press('Enter');
    await expect(row).toHaveAttribute('aria-expanded', 'true');
    await expect(grid(page).locator('[role=row][aria-level="8"] .ct-fn', { hasText: /^tcp_sendmsg_locked$/ })).toBeVisible();
    await page.getByRole('button', { name: 'Callers & callees' }).click();
    const pane = page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' });
    await expect(pane).toBeVisible();
    await expect(pane.getByRole('list', { name: 'Caller paths of tcp_sendmsg' })).toContainText('__x64_sys_sendto');

    // Left collapses, then goes to the parent; Up moves the selection.
    await grid(page).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(row).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('ArrowLeft');
    await expect(nameOf(focused(page))).toHaveText('inet_sendmsg');
    await expect(focused(page)).toHaveAttribute('aria-level', '6');
    await page.keyboard.press('ArrowUp');
    await expect(focused(page)).toHaveAttribute('aria-level', /^[1-6]$/);
    await expect(nameOf(focused(page))).not.toHaveText('inet_sendmsg');
    // Exactly one row is selected at a time.
    await expect(focused(page)).toHaveCount(1);
    // The pane closed again, as after a load, for the steps below.
    await page.getByRole('button', { name: 'Callers & callees' }).click();
    await expect(page.getByRole('button', { name: 'Callers & callees' })).toHaveAttribute('aria-pressed', 'false');
  });

  await test.step('inverted: the callers of a leaf are its children', async () => {
    await grid(page).focus();
    await page.keyboard.press('Home');
    await walkDown(page, [...SENDTO_PATH, 'tcp_sendmsg_locked', 'tcp_rate_check_app_limited']);
    // A leaf: no aria-expanded.
    await expect(focused(page)).not.toHaveAttribute('aria-expanded', /.*/);

    const inverted = page.getByRole('button', { name: 'Inverted' });
    await expect(inverted).toHaveAttribute('aria-pressed', 'false');
    await inverted.click();
    await expect(inverted).toHaveAttribute('aria-pressed', 'true');
    // The focused function stays focused, now as a root of the bottom-up tree.
    await expect(nameOf(focused(page))).toHaveText('tcp_rate_check_app_limited');
    await expect(focused(page)).toHaveAttribute('aria-level', '1');
    await grid(page).focus();
    await page.keyboard.press('ArrowRight');
    await expect(focused(page)).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(focused(page)).toHaveAttribute('aria-level', '2');
    await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg_locked');
    // `*` opens the whole caller chain, out to the task.
    await page.keyboard.press('*');
    await expect(grid(page).locator('[role=row][aria-level="3"] .ct-fn', { hasText: /^tcp_sendmsg$/ })).toBeVisible();
    await expect(grid(page).locator('.ct-fn', { hasText: /^curl-139$/ }).first()).toBeVisible();
    await screenshot(page, 'call-tree-inverted-light');

    // Back to top-down: the full reversed path exists, so the row is found again.
    await inverted.click();
    await expect(nameOf(focused(page))).toHaveText('tcp_rate_check_app_limited');
    await expect(focused(page)).toHaveAttribute('aria-level', '9');
  });

  await test.step('dark mode screenshot', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const box = page.getByRole('searchbox', { name: 'Search functions' });
    await box.fill('tcp_sendmsg');
    await box.press('Enter');
    await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg');
    await page.getByRole('button', { name: 'Callers & callees' }).click();
    await grid(page).locator('[role=row][aria-selected=true]').click();
    await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' })).toBeVisible();
    await screenshot(page, 'call-tree-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

test('search stepping from the search box focuses each match in the tree; marks and dims rows', async ({ page }) => {
  await openTree(page);
  const box = page.getByRole('searchbox', { name: 'Search functions' });
  await box.fill('tcp_sendmsg');
  await box.press('Enter');
  await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg');
  await expect(focused(page)).toHaveAttribute('aria-level', '7');
  await expect(focused(page)).toHaveClass(/ct-hit/);
  // Its ancestors were opened on the way, and rows that do not match are dimmed.
  await expect(grid(page).locator('[role=row][aria-level="3"] .ct-fn', { hasText: /^__x64_sys_sendto$/ })).toBeVisible();
  await expect(grid(page).locator('[role=row].ct-dim').first()).toBeVisible();
  await box.press('Enter');
  await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg_locked');
  await box.press('Shift+Enter');
  await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg');
  await screenshot(page, 'call-tree-search-light');
});
