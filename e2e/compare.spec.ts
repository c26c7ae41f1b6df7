/**
 * Compare mode in the real app: the seed trace (curl, a fresh connection) as side A, the
 * midstream nc trace (a connection already established) as side B through the chooser's
 * file input. Facts are taken from `cli diff` on the same two files, not written here.
 */
import { expect, test } from '@playwright/test';
import { cliDiff, NC, openCompare } from './compare-helpers';
import { gotoApp, openTrace, pixel, screenshot, SEED, tracePath, waitForReady } from './helpers';

// The checks share one comparison of the seed with the nc trace (each step was a test of its own, with two loads each).
test("compare: the seed pair (B's own range, tcp_v4_connect only in A, the differential flame graph, the virtualized table); leaving compare", async ({ page }) => {
  test.setTimeout(3 * 120_000);
  const diff = await cliDiff();
  const connect = diff.functions.find((f) => f.name === 'tcp_v4_connect')!;
  expect(connect.b.calls).toBe(0);
  expect(connect.a.calls).toBeGreaterThan(0);
  const onlyA = diff.functions.filter((f) => f.b.calls === 0).length;

  const all = diff.functions.length;
  expect(all).toBeGreaterThan(200);
  const byName = diff.functions.map((f) => f.name).sort();
  await openCompare(page);

  await test.step("compare: side B's own time range, set in B's filters, compares again and goes into the link", async () => {
    const legend = page.getByRole('group', { name: 'Functions and call paths by side' });
    const onlyA = legend.getByRole('button', { name: /Only in A/ });
    await expect(onlyA).toHaveAttribute('data-count', /^\d+$/);
    const before = Number(await onlyA.getAttribute('data-count'));
    // The first millisecond of B: fewer of B's functions, so more are only in A.
    const to = page.getByRole('spinbutton', { name: 'Side B range to (ms)' });
    await to.fill('1');
    await to.press('Enter');
    await expect.poll(async () => Number(await onlyA.getAttribute('data-count'))).toBeGreaterThan(before);
    await expect.poll(() => new URL(page.url()).hash).toMatch(/&br=\d+-\d+/);
    await expect(page.getByRole('button', { name: /B's time range \(1(\.0+)? ms\): clear/ })).toBeVisible();
    await expect(page.getByRole('spinbutton', { name: 'Side B range from (ms)' })).toHaveValue('0');
    // Clear: B whole again.
    await page.getByRole('button', { name: /B's time range .*: clear/ }).click();
    await expect(onlyA).toHaveAttribute('data-count', String(before));
    await expect(to).toHaveValue('');
  });

  await test.step('compare: the seed pair, tcp_v4_connect only in A with its calls; the differential flame graph is drawn', async () => {
    // The legend leads: functions (distinct names, as cli diff counts them) and paths on each side.
    const legend = page.getByRole('group', { name: 'Functions and call paths by side' });
    const onlyAButton = legend.getByRole('button', { name: /Only in A/ });
    await expect(onlyAButton).toHaveAttribute('data-count', String(onlyA));
    const onlyAPaths = Number(await onlyAButton.getAttribute('data-paths'));
    expect(onlyAPaths).toBeGreaterThanOrEqual(onlyA);
    await expect(onlyAButton).toContainText(`${onlyA.toLocaleString('en-US')} functions · ${onlyAPaths.toLocaleString('en-US')} paths`);
    const both = diff.functions.filter((f) => f.a.calls > 0 && f.b.calls > 0).length;
    await expect(legend.getByRole('button', { name: /In both/ })).toHaveAttribute('data-count', String(both));

    // The differential flame graph is drawn, with colour (red or blue frames, not only grey).
    const canvas = page.getByRole('img', { name: 'Differential flame graph' });
    await expect(canvas).toBeVisible();
    const wrap = page.getByTestId('diff-flame-graph');
    await expect.poll(async () => Number(await wrap.getAttribute('data-drawn-frames'))).toBeGreaterThan(10);
    const box = (await canvas.boundingBox())!;
    let coloured = 0;
    for (let i = 1; i < 40; i++) {
      const [r, g, b] = await pixel(canvas, (box.width * i) / 40, box.height - 9 - 18 * 3);
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
    }
    expect(coloured).toBeGreaterThan(0);
    await screenshot(page, 'compare-diff-flame');

    // Compared functions: tcp_v4_connect is only in A, with A's call count from cli diff.
    await page.getByRole('tab', { name: 'Compared functions' }).click();
    const table = page.getByRole('table', { name: 'Compared functions' });
    await expect(table).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_v4_connect');
    const row = table.locator('tbody tr', { has: page.getByText('tcp_v4_connect', { exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-presence', '1');
    await expect(row.getByText('only in A')).toBeVisible();
    await expect(row.locator('[data-col="a.calls"]')).toHaveText(connect.a.calls.toLocaleString('en-US'));
    await expect(row.locator('[data-col="b.calls"]')).toHaveText('0');

    // The legend filters the table: only in A leaves every row only in A.
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('');
    await onlyAButton.click();
    await expect(onlyAButton).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByText(`${onlyA.toLocaleString('en-US')} functions; change of`)).toBeVisible();
    await expect(table.locator('tbody tr[data-presence="2"], tbody tr[data-presence="3"]')).toHaveCount(0);

    // The compared call tree, walked by keyboard: the first root, into it, to its child, back.
    await onlyAButton.click();
    await page.getByRole('tab', { name: 'Compared call tree' }).click();
    const tree = page.getByRole('treegrid', { name: 'Compared call tree' });
    await expect(tree.locator('[role=row][aria-level="1"]').first()).toBeVisible();
    await tree.focus();
    await page.keyboard.press('ArrowDown');
    const focused = tree.locator('[role=row][aria-selected=true]');
    await expect(focused).toHaveAttribute('aria-level', '1');
    const root = (await focused.locator('.ct-fn').textContent())!;
    await page.keyboard.press('ArrowRight');
    await expect(focused).toHaveAttribute('aria-expanded', 'true');
    // Its children come from the worker: ArrowRight moves into them once they are rows.
    await expect(tree.locator('[role=row][aria-level="2"]').first()).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(focused).toHaveAttribute('aria-level', '2');
    await page.keyboard.press('ArrowLeft');
    await expect(focused).toHaveAttribute('aria-level', '1');
    await expect(focused.locator('.ct-fn')).toHaveText(root);
    // __x64_sys_connect runs in A only (curl connects, nc does not): its row is marked.
    await tree.getByRole('row', { name: /^▸?\s*x64_sys_call/ }).first().click();
    await page.keyboard.press('ArrowRight');
    const sysConnect = tree.locator('[role=row]', { has: page.getByText('__x64_sys_connect', { exact: true }) });
    await expect(sysConnect).toHaveAttribute('data-presence', '1');
    await expect(sysConnect).toHaveClass(/ct-only-a/);
  });

  await test.step('compare: the compared functions table is virtualized; sorting, scrolling and keys reach every row', async () => {
    await page.getByRole('tab', { name: 'Compared functions' }).click();
    const table = page.getByRole('table', { name: 'Compared functions' });
    await expect(page.getByText(`${all.toLocaleString('en-US')} functions; change of`)).toBeVisible();
    await expect(table).toHaveAttribute('aria-rowcount', String(all + 1));
    const rows = table.locator('tbody tr[data-presence]');
    await expect(rows.first()).toBeVisible();
    // Only the rows in view (and a margin) are in the DOM, and no "Show all" button.
    expect(await rows.count()).toBeLessThan(80);
    await expect(page.getByRole('button', { name: /^Show all/ })).toHaveCount(0);

    // Sorted by name: the first row is the first name; End selects and shows the last one.
    await table.getByRole('button', { name: 'Function', exact: true }).click();
    await expect(table.getByRole('columnheader', { name: /Function/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(rows.first().locator('th .cmp-fn')).toHaveText(byName[0]);
    const scroller = page.getByRole('region', { name: 'Compared functions rows' });
    await scroller.focus();
    await page.keyboard.press('End');
    const selected = table.locator('tbody tr[data-selected="true"]');
    await expect(selected.locator('th .cmp-fn')).toHaveText(byName[byName.length - 1]);
    await expect(selected).toBeInViewport();
    await expect(selected).toHaveAttribute('aria-rowindex', String(all + 1));
    // ArrowUp: the one before; Home: the first again, scrolled back to the top.
    await page.keyboard.press('ArrowUp');
    await expect(selected.locator('th .cmp-fn')).toHaveText(byName[byName.length - 2]);
    await page.keyboard.press('Home');
    await expect(selected.locator('th .cmp-fn')).toHaveText(byName[0]);
    await expect(selected).toBeInViewport();
    // The selection is the Hook points panel's function.
    await expect(page.getByRole('region', { name: 'Hook points' }).getByRole('heading', { name: new RegExp(`Hook points ${byName[0]}`) })).toBeVisible();
    // Scrolling to the middle renders the rows there.
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    const middle = byName[Math.floor(all / 2)];
    await expect(table.locator('tbody tr[data-presence]', { has: page.getByText(middle, { exact: true }) })).toHaveCount(1);
  });

  await test.step("leaving compare mode returns to side A's views", async () => {
    // Leaving compare mode returns to side A's views as they were.
    await page.getByRole('button', { name: 'Leave compare' }).click();
    await expect(page.getByRole('tablist', { name: 'Views' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Compare with…' })).toBeVisible();
  });
});

test('compare: hostile names on side B stay text', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  const hostile = '<img src=x onerror=alert(1)>';
  const text = [
    '# tracer: function_graph',
    '#',
    '# CPU  DURATION                  FUNCTION CALLS',
    '# |     |   |                     |   |   |   |',
    ` 0)   1.000 us    |  ${hostile}();`,
    ' 0)   2.000 us    |  x64_sys_call();',
    '',
  ].join('\n');
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await page.getByRole('button', { name: 'Paste trace text' }).last().click();
  await page.getByLabel('Side B trace text').fill(text);
  await page.getByRole('button', { name: 'Compare with the pasted text' }).click();
  await expect(page.getByRole('group', { name: 'Functions and call paths by side' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Compared functions' }).click();
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('onerror');
  const table = page.getByRole('table', { name: 'Compared functions' });
  await expect(table.getByText(hostile, { exact: true })).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});

test('compare: a shared link reopens the comparison once both files are given; Back and Forward walk compare views', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await openCompare(page);
  await page.getByRole('combobox', { name: 'Compared quantity' }).selectOption('calls');
  await page.getByRole('group', { name: 'Functions and call paths by side' }).getByRole('button', { name: /Only in A/ }).click();
  await page.getByRole('tab', { name: 'Compared functions' }).click();
  await expect(page.getByRole('table', { name: 'Compared functions' })).toBeVisible();
  await expect.poll(() => new URL(page.url()).hash).toContain('cv=compared-functions');

  // Back: the differential flame graph again; Forward: the table.
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Differential flame graph' })).toHaveAttribute('aria-selected', 'true');
  await page.goForward();
  await expect(page.getByRole('tab', { name: 'Compared functions' })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  const link = await dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toMatch(/#v=3&/);
  expect(link).toContain('bn=02-midstream-nc-fgraph.report.txt.gz');
  expect(link).toContain('cq=calls');

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByText(/drop that file here/)).toBeVisible();
  await expect(other.getByText(/02-midstream-nc-fgraph\.report\.txt\.gz/).first()).toBeVisible();
  await openTrace(other, SEED);
  await waitForReady(other, 60_000);
  // Side A is open: the chooser asks for side B by name.
  const chooser = other.getByRole('dialog', { name: 'Compare with…' });
  await expect(chooser).toContainText('02-midstream-nc-fgraph.report.txt.gz');
  await other.getByLabel('Compare with a trace file').setInputFiles(NC);
  await expect(other.getByRole('tab', { name: 'Compared functions' })).toHaveAttribute('aria-selected', 'true', { timeout: 60_000 });
  await expect(other.getByRole('combobox', { name: 'Compared quantity' })).toHaveValue('calls');
  await expect(other.getByRole('group', { name: 'Functions and call paths by side' }).getByRole('button', { name: /Only in A/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(other.getByRole('table', { name: 'Compared functions' }).locator('tbody tr[data-presence="2"]')).toHaveCount(0);
  await context.close();
});

test('compare: ?url=A&vs=B opens both', async ({ page }) => {
  const sample = 'samples/01-seed-curl-fgraph.report.txt.gz';
  await page.goto(`/?url=${encodeURIComponent(sample)}&vs=${encodeURIComponent(sample)}`);
  await waitForReady(page, 60_000);
  const legend = page.getByRole('group', { name: 'Functions and call paths by side' });
  await expect(legend).toBeVisible({ timeout: 60_000 });
  // The same trace on both sides: every path is in both.
  await expect(legend.getByRole('button', { name: /Only in A/ })).toHaveAttribute('data-count', '0');
  await expect(legend.getByRole('button', { name: /Only in B/ })).toHaveAttribute('data-count', '0');
  await expect(legend.getByRole('button', { name: /In both/ })).toHaveAttribute('data-count', /^[1-9]\d*$/);
});

test('compare: "Share with the trace included" carries both traces; a side B too large is said to stay out', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const small = tracePath('04-tracefs-max-graph-depth-2.txt');
  const smallB = tracePath('06-function-stacktrace.report.txt');
  await gotoApp(page);
  await openTrace(page, small);
  await waitForReady(page, 60_000);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await page.getByLabel('Compare with a trace file').setInputFiles(smallB);
  const legend = page.getByRole('group', { name: 'Functions and call paths by side' });
  await expect(legend).toBeVisible({ timeout: 60_000 });
  await expect(legend.getByRole('button', { name: /Only in B/ })).toHaveAttribute('data-count', /^\d+$/);
  const onlyB = await legend.getByRole('button', { name: /Only in B/ }).getAttribute('data-count');
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  await dialog.getByRole('button', { name: 'Share with the trace included' }).click();
  await expect(dialog.getByText('Both traces, side A and side B, travel inside the link.')).toBeVisible();
  // The box shows the link with the traces once asked for (it kept the plain one while the
  // clipboard answered, and for good where it refused: read too early, 1 run in 6 failed).
  const linkBox = dialog.getByRole('textbox', { name: 'Link to this view' });
  await expect(linkBox).toHaveValue(/#v=3&.*&d=[A-Za-z0-9_-]+&bd=[A-Za-z0-9_-]+$/);
  const link = await linkBox.inputValue();

  // Opened with the network blocked: both sides come from the link, the comparison is the same.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.route('**/*', (route) => (route.request().url().startsWith(baseURL!) && !route.request().url().includes('/samples/') ? route.continue() : route.abort()));
  const other = await context.newPage();
  await other.goto(link);
  await waitForReady(other, 60_000);
  const otherLegend = other.getByRole('group', { name: 'Functions and call paths by side' });
  await expect(otherLegend).toBeVisible({ timeout: 60_000 });
  await expect(otherLegend.getByRole('button', { name: /Only in B/ })).toHaveAttribute('data-count', onlyB!);
  await expect(other.getByText(/drop that file here/)).toHaveCount(0);
  await context.close();

  // A side B too large to carry: the link carries A only, and the dialog says why.
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Leave compare' }).click();
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await page.getByLabel('Compare with a trace file').setInputFiles(NC);
  await expect(legend).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(dialog.getByText(/Only side A's trace fits in the link: side B \(02-midstream-nc-fgraph\.report\.txt\.gz\) is too large/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Share with the trace included' }).click();
  // The link is written once the file's bytes are encoded: wait for it (a busy runner read it before).
  await expect(dialog.getByRole('textbox', { name: 'Link to this view' })).toHaveValue(/&d=[A-Za-z0-9_-]+$/);
  const linkA = await dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(linkA).toMatch(/&d=[A-Za-z0-9_-]+$/);
  expect(linkA).not.toContain('&bd=');
});
