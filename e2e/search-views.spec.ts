/**
 * Issue 15, "search shows the match, in every view", on the seed trace (curl under
 * function_graph): typing a search (no Enter) opens the call tree's path to the first
 * match and scrolls to it, with the path above it readable and the rest dimmed at 4.5:1;
 * the Callers & callees panel follows the selection, Enter step by step; the Summary lists
 * the matching functions; an invalid regex clears every highlight and says why.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, settledBox, waitForReady } from './helpers';

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });
const searchStatus = (page: Page) => page.getByRole('region', { name: 'Filters and search' }).getByRole('status');
const grid = (page: Page) => page.getByRole('treegrid', { name: 'Call tree' });
const focused = (page: Page) => grid(page).locator('[role=row][aria-selected=true]');
const nameOf = (row: Locator) => row.locator('.ct-fn');

async function openSeed(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
}

/** WCAG contrast of an element's text against the first opaque background behind it. */
function textContrast(row: Locator): Promise<number> {
  return row.evaluate((el) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let bg: number[] = [];
    for (let n: Element | null = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
        bg = c;
        break;
      }
    }
    if (bg.length === 0) bg = rgb(getComputedStyle(document.documentElement).backgroundColor);
    const style = getComputedStyle(el);
    // Opacity fades the text into the background: fold it in.
    let opacity = 1;
    for (let n: Element | null = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
    const fg = rgb(style.color).slice(0, 3).map((v, k) => v * opacity + bg[k] * (1 - opacity));
    const a = lum(fg);
    const b = lum(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('search in the summary, then in the call tree at 1024×700', async ({ page }) => {
  test.setTimeout(120_000);
  await openSeed(page);

  await test.step('summary: the search lists its matching functions with calls and time; a name opens it in the Functions view', async () => {
    await expect(page.getByRole('tab', { name: 'Summary' })).toHaveAttribute('aria-selected', 'true');
    const panel = page.getByRole('region', { name: /^Search matches/ });
    await expect(panel).toHaveCount(0);
    await searchBox(page).fill('tcp_sendmsg');
    await expect(panel.getByTestId('search-matches-count')).toHaveText('(2 functions · 2 calls in view)');
    const names = await panel.locator('tbody td.name').allTextContents();
    expect(names.sort()).toEqual(['tcp_sendmsg', 'tcp_sendmsg_locked']);
    // tcp_sendmsg's one call took 6,042,253 ns (src/service/queries/search.test.ts).
    await expect(panel.getByRole('row').filter({ hasText: /^tcp_sendmsg\d/ })).toContainText('6.04 ms');
    await screenshot(page, 'search-summary');
    await panel.getByRole('button', { name: 'tcp_sendmsg_locked' }).click();
    await expect(page.getByRole('tab', { name: 'Functions' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('grid', { name: 'Functions' }).locator('[role=row][aria-selected=true] .fn-name')).toHaveText('tcp_sendmsg_locked');
    await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg_locked' })).toBeVisible();
    // No match: said so.
    await page.getByRole('tab', { name: 'Summary' }).click();
    await searchBox(page).fill('no_such_function_anywhere');
    await expect(panel).toContainText('No function in view matches "no_such_function_anywhere".');
  });

  await test.step('call tree: a typed search opens and scrolls to its first match; the path stays readable; the panel follows each step', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('tab', { name: 'Call tree' }).click();
    await page.getByRole('button', { name: 'Callers & callees' }).click();
    await expect(grid(page).locator('[role=row][aria-level="1"]').first()).toBeVisible();

    await searchBox(page).fill('tcp_sendmsg');
    // No Enter: the first match is focused, its way opened, and it is on screen.
    await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg');
    await expect(focused(page)).toHaveAttribute('aria-level', '7');
    await expect(focused(page)).toHaveClass(/ct-hit/);
    await expect(focused(page)).toBeInViewport();
    // Its ancestors are the path looked for: not dimmed.
    const sendto = grid(page).locator('[role=row][aria-level="3"]').filter({ has: page.locator('.ct-fn', { hasText: /^__x64_sys_sendto$/ }) });
    await expect(sendto).toHaveClass(/ct-above-hit/);
    await expect(sendto).not.toHaveClass(/ct-dim/);
    const dimmed = grid(page).locator('[role=row].ct-dim').first();
    await expect(dimmed).toBeVisible();
    expect(await textContrast(dimmed.locator('.ct-fn'))).toBeGreaterThanOrEqual(4.5);
    // The callers & callees panel shows the match's function.
    await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' })).toBeVisible();
    await screenshot(page, 'search-first-match-tree-1024');

    // Enter makes the shown match "match 1"; the next Enter moves on, and the panel follows.
    await searchBox(page).press('Enter');
    await expect(searchStatus(page)).toHaveText(/^Match 1 of 2 /);
    await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg');
    await searchBox(page).press('Enter');
    await expect(searchStatus(page)).toHaveText(/^Match 2 of 2 /);
    await expect(nameOf(focused(page))).toHaveText('tcp_sendmsg_locked');
    await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg_locked' })).toBeVisible();

    // Dark theme: dimmed rows still read at 4.5:1.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await textContrast(grid(page).locator('[role=row].ct-dim .ct-fn').first())).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'search-first-match-tree-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // An invalid regex clears every mark and says why; the box keeps the text to fix.
    await searchBox(page).fill('/tcp_(/');
    await expect(searchStatus(page)).toHaveText(/^Invalid regular expression: /);
    await expect(searchBox(page)).toHaveAttribute('data-committed', '');
    await expect(grid(page).locator('[role=row].ct-hit, [role=row].ct-dim')).toHaveCount(0);
    await expect(searchBox(page)).toHaveValue('/tcp_(/');
    // A pattern whose matching is exponential is refused the same way, before it holds the worker.
    await searchBox(page).fill('/(tcp_.*)*x/');
    await expect(searchStatus(page)).toHaveText(/^regular expression not run: a repeated group that repeats inside/);
    await expect(grid(page).locator('[role=row].ct-hit, [role=row].ct-dim')).toHaveCount(0);
    await searchBox(page).fill('/tcp_(/');
    await expect(searchStatus(page)).toHaveText(/^Invalid regular expression: /);
    await page.getByRole('tab', { name: 'Functions' }).click();
    await expect(page.getByRole('grid', { name: 'Functions' }).locator('.fn-hit, .fn-dim')).toHaveCount(0);
  });
});


test('the first keystroke of a search leaves the toolbar, the filter bar and the flame header their height', async ({ page }) => {
  // Each row that grows above the flame graph's canvas moves and resizes it (a new backing
  // store, a draw and a compositor commit, on the keystroke's path): the status line's two
  // lines fit the search box's height, "Zoom to match" is the size of its neighbours, and the
  // filter bar keeps its row while no filter is active, which the Search chip then fills.
  await openSeed(page);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const toolbar = page.getByRole('region', { name: 'Filters and search' });
  const filterBar = page.getByRole('region', { name: 'Active filters' });
  const header = page.locator('.flame-header');
  const canvas = page.getByRole('img', { name: 'Flame graph' });
  await expect(canvas).toBeVisible();
  await expect(filterBar).toHaveText('No filters');
  const before = {
    toolbar: (await settledBox(toolbar)).height,
    filterBar: (await settledBox(filterBar)).height,
    header: (await settledBox(header)).height,
    canvas: await settledBox(canvas),
  };
  await searchBox(page).fill('t');
  await expect(searchStatus(page)).toContainText(/calls match in [\d,]+ functions/);
  await expect(page.getByRole('button', { name: 'Zoom to match' })).toBeVisible();
  await expect(filterBar.locator('[data-filter=search]')).toBeVisible();
  // The seed's status ("106,040 calls match in 1,053 functions · … total") takes two lines here.
  expect((await settledBox(searchStatus(page))).height).toBeGreaterThan(20);
  expect((await settledBox(toolbar)).height).toBe(before.toolbar);
  expect((await settledBox(filterBar)).height).toBe(before.filterBar);
  expect((await settledBox(header)).height).toBe(before.header);
  const after = await settledBox(canvas);
  expect({ y: after.y, height: after.height }).toEqual({ y: before.canvas.y, height: before.canvas.height });
});
