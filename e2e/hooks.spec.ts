/**
 * The Hook points panel in the real app: tcp_sendmsg in the seed trace is reached from
 * __x64_sys_sendto, its kprobe one-liner is there and Copy puts it on the clipboard; the
 * hook candidates under __x64_sys_connect list tcp_v4_connect.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, waitForReady } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const bodyRows = (page: Page) => page.getByRole('grid', { name: 'Functions' }).locator('.fn-body [role=row]');

/** The toolbar's search lists the matches first in the Functions table (its own filter box is gone); click the one. */
async function selectFunction(page: Page, name: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search functions' }).fill(name);
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

test('Export → SVG downloads the flame graph named after the trace; it opens in a page with the same frames; PNG too', async ({ page, context }, testInfo) => {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const view = page.getByRole('region', { name: 'Flame graph view' });
  await view.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'SVG (as shown)' }).click()]);
  expect(download.suggestedFilename()).toBe('01-seed-curl-fgraph.flame.svg');
  // Saved under its own name: a browser shows a file:// page as SVG by its extension.
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const svg = readFileSync(path, 'utf8');
  const rects = (svg.match(/<rect /g) ?? []).length;
  expect(rects).toBeGreaterThan(100);
  // All tasks merged: one root per task, curl-139 among them.
  expect(svg).toContain('<title>curl-139 (');
  const shown = await context.newPage();
  await shown.goto(pathToFileURL(path).href);
  await expect(shown.locator('rect')).toHaveCount(rects);
  await expect(shown.locator('title', { hasText: /^curl-139 \(/ })).toHaveCount(1);
  await shown.close();

  await view.getByRole('button', { name: 'Export' }).click();
  const [png] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'PNG (as shown, 2×)' }).click()]);
  expect(png.suggestedFilename()).toBe('01-seed-curl-fgraph.flame.png');
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  // Width at 2×: the SVG is 1200 px wide (IHDR width, big-endian at byte 16).
  expect(bytes.readUInt32BE(16)).toBe(2400);
});
