/**
 * Search stepping in the flame chart, and calls that never returned, on the seed trace
 * (curl under function_graph) in the real app.
 *
 * - Enter / Shift+Enter in the search box with the flame chart in front: the chart stays,
 *   names the current match (`data-current-call`), brings it into its visible window and
 *   outlines it; the call tree then focuses the same match.
 * - The seed's curl exits inside its trace: do_task_dead, do_exit, … never return. The
 *   model gives them the time until curl was last seen (builder.ts rule 7), so their rows
 *   read that time, the same in the call tree and the functions table.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { gotoApp, openTrace, pixel, screenshot, SEED, waitForReady } from './helpers';

const chart = (page: Page) => page.getByTestId('flame-chart');
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });
const treeGrid = (page: Page) => page.getByRole('treegrid', { name: 'Call tree' });
const focusedRow = (page: Page) => treeGrid(page).locator('[role=row][aria-selected=true]');

async function openSeed(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
}

/** What the chart says about its current match and visible window, once it has drawn it. */
interface ChartState {
  call: number;
  start: number;
  end: number;
  visibleStart: number;
  visibleEnd: number;
  /** Outline box on the canvas: left, top, right (CSS px). */
  box: [number, number, number];
}

async function readChart(wrap: Locator): Promise<ChartState | null> {
  return wrap.evaluate((el) => {
    const d = (el as HTMLElement).dataset;
    if (d.currentCall === undefined || d.currentDrawn !== 'true' || !d.currentBox) return null;
    const box = d.currentBox.split(',').map(Number) as [number, number, number];
    return {
      call: Number(d.currentCall),
      start: Number(d.currentStart),
      end: Number(d.currentEnd),
      visibleStart: Number(d.visibleStart),
      visibleEnd: Number(d.visibleEnd),
      box,
    };
  });
}

/**
 * Waits until the chart has drawn a current match other than `not`, with the whole call
 * inside the visible window, and returns it.
 */
async function steppedTo(page: Page, not: number | null): Promise<ChartState> {
  let state: ChartState | null = null;
  await expect
    .poll(async () => {
      state = await readChart(chart(page));
      return state !== null && state.call !== not && state.visibleStart <= state.start && state.end <= state.visibleEnd;
    })
    .toBe(true);
  return state!;
}

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('calls that never returned, in the call tree and the functions table; search stepping in the flame chart', async ({ page }) => {
  test.setTimeout(120_000);
  await openSeed(page);

  await test.step('calls that never returned read the time until their task was last seen, in the call tree and the functions table', async () => {
    const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
    await expect(diagnostics.locator('[data-count=unclosedCalls]')).toHaveText('5');
    await diagnostics
      .getByRole('row')
      .filter({ hasText: 'do_task_dead never returned in the trace' })
      .getByRole('button', { name: 'Show in call tree' })
      .click();
    const row = focusedRow(page);
    await expect(row.locator('.ct-fn')).toHaveText('do_task_dead');
    const cells = row.getByRole('gridcell');
    const time = /^[\d.,]+ (ns|us|µs|ms|s)$/;
    await expect(cells.nth(1)).toHaveText(time);
    const treeTotal = await cells.nth(1).textContent();
    await expect(cells.nth(2)).toHaveText(time);
    await expect(cells.nth(3)).toHaveText('1');
    await screenshot(page, 'call-tree-unclosed');
    // Its caller do_exit never returned either (Left on a closed row goes to the parent).
    await treeGrid(page).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(focusedRow(page).locator('.ct-fn')).toHaveText('do_exit');
    await expect(focusedRow(page).getByRole('gridcell').nth(1)).toHaveText(time);
    // The task's root has timed calls: it shows their sum, not "—".
    await page.keyboard.press('Home');
    await expect(focusedRow(page)).toHaveAttribute('aria-level', '1');
    const curl = treeGrid(page).locator('[role=row][aria-level="1"]').filter({ has: page.locator('.ct-fn', { hasText: /^curl-139$/ }) });
    await expect(curl.getByRole('gridcell').nth(1)).toHaveText(time);

    await page.getByRole('tab', { name: 'Functions' }).click();
    // The table lists the toolbar search's matches first (it has no search box of its own).
    await searchBox(page).fill('do_task_dead');
    const fnRow = page.getByRole('grid', { name: 'Functions' }).getByRole('row').filter({ hasText: 'do_task_dead' });
    // One figure for the call everywhere: the functions table's total is the tree's.
    await expect(fnRow.getByRole('gridcell').nth(2)).toHaveText(treeTotal!);
  });

  await test.step('flame chart: Enter / Shift+Enter step through tcp_sendmsg matches, centred and outlined', async () => {
    await searchBox(page).fill('tcp_sendmsg');
    await expect(page.getByRole('status').filter({ hasText: /calls? match/ })).toBeVisible();
    await page.getByRole('tab', { name: 'Flame chart' }).click();
    const wrap = chart(page);
    await expect(wrap).toHaveAttribute('data-task', 'curl-139');
    await expect(wrap).not.toHaveAttribute('data-current-call', /.*/);
    // The whole run, once the chart has drawn it.
    await expect.poll(async () => Number(await wrap.getAttribute('data-visible-ns'))).toBeGreaterThan(0);
    const wholeRun = Number(await wrap.getAttribute('data-visible-ns'));

    await searchBox(page).press('Enter');
    const first = await steppedTo(page, null);
    // The chart stays in front (the tree is not brought up) and zoomed in to the call.
    await expect(page.getByRole('tab', { name: 'Flame chart' })).toHaveAttribute('aria-selected', 'true');
    expect(first.visibleEnd - first.visibleStart).toBeLessThan(wholeRun);
    await expect(page.getByRole('status').filter({ hasText: /^Match 1 of \d+/ })).toBeVisible();
    // Centred: the call's middle is in the middle of the window (the run's edges aside).
    const middle = (first.start + first.end) / 2;
    const span = first.visibleEnd - first.visibleStart;
    expect(Math.abs(middle - (first.visibleStart + span / 2))).toBeLessThan(span * 0.05);
    // The outline is on the canvas, in the current-match blue, at least a few pixels wide.
    const canvas = page.getByRole('img', { name: 'Flame chart of curl-139' });
    const [left, top, right] = first.box;
    expect(right - left).toBeGreaterThanOrEqual(8);
    // The 3 px ring is centred half a pixel left of the box (the canvas may be scaled by a
    // fraction of a pixel to its CSS box): one of the pixels there is the ring's blue.
    const ring: [number, number, number][] = [];
    for (const dx of [-3, -2, -1]) ring.push(await pixel(canvas, left + dx, top + 9));
    expect(ring.some(([r, g, b]) => b > 150 && b - r > 100 && b - g > 60), JSON.stringify(ring)).toBe(true);
    await screenshot(page, 'flame-chart-search-step-1');

    await searchBox(page).press('Enter');
    const second = await steppedTo(page, first.call);
    expect(second.start).toBeGreaterThanOrEqual(first.start);
    await expect(page.getByRole('status').filter({ hasText: /^Match 2 of \d+/ })).toBeVisible();
    await screenshot(page, 'flame-chart-search-step-2');

    await searchBox(page).press('Shift+Enter');
    const back = await steppedTo(page, second.call);
    expect(back.call).toBe(first.call);
    await expect(page.getByRole('status').filter({ hasText: /^Match 1 of \d+/ })).toBeVisible();
    await screenshot(page, 'flame-chart-search-step-back');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => readChart(chart(page)).then((c) => c?.call)).toBe(first.call);
    await screenshot(page, 'flame-chart-search-step-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The call tree shows the same step: its focused row is that tcp_sendmsg call's path.
    await page.getByRole('tab', { name: 'Call tree' }).click();
    await expect(focusedRow(page).locator('.ct-fn')).toHaveText('tcp_sendmsg');
    await expect(focusedRow(page)).toHaveClass(/ct-hit/);
  });
});

