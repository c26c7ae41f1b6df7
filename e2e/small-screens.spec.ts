/**
 * Issue 15, "1024×700 works" (and the 1280 px of the other tests): the header keeps the name of what is open and the search
 * status is whole, on every view, on the system-wide trace (the longest file name of the
 * fixtures).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady } from './helpers';
import { openCompare } from './compare-helpers';

/** Whether an element shows all its text (nothing cut by overflow or an ellipsis). */
const whole = (el: Locator): Promise<boolean> => el.evaluate((e) => e.clientWidth > 0 && e.scrollWidth <= e.clientWidth);

/** Whether an inline element ends inside its (ellipsised) line: nothing of it cut. */
const insideItsLine = (el: Locator): Promise<boolean> =>
  el.evaluate((e) => {
    const line = e.parentElement!.getBoundingClientRect();
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.left >= line.left - 0.5 && box.right <= line.right + 0.5;
  });

/** The header keeps the file name and the search status is whole on every view, at the page's size now. */
async function headerHoldsOnEveryView(page: Page, width: number): Promise<void> {
  const name = page.locator('.app-trace-name');
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  const status = page.getByRole('region', { name: 'Filters and search' }).getByRole('status');
  await expect(status).toHaveText(/^126 calls match in 2 functions/);
  for (const view of ['Summary', 'Flame graph', 'Flame chart', 'Call tree', 'Functions', 'Events']) {
    await page.getByRole('tab', { name: view }).click();
    await expect(name).toHaveText('03-systemwide-sched-irq.report.txt.gz');
    await expect(name).toBeInViewport();
    expect(await insideItsLine(name), `file name cut on ${view}`).toBe(true);
    expect(await whole(status), `search status cut on ${view}`).toBe(true);
  }
  await screenshot(page, `header-${width}-functions`);
}

/** Each column's width (px) of a grid's header row or a table's head: what the cells keep. */
const columnWidths = (headers: Locator): Promise<number[]> => headers.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));

/** Whether the region scrolls sideways by itself while the page does not. */
const scrollsInside = (region: Locator): Promise<boolean> =>
  region.evaluate((e) => e.scrollWidth > e.clientWidth + 1 && document.documentElement.scrollWidth <= window.innerWidth);

// The checks share one load of the system-wide trace (each size was a test of its own, with a load each).
test('at 1280×720 and 1024×700 the header keeps the file name and the search status is whole on every view; at 1024×700 the functions table keeps its columns', async ({ page }) => {
  test.setTimeout(180_000);
  await gotoApp(page);
  await openTrace(page, tracePath('03-systemwide-sched-irq.report.txt.gz'));
  await waitForReady(page, 60_000);

  for (const [width, height] of [
    [1280, 720],
    [1024, 700],
  ]) {
    await test.step(`at ${width}×${height} the header keeps the file name and the search status is whole on every view`, async () => {
      await page.setViewportSize({ width, height });
      await headerHoldsOnEveryView(page, width);
    });
  }

  await test.step('at 1024×700 the functions table keeps its columns and scrolls sideways inside its region', async () => {
    // No search, as after a load (the steps above searched).
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('');
    await expect(page.getByRole('searchbox', { name: 'Search functions' })).toHaveAttribute('data-committed', '');
    await page.getByRole('tab', { name: 'Functions' }).click();
    const grid = page.getByRole('grid', { name: 'Functions' });
    await expect(grid.locator('.fn-body > [role=row]').first()).toBeVisible();
    const widths = await columnWidths(grid.getByRole('columnheader'));
    expect(widths.length).toBe(10);
    // The name keeps its 150 px, every figure its 60 or 74 px (styles.css .fn-row).
    expect(widths[0]).toBeGreaterThanOrEqual(150);
    for (const w of widths.slice(1)) expect(w).toBeGreaterThanOrEqual(59.5);
    expect(await scrollsInside(grid)).toBe(true);
    // The rows are as wide as the header: a figure is not cut off at the region's edge.
    const rowWidth = await grid.locator('.fn-body > [role=row]').first().evaluate((e) => e.getBoundingClientRect().width);
    const headWidth = await grid.locator('.fn-head-row').evaluate((e) => e.getBoundingClientRect().width);
    expect(Math.abs(rowWidth - headWidth)).toBeLessThan(1);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(headWidth + 1);
    await grid.evaluate((e) => (e.scrollLeft = e.scrollWidth));
    const last = grid.getByRole('columnheader').last();
    await expect(last).toBeInViewport();
    await screenshot(page, 'functions-1024-scrolled');
  });
});

test('at 1024×700 the compared tables keep their columns and scroll sideways inside their region', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openCompare(page);
  await page.getByRole('tab', { name: 'Compared functions' }).click();
  const table = page.getByRole('table', { name: 'Compared functions' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const heads = table.locator('thead th');
  const tableWidths = await columnWidths(heads);
  expect(tableWidths.length).toBe(13);
  expect(tableWidths[0]).toBeGreaterThanOrEqual(150);
  for (const w of tableWidths.slice(1)) expect(w).toBeGreaterThanOrEqual(59.5);
  expect(await scrollsInside(page.locator('.cmp-table-scroll'))).toBe(true);
  await screenshot(page, 'compared-functions-1024');

  await page.getByRole('tab', { name: 'Compared call tree' }).click();
  const tree = page.getByRole('treegrid', { name: 'Compared call tree' });
  await expect(tree.locator('[role=row][aria-level]').first()).toBeVisible();
  const treeWidths = await columnWidths(tree.getByRole('columnheader'));
  expect(treeWidths.length).toBe(6);
  expect(treeWidths[0]).toBeGreaterThanOrEqual(180);
  for (const w of treeWidths.slice(1)) expect(w).toBeGreaterThanOrEqual(79.5);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await screenshot(page, 'compared-tree-1024');
});

// The keys overlay puts three groups abreast from 1149 px: with each group's keys kept on one
// line ("Right-click or Menu or Shift+F10"), the flame graph's descriptions got a word per line
// (56 px) and ran past the dialog's right edge, which scrolled sideways. No trace is needed.
test('the keyboard shortcuts overlay fits its width: every description keeps room, nothing scrolls sideways (1280, 1024)', async ({ page }) => {
  await gotoApp(page);
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const [width, height] of [
    [1280, 720],
    [1024, 640],
  ]) {
    await page.setViewportSize({ width, height });
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(dialog.getByRole('heading', { name: 'Flame graph', exact: true })).toBeVisible();
    const fit = await dialog.evaluate((d) => ({
      overflow: d.scrollWidth - d.clientWidth,
      narrowest: Math.min(...[...d.querySelectorAll('dd')].map((e) => e.getBoundingClientRect().width)),
    }));
    expect(fit.overflow, `the overlay scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    expect(fit.narrowest, `a description squeezed at ${width} px`).toBeGreaterThanOrEqual(120);
    await screenshot(page, `help-overlay-${width}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  }
});

// At 1024 px the Summary set Top functions beside the tasks in 3/5 of the width: its table
// (692 px) scrolled sideways in 527 px, p50 cut mid-figure and p95 and Max out of view.
test('at 1024×640 the Summary shows every column of Top functions', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  const panel = page.getByRole('region', { name: /^Top functions/ });
  const scroller = panel.locator('.table-scroll');
  await expect(panel.getByRole('columnheader', { name: /^Max/ })).toBeVisible();
  expect(await scroller.evaluate((e) => e.scrollWidth - e.clientWidth), 'the table scrolls sideways').toBeLessThanOrEqual(0);
  await screenshot(page, 'summary-1024');
});

// A laptop's 1024×640: compare mode's controls (the header, the toolbar, the A/B line, B's
// filters, the settings, the chips, the caption, the tabs) took about 470 px and left about
// 170 px to the compared tables and 36 px of the differential flame graph's canvas above the
// fold. The same controls, every one shown, now leave at least 300 px to the view.
test('at 1024×640 compare mode shows every control and leaves at least 300 px to the view; the toolbar keeps the search on the filters\' line', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await openCompare(page);
  for (const control of [
    page.getByRole('combobox', { name: 'Side B task' }),
    page.getByRole('combobox', { name: 'Side B CPU' }),
    page.getByRole('switch', { name: 'Side B syscalls only' }),
    page.getByRole('form', { name: 'Side B time range' }),
    page.getByRole('combobox', { name: 'Compared quantity' }),
    page.getByRole('combobox', { name: 'Normalisation' }),
    page.getByRole('combobox', { name: 'Paths from' }),
    page.getByRole('combobox', { name: 'Names' }),
    page.getByRole('group', { name: 'Functions and call paths by side' }),
    page.getByTestId('compare-status'),
  ])
    await expect(control).toBeInViewport({ ratio: 1 });
  for (const view of ['Differential flame graph', 'Compared functions', 'Compared call tree']) {
    await page.getByRole('tab', { name: view }).click();
    const panel = page.getByRole('tabpanel');
    const room = await panel.evaluate((e) => window.innerHeight - e.getBoundingClientRect().top);
    expect(room, `the room left to ${view}`).toBeGreaterThanOrEqual(300);
  }
  await screenshot(page, 'compare-1024x640');

  // Side A's toolbar (every view's): the search on the line of the task, CPU and switches.
  const task = await page.getByRole('combobox', { name: 'Task', exact: true }).boundingBox();
  const search = await page.getByRole('searchbox', { name: 'Search functions' }).boundingBox();
  expect(Math.abs(search!.y + search!.height / 2 - (task!.y + task!.height / 2)), 'the search went to a line of its own').toBeLessThan(8);
});

// A tall window (1100×1222): the differential flame graph stayed at its 420 px minimum (a
// canvas of about 270 px, "23 more rows deeper") above a blank half window and the Hook points
// panel; it fills the window down to the panel's head, as the single flame graph does.
test('on a tall window the differential flame graph fills the window above the Hook points panel', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 1222 });
  await openCompare(page);
  const wrap = page.getByRole('tabpanel').locator('.flame-canvas-wrap');
  await expect(wrap).toBeVisible();
  await expect.poll(async () => wrap.evaluate((e) => window.innerHeight - e.getBoundingClientRect().bottom), { message: 'blank room under the graph' }).toBeLessThan(160);
  await expect(page.getByRole('region', { name: 'Hook points' })).toBeVisible();
});
