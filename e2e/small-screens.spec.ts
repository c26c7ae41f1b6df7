/**
 * Issue 15, "1024×700 works" (and the 1280 px of the other tests): the header keeps the name of what is open and the search
 * status is whole, on every view, on the system-wide trace (the longest file name of the
 * fixtures).
 */
import { expect, test, type Locator } from '@playwright/test';
import { gotoApp, openTrace, screenshot, tracePath, waitForReady } from './helpers';

/** Whether an element shows all its text (nothing cut by overflow or an ellipsis). */
const whole = (el: Locator): Promise<boolean> => el.evaluate((e) => e.clientWidth > 0 && e.scrollWidth <= e.clientWidth);

/** Whether an inline element ends inside its (ellipsised) line: nothing of it cut. */
const insideItsLine = (el: Locator): Promise<boolean> =>
  el.evaluate((e) => {
    const line = e.parentElement!.getBoundingClientRect();
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.left >= line.left - 0.5 && box.right <= line.right + 0.5;
  });

for (const [width, height] of [
  [1024, 700],
  [1280, 720],
]) {
test(`at ${width}×${height} the header keeps the file name and the search status is whole on every view`, async ({ page }) => {
  await page.setViewportSize({ width, height });
  await gotoApp(page);
  await openTrace(page, tracePath('03-systemwide-sched-irq.report.txt.gz'));
  await waitForReady(page, 60_000);
  const name = page.locator('.app-trace-name');
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  const status = page.getByRole('region', { name: 'Filters and search' }).getByRole('status');
  await expect(status).toHaveText(/^126 calls match in 2 functions/);
  for (const view of ['Summary', 'Flame graph', 'Flame chart', 'Call tree', 'Functions']) {
    await page.getByRole('tab', { name: view }).click();
    await expect(name).toHaveText('03-systemwide-sched-irq.report.txt.gz');
    await expect(name).toBeInViewport();
    expect(await insideItsLine(name), `file name cut on ${view}`).toBe(true);
    expect(await whole(status), `search status cut on ${view}`).toBe(true);
  }
  await screenshot(page, `header-${width}-functions`);
});
}
