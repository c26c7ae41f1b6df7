/**
 * Type-ahead in the call tree (production build, real worker, Chromium): from the seed
 * trace's curl task down to inet_sendmsg with → and names typed (`x64_sys_sendto` finding
 * `__x64_sys_sendto`: leading underscores skipped), then `tcp` focuses a tcp_… row.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, waitForReady } from './helpers';

const grid = (page: Page) => page.getByRole('treegrid', { name: 'Call tree' });
const focusedName = (page: Page) => grid(page).locator('[role=row][aria-selected=true] .ct-fn');

test('typing a name in the call tree focuses the next row that starts with it', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Call tree' }).click();
  await expect(grid(page).locator('[role=row][aria-level="1"]').first()).toBeVisible();
  await grid(page).focus();

  await page.keyboard.type('curl');
  await expect(focusedName(page)).toHaveText(/^curl-\d+$/);
  for (const [typed, name] of [
    ['x64_sys_c', 'x64_sys_call'],
    ['x64_sys_sendto', '__x64_sys_sendto'],
    ['sys_sendto', '__sys_sendto'],
    ['sock_sendmsg', '__sock_sendmsg'],
    ['inet_sendmsg', 'inet_sendmsg'],
  ]) {
    await page.keyboard.press('ArrowRight');
    await expect(grid(page).locator('[role=row][aria-selected=true]')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.type(typed);
    await expect(focusedName(page)).toHaveText(name);
  }
  await page.keyboard.press('ArrowRight');
  await expect(grid(page).locator('[role=row][aria-selected=true]')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.type('tcp');
  await expect(focusedName(page)).toHaveText(/^tcp_/);
});
