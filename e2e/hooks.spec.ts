/**
 * The Hook points panel in the real app: tcp_sendmsg in the seed trace is reached from
 * __x64_sys_sendto, its kprobe one-liner is there and Copy puts it on the clipboard; the
 * hook candidates under __x64_sys_connect list tcp_v4_connect.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, waitForReady } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const bodyRows = (page: Page) => page.getByRole('grid', { name: 'Functions' }).locator('.fn-body [role=row]');

async function selectFunction(page: Page, name: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Filter functions' }).fill(name);
  await bodyRows(page).filter({ has: page.locator('.fn-name', { hasText: new RegExp(`^${name}$`) }) }).click();
}

test('tcp_sendmsg: entry __x64_sys_sendto, a kprobe one-liner, Copy puts it on the clipboard', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Functions' }).click();
  await selectFunction(page, 'tcp_sendmsg');
  const panel = page.getByRole('region', { name: 'Hook points' });
  const entries = panel.getByRole('table', { name: 'Entry points of tcp_sendmsg' });
  await expect(entries.getByRole('cell', { name: '__x64_sys_sendto' })).toBeVisible();
  const command = "bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'";
  await expect(panel.getByText(command, { exact: true })).toBeVisible();
  const copy = panel.getByRole('button', { name: 'Copy: who calls it, counted by kernel stack' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
});

test('hook candidates under __x64_sys_connect list tcp_v4_connect; a row opens its hook points', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Functions' }).click();
  await selectFunction(page, '__x64_sys_connect');
  const panel = page.getByRole('region', { name: 'Hook points' });
  await expect(panel.getByText('SYSCALL_DEFINE(connect)')).toBeVisible();
  await panel.getByRole('button', { name: 'Hook candidates under __x64_sys_connect' }).click();
  const table = panel.getByRole('table', { name: 'Hook candidates under __x64_sys_connect' });
  await table.getByRole('button', { name: 'tcp_v4_connect', exact: true }).click();
  await expect(panel.getByRole('table', { name: 'Entry points of tcp_v4_connect' }).getByRole('cell', { name: '__x64_sys_connect' })).toBeVisible();
});
