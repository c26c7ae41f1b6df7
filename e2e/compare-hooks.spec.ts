/**
 * The Hook points panel in compare mode (seed against the mid-stream nc trace): selecting a
 * function in the compared views shows where it is called and both sides' figures (from
 * `cli diff`); the candidates under __x64_sys_connect list tcp_v4_connect as one-sided
 * (only in A: the mid-stream trace never connects), ranked among the first.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { cliDiff, openCompare } from './compare-helpers';

/** Searches the Compared functions table for `name` and clicks its name. */
async function selectCompared(page: Page, name: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search functions' }).fill(name);
  const table = page.getByRole('table', { name: 'Compared functions' });
  await table.getByRole('button', { name, exact: true }).click();
}

// The checks share one comparison of the seed with the nc trace (each step was a test of its own, with two loads each).
test('compare: hook points in the compared functions, the compared call tree and the differential flame graph; its Export', async ({ page, context }, testInfo) => {
  test.setTimeout(4 * 60_000);
  const diff = await cliDiff();
  const send = diff.functions.find((f) => f.name === 'tcp_sendmsg')!;
  expect(send.a.calls).toBeGreaterThan(0);
  expect(send.b.calls).toBeGreaterThan(0);

  await openCompare(page);

  await test.step('compare: hook points of both sides, and tcp_v4_connect one-sided among the candidates under __x64_sys_connect', async () => {
    await page.getByRole('tab', { name: 'Compared functions' }).click();
    const panel = page.getByRole('region', { name: 'Hook points' });
    await expect(panel).toContainText('Select a function');

    // A function on both sides: both sides' call counts, as cli diff counts them.
    await selectCompared(page, 'tcp_sendmsg');
    await expect(panel.getByRole('heading', { name: /Hook points tcp_sendmsg/ })).toBeVisible();
    await expect(panel.getByText('Called in both A and B')).toBeVisible();
    const sides = panel.getByRole('table', { name: 'Both sides of tcp_sendmsg' });
    const calls = sides.getByRole('row', { name: /^calls/ });
    await expect(calls.locator('[data-col="a"]')).toHaveText(send.a.calls.toLocaleString('en-US'));
    await expect(calls.locator('[data-col="b"]')).toHaveText(send.b.calls.toLocaleString('en-US'));
    // Side A's curl sends with sendto, side B's nc with write.
    const entries = sides.getByRole('row', { name: /^entry points/ });
    await expect(entries.locator('[data-col="a"]')).toContainText('__x64_sys_sendto');
    await expect(entries.locator('[data-col="b"]')).toContainText('__x64_sys_write');
    await expect(panel.getByText("bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'", { exact: true })).toBeVisible();

    // A click on a row's figures selects it too, as in the Functions table (only the name did).
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_v4_connect');
    const table = page.getByRole('table', { name: 'Compared functions' });
    await table.getByRole('row', { name: /^tcp_v4_connect\b/ }).locator('[data-col="a.calls"]').click();
    await expect(panel.getByRole('heading', { name: /Hook points tcp_v4_connect/ })).toBeVisible();

    // The connect syscall only side A makes, and the candidates under it.
    await selectCompared(page, '__x64_sys_connect');
    await expect(panel.getByText('Called in A only')).toBeVisible();
    await panel.getByRole('button', { name: 'Hook candidates under __x64_sys_connect' }).click();
    const candidates = panel.getByRole('table', { name: 'Hook candidates under __x64_sys_connect' });
    const connectRow = candidates.locator('tbody tr', { has: page.getByRole('button', { name: 'tcp_v4_connect', exact: true }) });
    await expect(connectRow).toHaveCount(1);
    await expect(connectRow).toHaveAttribute('data-one-sided', 'true');
    await expect(connectRow.locator('[data-col="presence"]')).toHaveText('only in A');
    await expect(connectRow.getByText('one side only')).toBeVisible();
    // One-sided rows rank first: no row called on both sides comes before a one-sided one.
    const flags = await candidates.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-one-sided')));
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.indexOf('false') === -1 || flags.slice(flags.indexOf('false')).every((f) => f === 'false')).toBe(true);

    // A candidate's row opens the panel for it.
    await connectRow.getByRole('button', { name: 'tcp_v4_connect', exact: true }).click();
    await expect(panel.getByRole('heading', { name: /Hook points tcp_v4_connect/ })).toBeVisible();
    await expect(panel.getByText('Called in A only')).toBeVisible();
    const connect = diff.functions.find((f) => f.name === 'tcp_v4_connect')!;
    const connectCalls = panel.getByRole('table', { name: 'Both sides of tcp_v4_connect' }).getByRole('row', { name: /^calls/ });
    await expect(connectCalls.locator('[data-col="a"]')).toHaveText(connect.a.calls.toLocaleString('en-US'));
    // Side B has no such function (—) or never calls it (0).
    await expect(connectCalls.locator('[data-col="b"]')).toHaveText(/^(—|0)$/);
  });

  await test.step('compare: a row of the compared call tree opens its hook points', async () => {
    await page.getByRole('tab', { name: 'Compared call tree' }).click();
    const grid = page.getByRole('treegrid', { name: 'Compared call tree' });
    const first = grid.getByRole('row').filter({ has: page.locator('.ct-name') }).first();
    const name = (await first.locator('.ct-name').textContent()) ?? '';
    expect(name).not.toBe('');
    await first.click();
    const panel = page.getByRole('region', { name: 'Hook points' });
    await expect(panel.locator('.fd-name')).toHaveText(name);
    await expect(panel.locator('.hp-presence')).toHaveAttribute('data-presence', /^(a|b|both)$/);
  });

  await test.step('compare: Export → SVG downloads the differential flame graph as shown, with its change colours; PNG too', async () => {
    await page.getByRole('tab', { name: 'Differential flame graph' }).click();
    const view = page.getByRole('region', { name: 'Differential flame graph view' });
    await expect.poll(async () => Number(await page.getByTestId('diff-flame-graph').getAttribute('data-drawn-frames'))).toBeGreaterThan(10);
    await view.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'SVG (as shown)' }).click()]);
    expect(download.suggestedFilename()).toBe('01-seed-curl-fgraph.diff-flame.svg');
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    const svg = readFileSync(path, 'utf8');
    const rects = (svg.match(/<rect /g) ?? []).length;
    expect(rects).toBeGreaterThan(10);
    // Red (B more) and blue (B less) frames, and titles with both sides and the change.
    expect(svg).toMatch(/fill="hsl\(2 /);
    expect(svg).toMatch(/fill="hsl\(218 /);
    expect(svg).toMatch(/<title>__x64_sys_connect \(only in A\): A [\d.]+ µs, B 0\.000 µs, change −[\d.]+ µs/);
    const shown = await context.newPage();
    await shown.goto(pathToFileURL(path).href);
    await expect(shown.locator('rect')).toHaveCount(rects);
    await shown.close();

    // Laid out by A: the PNG (that SVG drawn at 2×) follows.
    await view.getByRole('switch', { name: 'Lay out by A (negated)' }).check();
    await view.getByRole('button', { name: 'Export' }).click();
    const [png] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'PNG (as shown, 2×)' }).click()]);
    expect(png.suggestedFilename()).toBe('01-seed-curl-fgraph.diff-flame.png');
    const bytes = readFileSync(await png.path());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Laid out by B again, as after a load, for the step below.
    await view.getByRole('switch', { name: 'Lay out by A (negated)' }).uncheck();
  });

  await test.step("compare: the differential flame graph's hover card opens a frame's candidates over both sides", async () => {
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.getByRole('tab', { name: 'Differential flame graph' }).click();
    const canvas = page.getByRole('img', { name: 'Differential flame graph' });
    await expect.poll(async () => Number(await page.getByTestId('diff-flame-graph').getAttribute('data-drawn-frames'))).toBeGreaterThan(10);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    // The bottom row holds the roots (syscall entries, interrupts); some are narrow: sweep it
    // until the mouse is over one.
    const card = page.getByRole('tooltip');
    for (let i = 1; i < 80 && !(await card.isVisible()); i++) {
      await page.mouse.move(box.x + (box.width * i) / 80, box.y + box.height - 9);
      await page.waitForTimeout(50);
    }
    await expect(card).toBeVisible();
    const name = (await card.locator('.frame-tooltip-name').textContent())!.trim();
    await card.getByRole('button', { name: 'Hook candidates under it' }).click();
    const panel = page.getByRole('region', { name: 'Hook points' });
    await expect(panel.locator('.fd-name')).toHaveText(name);
    const table = panel.getByRole('table', { name: `Hook candidates under ${name}` });
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-presence', /^(a|b|both)$/);
    // Ranked under the frame's own path (a root: the path is its name), not under every call of the function.
    await expect(panel.getByTestId('hook-scope')).toHaveText(`Ranked under ${name} at ${name}, on each side.`);
  });
});

