/**
 * Issue 15, "what is filtered is visible": one filter bar on every view lists the task,
 * CPUs, time range, syscalls-only and search, each removable with one click, and says
 * "No filters" while none is active; a permalink's
 * range shows there too; the flame chart follows the toolbar's task; counts say what they
 * count.
 */
import { expect, test, type Page } from '@playwright/test';
import { brushOverview, gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady } from './helpers';

const bar = (page: Page) => page.getByRole('region', { name: 'Active filters' });
const chip = (page: Page, id: string) => bar(page).locator(`[data-filter=${id}]`);
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });
const fnCount = (page: Page) => page.locator('.fn-count');

const countOf = (text: string | null): number => Number(/^([\d,]+)/.exec(text ?? '')?.[1].replace(/,/g, '') ?? Number.NaN);

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('what the call tree and summary counts count; a brushed range on every view, in the link, removed with one click', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);

  await test.step('the call tree says its task rows count root calls, the summary that its task counts are all calls', async () => {
    await expect(page.getByRole('table', { name: /Tasks/ }).getByRole('columnheader', { name: 'All calls' })).toBeVisible();
    await page.getByRole('tab', { name: 'Call tree' }).click();
    const curl = page.getByRole('treegrid', { name: 'Call tree' }).locator('[role=row][aria-level="1"]').first();
    await expect(curl.getByRole('gridcell').nth(3)).toHaveText(/^[\d,]+root$/);
    await expect(curl.getByRole('gridcell').nth(3)).toHaveAttribute('title', /root calls/);
  });

  await test.step('a brushed range shows on every view, in the link, and goes with one click', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect(bar(page)).toHaveText('No filters');
    await page.getByRole('tab', { name: 'Functions' }).click();
    await expect(fnCount(page)).toHaveText(/^[\d,]+ functions$/);
    const allFunctions = countOf(await fnCount(page).textContent());

    await page.getByRole('tab', { name: 'Flame graph' }).click();
    await brushOverview(page);
    await expect(chip(page, 'range')).toContainText(/^Time range: [\d.,]+ \w+ – [\d.,]+ \w+ \([\d.,]+ \w+\)/);
    // The same words as the overview's own label.
    const overviewLabel = await page.getByTestId('overview-range').textContent();
    expect(overviewLabel).toContain((await chip(page, 'range').locator('.filter-chip-text').textContent())!.replace(/^Time range: /, ''));
    for (const tab of ['Summary', 'Call tree', 'Functions', 'Flame chart']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(chip(page, 'range')).toBeVisible();
    }
    await page.getByRole('tab', { name: 'Functions' }).click();
    await expect.poll(async () => countOf(await fnCount(page).textContent())).toBeLessThan(allFunctions);
    await screenshot(page, 'filter-bar-range-functions-1024');

    // A colleague opening the link sees the range applied, and says so.
    const link = page.url();
    expect(link).toMatch(/[#&]r=\d+-\d+/);
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const other = await context.newPage();
    await other.goto(link);
    await openTrace(other, SEED);
    await waitForReady(other, 60_000);
    await expect(chip(other, 'range')).toBeVisible();
    await expect(chip(other, 'range')).toHaveText(await chip(page, 'range').textContent() ?? '');
    await context.close();

    // One click removes it.
    await bar(page).getByRole('button', { name: /^Remove filter: Time range/ }).click();
    await expect(bar(page)).toHaveText('No filters');
    await expect.poll(async () => countOf(await fnCount(page).textContent())).toBe(allFunctions);
  });
});

test('task, syscalls only and search are listed and removed one by one; the flame chart follows the toolbar task', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, tracePath('03-systemwide-sched-irq.report.txt.gz'));
  await waitForReady(page, 60_000);
  const task = page.getByRole('combobox', { name: 'Task' });
  // Not the busiest task (which the chart shows by itself): the third option.
  const option = task.locator('option').nth(2);
  const label = (await option.textContent())!.replace(/ \(.*$/, '');
  await expect(option).toHaveText(/ \([\d,]+ calls? in all\)$/);
  await task.selectOption((await option.getAttribute('value')));
  await expect(chip(page, 'task')).toHaveText(`Task: ${label}×`);

  await page.getByRole('tab', { name: 'Flame chart' }).click();
  await expect(page.getByTestId('flame-chart')).toHaveAttribute('data-task', label);
  await expect(page.getByLabel('Chart task').locator('option:checked')).toHaveText(label);

  await page.getByRole('switch', { name: 'Syscalls only' }).check();
  await searchBox(page).fill('tcp_sendmsg');
  await expect(bar(page).locator('.filter-chip')).toHaveCount(3);
  await expect(chip(page, 'search')).toContainText('Search: "tcp_sendmsg"');
  await expect(bar(page)).toContainText('3 filters:');
  await page.getByRole('tab', { name: 'Summary' }).click();
  await screenshot(page, 'filter-bar-three');

  await bar(page).getByRole('button', { name: 'Remove filter: Search: "tcp_sendmsg"' }).click();
  await expect(searchBox(page)).toHaveValue('');
  await bar(page).getByRole('button', { name: 'Remove filter: Syscalls only' }).click();
  await expect(page.getByRole('switch', { name: 'Syscalls only' })).not.toBeChecked();
  await bar(page).getByRole('button', { name: `Remove filter: Task: ${label}` }).click();
  await expect(task).toHaveValue('');
  await expect(bar(page)).toHaveText('No filters');
  // The chart keeps the task the user picked last, now among all tasks.
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  await expect(page.getByTestId('flame-chart')).toHaveAttribute('data-task', label);
});

