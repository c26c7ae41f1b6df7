/**
 * Issue 15, small things: a file that is no trace (an image, a PDF, a program) is named
 * instead of listed as unreadable lines; a gzip that ends early says so on every view,
 * with how much was read; source links default to the kernel the trace names.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { gotoApp, screenshot, SEED, tracePath, waitForReady, waitForState } from './helpers';

const drop = (page: Page, name: string, buffer: Buffer) =>
  page.getByTestId('trace-file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });

test('an image, a PDF or a program picked by mistake is named, with no "lines not understood"', async ({ page }) => {
  await gotoApp(page);
  // A real PNG: a screenshot of the page itself.
  const png = await page.screenshot();
  const files: [string, Buffer, RegExp][] = [
    ['screenshot.png', png, /it is a PNG image, not a trace/],
    ['photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, ...Buffer.from('JFIF\0'), ...new Array<number>(200).fill(7)]), /it is a JPEG image/],
    ['paper.pdf', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), /it is a PDF document/],
    ['vmlinux', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(300).fill(0)]), /it is an ELF binary/],
  ];
  for (const [name, bytes, said] of files) {
    await drop(page, name, bytes);
    await waitForState(page, 'error');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`Could not open ${name}`);
    await expect(alert).toContainText(said);
    await expect(page.getByText('Lines not understood')).toHaveCount(0);
    if (name === 'screenshot.png') await screenshot(page, 'input-png');
  }
});

test('a gzip that ends early: a banner on every view says so and how much was read; what was read is shown', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await gotoApp(page);
  const gz = readFileSync(SEED);
  await drop(page, 'half.txt.gz', gz.subarray(0, Math.floor(gz.length / 2)));
  await waitForReady(page, 60_000);
  const banner = page.getByRole('region', { name: 'Input problems' });
  for (const tab of ['Summary', 'Flame graph', 'Flame chart', 'Call tree', 'Functions']) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(banner).toContainText(/^The file ends early: the gzip stream stops before its end \(.+\); what was read is shown\./);
    await expect(banner).toContainText(/[\d.]+ [kM]B read \([\d.]+ MB of text\)/);
  }
  // What was read is there: curl's calls.
  await page.getByRole('tab', { name: 'Call tree' }).click();
  await expect(page.getByRole('treegrid', { name: 'Call tree' }).locator('.ct-fn', { hasText: /^curl-139$/ })).toBeVisible();
  await screenshot(page, 'input-gzip-ends-early-1024');
  // A whole file has no banner.
  await drop(page, 'whole.txt.gz', gzipSync(readFileSync(tracePath('04-tracefs-max-graph-depth-2.txt'))));
  await waitForReady(page);
  await expect(banner).toHaveCount(0);
});

test("source links default to the trace's kernel (latency banner, trace.dat uname) unless the user chose one", async ({ page }) => {
  await gotoApp(page);
  const version = page.getByRole('combobox', { name: 'Kernel source' });
  // "function_graph latency trace v1.1.5 on 6.1.0-56-amd64".
  await page.getByTestId('trace-file-input').setInputFiles(tracePath('04-tracefs-latency-format.txt.gz'));
  await waitForReady(page);
  await expect(version).toHaveValue('v6.1');
  await page.getByRole('tab', { name: 'Functions' }).click();
  await expect(page.getByRole('grid', { name: 'Functions' }).locator('.fn-body [role=row]').first().getByRole('link')).toHaveAttribute(
    'href',
    /^https:\/\/elixir\.bootlin\.com\/linux\/v6\.1\/A\/ident\/\w+$/,
  );
  // A trace that names no kernel goes back to latest; a trace.dat names it in its uname.
  await page.getByTestId('trace-file-input').setInputFiles(SEED);
  await waitForReady(page);
  await expect(version).toHaveValue('latest');
  await page.getByTestId('trace-file-input').setInputFiles(tracePath('01-seed-curl-fgraph.dat'));
  await waitForReady(page, 60_000);
  await expect(version).toHaveValue('v6.1');
  await page.getByRole('tab', { name: 'Summary' }).click();
  await expect(page.locator('[data-fact=kernel]')).toHaveText('6.1.0-56-amd64');
  // The user's choice wins, now and after a reload.
  await version.fill('latest');
  await version.press('Enter');
  await page.reload();
  await page.getByTestId('trace-file-input').setInputFiles(tracePath('04-tracefs-latency-format.txt.gz'));
  await waitForReady(page);
  await expect(page.getByRole('combobox', { name: 'Kernel source' })).toHaveValue('latest');
});
