/**
 * The Functions tab in the real app: sorting (p95), the toolbar's search (matches first, or
 * only: the table has no search box of its own since issue 15), callers & callees of
 * tcp_sendmsg with its duration histogram and the jump to its slowest call, kernel source
 * links (clone suffixes stripped) and the kernel version picker; a generated function with
 * more callees than the panel lists at first. Screenshots light and dark.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady } from './helpers';

const functionsGrid = (page: Page) => page.getByRole('grid', { name: 'Functions' });
/** The one search box (the toolbar's); the table lists its matches first. */
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });
const onlyMatches = (page: Page) => page.getByRole('switch', { name: 'Only matches' });
const bodyRows = (page: Page) => functionsGrid(page).locator('.fn-body [role=row]');

const UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
/** `1,234 ns` / `14.8 us` → nanoseconds (NaN for the missing mark). */
function parseDuration(text: string): number {
  const m = /^([\d,.]+) (ns|us|ms|s)$/.exec(text.trim());
  return m ? Number(m[1].replace(/,/g, '')) * UNITS[m[2]] : Number.NaN;
}

/** Column `col` (0 = name) of the first `n` rows. */
async function column(page: Page, col: number, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let r = 0; r < n; r++) out.push((await bodyRows(page).nth(r).getByRole('gridcell').nth(col).textContent()) ?? '');
  return out;
}

async function openFunctions(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Functions' }).click();
  await expect(bodyRows(page).first()).toBeVisible();
}

/** Searches for `name` (its matches come first) and selects the row with exactly that name. */
async function selectFunction(page: Page, name: string): Promise<void> {
  await searchBox(page).fill(name);
  await bodyRows(page).filter({ has: page.locator('.fn-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) }).click();
}

// The checks share a load of the 36 MB seed per test (each step was a test of its own, with a load each).
test("the table's search (matches first, or only) and sorting by total and p95", async ({ page }) => {
  test.setTimeout(120_000);
  await openFunctions(page);

  await test.step("the toolbar's search lists its matches first, marked, the rest dimmed below; or only the matches", async () => {
    await expect(page.getByRole('searchbox', { name: 'Filter functions' })).toHaveCount(0);
    await searchBox(page).fill('tcp_sendmsg');
    const names = () => functionsGrid(page).locator('.fn-body .fn-name');
    // The two matches lead (by total, like the rest), the first row below them is dimmed.
    await expect(bodyRows(page).nth(0)).toHaveClass(/fn-hit/);
    await expect(bodyRows(page).nth(1)).toHaveClass(/fn-hit/);
    await expect(bodyRows(page).nth(2)).toHaveClass(/fn-dim/);
    expect((await names().allTextContents()).slice(0, 2).sort()).toEqual(['tcp_sendmsg', 'tcp_sendmsg_locked']);
    await expect(page.locator('.fn-count')).toHaveText(/^2 of [\d,]+ functions match "tcp_sendmsg", listed first$/);
    await screenshot(page, 'functions-search-light');
    // Only matches: the two rows alone.
    await onlyMatches(page).check();
    await expect(bodyRows(page)).toHaveCount(2);
    await onlyMatches(page).uncheck();
    await expect(bodyRows(page).nth(2)).toHaveClass(/fn-dim/);
    // No search: nothing marked, nothing dimmed.
    await searchBox(page).fill('');
    await expect(bodyRows(page).first()).not.toHaveClass(/fn-hit|fn-dim/);
    await expect(functionsGrid(page).locator('.fn-body .fn-hit, .fn-body .fn-dim')).toHaveCount(0);
  });

  await test.step('sorts by total by default and by p95 on click; "Only matches" narrows to the search', async () => {
    const header = (name: string) => functionsGrid(page).getByRole('columnheader', { name });
    await expect(header('Total')).toHaveAttribute('aria-sort', 'descending');
    await expect(header('p95')).toHaveAttribute('aria-sort', 'none');
    const totals = (await column(page, 2, 10)).map(parseDuration);
    expect(totals.every((v, k) => k === 0 || v <= totals[k - 1])).toBe(true);

    await header('p95').getByRole('button').click();
    await expect(header('p95')).toHaveAttribute('aria-sort', 'descending');
    await expect(header('Total')).toHaveAttribute('aria-sort', 'none');
    const p95 = (await column(page, 6, 12)).map(parseDuration);
    expect(p95.every((v) => !Number.isNaN(v))).toBe(true);
    expect(p95.every((v, k) => k === 0 || v <= p95[k - 1])).toBe(true);
    // The slowest p95 is milliseconds in this trace (a sleeping syscall), not a leaf's microseconds.
    expect(p95[0]).toBeGreaterThan(1e6);
    await screenshot(page, 'functions-by-p95-light');

    await header('p95').getByRole('button').click();
    await expect(header('p95')).toHaveAttribute('aria-sort', 'ascending');
    const up = (await column(page, 6, 8)).map(parseDuration);
    expect(up.every((v, k) => k === 0 || v >= up[k - 1])).toBe(true);

    await searchBox(page).fill('tcp_send');
    await onlyMatches(page).check();
    await expect(functionsGrid(page).locator('.fn-body .fn-dim')).toHaveCount(0);
    const names = await functionsGrid(page).locator('.fn-body .fn-name').allTextContents();
    expect(names.length).toBeGreaterThan(1);
    expect(names.every((n) => n.toLowerCase().includes('tcp_send'))).toBe(true);
    expect(names).toContain('tcp_sendmsg');

    // Arrow keys move the selection (aria-selected) through the rows.
    await functionsGrid(page).focus();
    await page.keyboard.press('Home');
    await expect(functionsGrid(page).locator('[role=row][aria-selected=true]')).toHaveCount(1);
    const first = await functionsGrid(page).locator('[role=row][aria-selected=true] .fn-name').textContent();
    await page.keyboard.press('ArrowDown');
    await expect(functionsGrid(page).locator('[role=row][aria-selected=true] .fn-name')).not.toHaveText(first ?? '');
  });
});

test('callers & callees of tcp_sendmsg (dark screenshot), the jump to its slowest call, source links and the version picker', async ({ page }) => {
  test.setTimeout(180_000);
  // Dark before the page opens, as the dark step's own context was.
  await page.emulateMedia({ colorScheme: 'dark' });
  await openFunctions(page);

  await test.step('dark mode screenshot', async () => {
    await selectFunction(page, 'tcp_sendmsg');
    await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' })).toBeVisible();
    await searchBox(page).fill('');
    await screenshot(page, 'functions-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('tcp_sendmsg: caller path through __x64_sys_sendto, callees, histogram, source link, jump to slowest', async () => {
    await selectFunction(page, 'tcp_sendmsg');
    const panel = page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg' });
    await expect(panel).toBeVisible();
    const paths = panel.getByRole('list', { name: 'Caller paths of tcp_sendmsg' });
    await expect(paths.getByRole('listitem').first()).toContainText(/__x64_sys_sendto › __sys_sendto › __sock_sendmsg › inet_sendmsg › tcp_sendmsg/);
    await expect(panel.getByRole('table', { name: 'Callees of tcp_sendmsg' })).toContainText('tcp_sendmsg_locked');
    const bins = panel.getByRole('list', { name: 'Call durations, log scale' }).getByRole('listitem');
    await expect(bins.first()).toHaveAttribute('title', /: 1 call$/);

    const link = panel.getByRole('link', { name: 'Source of tcp_sendmsg on elixir.bootlin.com' }).first();
    await expect(link).toHaveAttribute('href', 'https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('target', '_blank');
    await screenshot(page, 'functions-tcp_sendmsg-light');

    await panel.getByRole('button', { name: /^Jump to slowest call/ }).click();
    await expect(page.getByRole('tab', { name: 'Call tree' })).toHaveAttribute('aria-selected', 'true');
    const focused = page.getByRole('treegrid', { name: 'Call tree' }).locator('[role=row][aria-selected=true]');
    await expect(focused.locator('.ct-fn')).toHaveText('tcp_sendmsg');
    await expect(focused).toHaveAttribute('aria-level', '7');
    await expect(focused).toBeInViewport();
  });

  await test.step('a clone-suffixed name links to its base identifier; the version picker changes every link', async () => {
    // From the call tree, where the jump to the slowest call left the view.
    await page.getByRole('tab', { name: 'Functions' }).click();
    await searchBox(page).fill('copy_strings');
    const row = bodyRows(page).filter({ has: page.locator('.fn-name', { hasText: /^copy_strings\.isra\.0$/ }) });
    await expect(row.getByRole('link', { name: 'Source of copy_strings.isra.0 on elixir.bootlin.com' })).toHaveAttribute(
      'href',
      'https://elixir.bootlin.com/linux/latest/A/ident/copy_strings',
    );

    const version = page.getByRole('combobox', { name: 'Kernel source' });
    await expect(version).toHaveValue('latest');
    await version.fill('6.8');
    await version.press('Enter');
    await expect(page.getByRole('alert')).toContainText('"6.8" is not an Elixir version');
    await expect(version).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'kernel-version-invalid-light');
    await version.fill('v6.8');
    await version.press('Enter');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(row.getByRole('link')).toHaveAttribute('href', 'https://elixir.bootlin.com/linux/v6.8/A/ident/copy_strings');
    expect(await page.evaluate(() => localStorage.getItem('ftrace-explorer:kernel-version'))).toBe('v6.8');

    // Remembered across a reload. The link is written when the page is idle (permalinks.ts
    // writeSoon), and a reload applies the link it has, whose version, when it was written
    // before the change, is still latest: wait for it, as a user's reload a moment later would.
    await expect(page).toHaveURL(/[#&]k=v6\.8(&|$)/);
    await page.reload();
    await openTrace(page, SEED);
    await waitForReady(page);
    await expect(page.getByRole('combobox', { name: 'Kernel source' })).toHaveValue('v6.8');
  });
});

test('the version picker offers the kernel the trace names', async ({ page }) => {
  await gotoApp(page);
  // Its latency banner: "function_graph latency trace v1.1.5 on 6.1.0-56-amd64".
  await openTrace(page, tracePath('04-tracefs-latency-format.txt.gz'));
  await waitForReady(page);
  const version = page.getByRole('combobox', { name: 'Kernel source' });
  const listId = await version.getAttribute('list');
  await expect(page.locator(`datalist[id="${listId}"] option[value="v6.1"]`)).toHaveText("v6.1 (the trace's kernel)");
  // Picking an offered version applies it at once (no Enter needed).
  await version.fill('v6.1');
  await page.getByRole('tab', { name: 'Functions' }).click();
  const link = bodyRows(page).first().getByRole('link');
  await expect(link).toHaveAttribute('href', /^https:\/\/elixir\.bootlin\.com\/linux\/v6\.1\/A\/ident\/\w+$/);
});


/** A trace-cmd report where `dispatch` calls `count` distinct leaf functions, `callee_k` taking k + 1 us. */
function wideCallerReport(count: number): string {
  const at = (us: number) => (11 + us / 1e6).toFixed(6).padStart(12);
  const task = 'wide-7'.padStart(16);
  const lines = ['cpus=1', `${task} [000] ${at(0)}: funcgraph_entry:                   |  dispatch() {`];
  let us = 1;
  for (let k = 0; k < count; k++) {
    lines.push(`${task} [000] ${at(us)}: funcgraph_entry:      ${(k + 1).toFixed(3).padStart(8)} us   |    callee_${String(k).padStart(3, '0')}();`);
    us += k + 2;
  }
  lines.push(`${task} [000] ${at(us)}: funcgraph_exit:       ${us.toFixed(3).padStart(8)} us   |  }`);
  return `${lines.join('\n')}\n`;
}

test('a function with more callees than the panel lists: the heaviest first, all on request', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('wide-caller.report.txt');
  writeFileSync(file, wideCallerReport(130));
  await gotoApp(page);
  await openTrace(page, file);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Functions' }).click();
  await selectFunction(page, 'dispatch');
  const panel = page.getByRole('region', { name: 'Callers and callees of dispatch' });
  const rows = panel.getByRole('table', { name: 'Callees of dispatch' }).locator('tbody tr');
  // The 100 heaviest, the heaviest (callee_129, 130 us) first and the 100th (callee_030) last.
  await expect(rows).toHaveCount(100);
  await expect(rows.first()).toContainText('callee_129');
  await expect(rows.last()).toContainText('callee_030');
  await expect(panel).toContainText('The 100 heaviest of 130 callees.');
  await panel.getByRole('button', { name: 'Show all 130' }).click();
  await expect(rows).toHaveCount(130);
  await expect(rows.last()).toContainText('callee_000');
  await expect(panel.getByRole('button', { name: 'Show all 130' })).toHaveCount(0);
  // Another function's callees start from its heaviest 100 again: callee_000 calls none.
  await panel.getByRole('button', { name: 'callee_000', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Callers and callees of callee_000' })).toContainText('It calls no traced function.');
});

test('rows passed quickly with the arrow keys: the panels answer for the row the selection lands on', async ({ page }) => {
  await openFunctions(page);
  await functionsGrid(page).focus();
  await page.keyboard.press('Home');
  // Faster than the worker answers: each row's questions wait, and only the latest is asked.
  for (let k = 0; k < 6; k++) await page.keyboard.press('ArrowDown');
  const name = ((await functionsGrid(page).locator('[role=row][aria-selected=true] .fn-name').textContent()) ?? '').trim();
  expect(name).not.toBe('');
  const detail = page.getByRole('region', { name: `Callers and callees of ${name}` });
  await expect(detail.getByRole('list', { name: `Caller paths of ${name}` }).getByRole('listitem').first()).toBeVisible();
  await expect(detail).not.toHaveAttribute('aria-busy', 'true');
  const hooks = page.getByRole('region', { name: 'Hook points' });
  await expect(hooks.getByRole('table', { name: `Entry points of ${name}` })).toBeVisible();
  await expect(hooks).not.toHaveAttribute('aria-busy', 'true');
});
