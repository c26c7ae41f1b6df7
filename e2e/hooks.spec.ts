/**
 * The Hook points panel in the real app: tcp_sendmsg in the seed trace is reached from
 * __x64_sys_sendto, its kprobe one-liner is there and Copy puts it on the clipboard; the
 * hook candidates under __x64_sys_connect list tcp_v4_connect; the flame graph's hover card
 * opens a frame's candidates; a function's other forms (getname_flags.part.0) are named
 * with one probe on all of them; Export downloads SVG and PNG.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, tracePath, waitForReady } from './helpers';
import { runCliInProcess } from '../src/test-utils/run-cli';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const bodyRows = (page: Page) => page.getByRole('grid', { name: 'Functions' }).locator('.fn-body [role=row]');

/** Searches with the toolbar's box (its matches come first in the table) and selects the row of exactly `name`. */
async function selectFunction(page: Page, name: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search functions' }).fill(name);
  await bodyRows(page).filter({ has: page.locator('.fn-name', { hasText: new RegExp(`^${name}$`) }) }).click();
}

/** The seed opened in `tab` (one load for the several checks of a test below). */
async function openSeed(page: Page, tab: 'Functions' | 'Flame graph' | 'Call tree'): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  await page.getByRole('tab', { name: tab }).click();
}

// The checks of one view share one load of the 36 MB seed (each was a test of its own, with a load each).
test("the Functions view's Hook points panel: tcp_sendmsg's entries and one-liner, __x64_sys_connect's candidates, getname_flags' other forms", async ({ page }) => {
  test.setTimeout(120_000);
  await openSeed(page, 'Functions');

  await test.step('tcp_sendmsg: entry __x64_sys_sendto, a kprobe one-liner, Copy puts it on the clipboard', async () => {
    await selectFunction(page, 'tcp_sendmsg');
    const panel = page.getByRole('region', { name: 'Hook points' });
    const entries = panel.getByRole('table', { name: 'Entry points of tcp_sendmsg' });
    await expect(entries.getByRole('cell', { name: '__x64_sys_sendto' })).toBeVisible();
    const command = "bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'";
    await expect(panel.getByText(command, { exact: true })).toBeVisible();
    // What a trace cannot tell: a name several functions share, which a 6.6+ kernel refuses a kprobe on.
    await expect(panel).toContainText('a kprobe on such a name is refused with EADDRNOTAVAIL (number_of_same_symbols in kernel/trace/trace_kprobe.c)');
    const copy = panel.getByRole('button', { name: 'Copy: who calls it, counted by kernel stack' });
    await copy.click();
    await expect(copy).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
  });

  await test.step('hook candidates under __x64_sys_connect list tcp_v4_connect; a row opens its hook points', async () => {
    await selectFunction(page, '__x64_sys_connect');
    const panel = page.getByRole('region', { name: 'Hook points' });
    // The name's note (ProbeCommands.notes), once, with the one-liners.
    await expect(panel.getByText('__x64_sys_connect is the wrapper of SYSCALL_DEFINE(connect); the syscalls:sys_enter_connect tracepoint is usually the better hook.', { exact: true })).toBeVisible();
    await panel.getByRole('button', { name: 'Hook candidates under __x64_sys_connect' }).click();
    const table = panel.getByRole('table', { name: 'Hook candidates under __x64_sys_connect' });
    await table.getByRole('button', { name: 'tcp_v4_connect', exact: true }).click();
    await expect(panel.getByRole('table', { name: 'Entry points of tcp_v4_connect' }).getByRole('cell', { name: '__x64_sys_connect' })).toBeVisible();
  });

  await test.step('getname_flags shows its other form getname_flags.part.0 and one probe on both', async () => {
    await selectFunction(page, 'getname_flags');
    const panel = page.getByRole('region', { name: 'Hook points' });
    await expect(panel.getByLabel('Other forms of getname_flags')).toContainText('getname_flags.part.0');
    await expect(panel.getByText("bpftrace -e 'kprobe:getname_flags,kprobe:getname_flags.part.0 { @[probe, kstack] = count(); }'", { exact: true })).toBeVisible();
  });
});

test("the flame graph's Export (SVG, PNG) and its hover card's 'Hook candidates under it'", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  await openSeed(page, 'Flame graph');

  await test.step('Export → SVG downloads the flame graph named after the trace; it opens in a page with the same frames; PNG too', async () => {
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

  await test.step("flame graph hover card: 'Hook candidates under it' opens the Hook points panel with that frame's candidates", async () => {
    const view = page.getByRole('region', { name: 'Flame graph view' });
    const canvas = page.getByRole('img', { name: 'Flame graph' });
    await expect(page.getByTestId('flame-graph')).toHaveAttribute('data-frames', /^[1-9]/);
    // Closed until asked for: the canvas keeps its height.
    await expect(view.getByRole('region', { name: 'Hook points' })).toHaveCount(0);
    const box = (await canvas.boundingBox())!;
    // Second row from the bottom (depth 1: a function under curl-139).
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height - 18 - 9);
    const card = page.getByRole('tooltip');
    await expect(card).toBeVisible();
    const name = (await card.locator('.frame-tooltip-name').textContent())!.trim();
    await card.getByRole('button', { name: 'Hook candidates under it' }).click();
    const panel = view.getByRole('region', { name: 'Hook points' });
    await expect(panel.locator('.fd-name')).toHaveText(name);
    const table = panel.getByRole('table', { name: `Hook candidates under ${name}` });
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    // Ranked under the frame's own path (its task, then it), not under every call of the function.
    const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(panel.getByTestId('hook-scope')).toHaveText(new RegExp(`^Ranked under ${quoted} at [^>]+ > ${quoted}\\.$`));
    // The header button closes it again.
    const toggle = view.getByRole('button', { name: 'Hook points' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await toggle.click();
    await expect(panel).toHaveCount(0);
  });
});

/** What `npm run cli -- ARGS` prints (the command line run in this process: no tsx start-up). */
async function cli(...args: string[]): Promise<string> {
  const r = await runCliInProcess(...args);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

test("every view's Export menu: the call tree's Chrome JSON and the functions table's folded stacks equal cli export's; the flame chart's PNG", async ({ page }) => {
  test.setTimeout(120_000);
  await openSeed(page, 'Call tree');

  await test.step("every view's Export menu: the call tree's Chrome JSON and the functions table's folded stacks equal cli export's", async () => {
    const tree = page.getByRole('toolbar', { name: 'Call tree options' });
    await tree.getByRole('button', { name: 'Export' }).click();
    // No pictures outside the flame graph.
    await expect(tree.getByRole('button', { name: 'SVG (as shown)' })).toHaveCount(0);
    const [chrome] = await Promise.all([page.waitForEvent('download'), tree.getByRole('button', { name: 'Chrome trace JSON' }).click()]);
    expect(chrome.suggestedFilename()).toBe('01-seed-curl-fgraph.tree.chrome-trace.json');
    expect(readFileSync(await chrome.path(), 'utf8')).toBe(await cli('export', '--format', 'chrome', SEED));

    await page.getByRole('tab', { name: 'Functions' }).click();
    const side = page.locator('.fd-export');
    await side.getByRole('button', { name: 'Export' }).click();
    const [folded] = await Promise.all([page.waitForEvent('download'), side.getByRole('button', { name: 'Folded stacks' }).click()]);
    expect(folded.suggestedFilename()).toBe('01-seed-curl-fgraph.functions.folded.txt');
    expect(readFileSync(await folded.path(), 'utf8')).toBe(await cli('folded', SEED));
  });

  await test.step("the flame chart's Export → PNG is the chart as drawn, at twice its CSS pixels", async () => {
    await page.getByRole('tab', { name: 'Flame chart' }).click();
    const view = page.getByRole('region', { name: 'Flame chart view' });
    await expect(page.getByTestId('flame-chart')).toHaveAttribute('data-drawn-frames', /^[1-9]/);
    // The chart's size in CSS pixels, as the chart kit measures it (useElementSize: its wrapper's box, floored).
    const chartSize = () =>
      page.getByTestId('flame-chart').evaluate((el) => {
        const r = el.getBoundingClientRect();
        return [Math.floor(r.width), Math.floor(r.height)];
      });
    // The page's layout can still move while the overview and the filter bar settle: export once the
    // chart has the same size before and after, and compare the PNG with that size.
    await expect(async () => {
      const [w, h] = await chartSize();
      await view.getByRole('button', { name: 'Export' }).click();
      const [png] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'PNG (as shown, 2×)' }).click()]);
      expect(await chartSize()).toEqual([w, h]);
      expect(png.suggestedFilename()).toBe('01-seed-curl-fgraph.chart.png');
      const bytes = readFileSync(await png.path());
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      // IHDR width and height (big-endian at bytes 16 and 20).
      expect(bytes.readUInt32BE(16)).toBe(w * 2);
      expect(bytes.readUInt32BE(20)).toBe(h * 2);
    }).toPass({ timeout: 30_000 });
  });
});

test('the Export menu of a trace whose calls have no duration (the function tracer) says why instead of downloading an empty file', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, tracePath('06-function-stacktrace.report.txt'));
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Call tree' }).click();
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const tree = page.getByRole('toolbar', { name: 'Call tree options' });
  for (const format of ['Folded stacks', 'speedscope JSON']) {
    await tree.getByRole('button', { name: 'Export' }).click();
    await tree.getByRole('button', { name: format }).click();
    await expect(tree.locator('.export-menu').getByRole('status')).toHaveText(new RegExp(`^Nothing to export as ${format}: none of the [\\d,]+ calls in view has a duration \\(the function tracer records none\\)`));
  }
  expect(downloads).toEqual([]);
});
