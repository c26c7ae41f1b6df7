/**
 * Time on the flame chart, on the seed trace: the ruler in absolute trace time with the
 * digits the zoom needs (and relative time on request, the overview's ticks following),
 * the chart's window drawn on the overview and dragged there to pan (the brush beside it
 * still picks a range), and tiny calls drawn at whole-run zoom.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { gotoApp, holdsStill, openTrace, screenshot, SEED, waitForReady } from './helpers';

async function openChart(page: Page): Promise<Locator> {
  // The 36 MB seed, then many gestures: slow on a busy 2-core runner.
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  const wrap = page.getByTestId('flame-chart');
  await expect(wrap).toHaveAttribute('data-task', 'curl-139');
  await expect.poll(async () => Number(await wrap.getAttribute('data-drawn-frames'))).toBeGreaterThan(0);
  return wrap;
}

const rulerLabels = (page: Page) => page.getByTestId('time-ruler').locator('.time-ruler-tick').allTextContents();
const overviewTicks = (page: Page) => page.getByTestId('overview-svg').locator('.overview-tick').allTextContents();

/** Seconds as the trace prints them, from integer ns, by string arithmetic (no float of seconds). */
function seconds(ns: number, decimals: number): string {
  const whole = Math.floor(ns / 1e9);
  return `${whole}.${String(Math.round(ns) - whole * 1e9).padStart(9, '0').slice(0, decimals)}`;
}

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test("flame chart time: tiny calls at whole-run zoom, W A S D and the measured interval, the ruler, the chart's window on the overview", async ({ page }) => {
  const wrap = await openChart(page);
  // Four former tests, each given 120 s.
  test.setTimeout(4 * 120_000);

  await test.step('a task with only tiny calls shows them at whole-run zoom', async () => {
    // kworker/1:2-100: 6 lines over 456 ms, none longer than 4 µs (under a pixel's worth).
    await page.getByLabel('Chart task').selectOption({ label: 'kworker/1:2-100' });
    await expect(wrap).toHaveAttribute('data-task', 'kworker/1:2-100');
    await expect.poll(async () => Number(await wrap.getAttribute('data-drawn-frames'))).toBeGreaterThan(0);
    expect(Number(await wrap.getAttribute('data-zoom-k'))).toBe(1);
    await expect(wrap.getByText('No calls of this task in this window')).toHaveCount(0);
    await screenshot(page, 'flame-chart-tiny-calls');
    // Back to the busiest task, at whole-run zoom, for the steps below.
    await page.getByLabel('Chart task').selectOption({ label: 'curl-139' });
    await expect(wrap).toHaveAttribute('data-task', 'curl-139');
    await expect.poll(async () => Number(await wrap.getAttribute('data-drawn-frames'))).toBeGreaterThan(0);
    await holdsStill(wrap, 'data-visible-ns');
  });

  await test.step('W A S D zoom about the pointer and pan; Shift+drag measures an interval without panning', async () => {
    const canvas = wrap.locator('canvas');
    const box = (await canvas.boundingBox())!;
    const attr = async (name: string) => Number(await wrap.getAttribute(name));
    const ns0 = await attr('data-visible-ns');
    const start0 = await attr('data-visible-start');
    // W about the pointer at a quarter of the width: the time under it stays put.
    const px = box.width * 0.25;
    const under = start0 + (ns0 * px) / box.width;
    await canvas.focus();
    await page.mouse.move(box.x + px, box.y + box.height - 20);
    for (let i = 0; i < 3; i++) await page.keyboard.press('w');
    await expect.poll(() => attr('data-visible-ns')).toBeLessThan(ns0 * 0.6);
    const ns1 = await attr('data-visible-ns');
    const underAfter = (await attr('data-visible-start')) + (ns1 * px) / box.width;
    expect(Math.abs(underAfter - under)).toBeLessThan(ns1 * 0.01);
    // D pans later, A back; S zooms out.
    const start1 = await attr('data-visible-start');
    await page.keyboard.press('d');
    await expect.poll(() => attr('data-visible-start')).toBeGreaterThan(start1);
    await page.keyboard.press('a');
    await expect.poll(() => attr('data-visible-start')).toBeCloseTo(start1, -1);
    await page.keyboard.press('s');
    await expect.poll(() => attr('data-visible-ns')).toBeGreaterThan(ns1 * 1.1);

    // Shift+drag over 200 px: the interval is 200 px of time, the view does not move.
    const ns2 = await attr('data-visible-ns');
    const start2 = await attr('data-visible-start');
    const y = box.y + 12;
    await page.mouse.move(box.x + 300, y);
    await page.keyboard.down('Shift');
    await page.mouse.down();
    await page.mouse.move(box.x + 400, y, { steps: 4 });
    await page.mouse.move(box.x + 500, y, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const measure = page.getByTestId('chart-measure');
    await expect(measure).toBeVisible();
    const measured = Number(await measure.getAttribute('data-ns'));
    expect(Math.abs(measured - (200 * ns2) / box.width)).toBeLessThan(0.02 * measured);
    const a = Number(await measure.getAttribute('data-start'));
    expect(Math.abs(a - (start2 + (300 * ns2) / box.width))).toBeLessThan(0.01 * ns2);
    await expect(measure).toContainText(/^[\d.,]+ (ns|us|ms|s): 1[12]\.\d+ s to 1[12]\.\d+ s$/);
    expect(await attr('data-visible-start')).toBe(start2);
    expect(await attr('data-visible-ns')).toBe(ns2);
    await screenshot(page, 'flame-chart-measure');
    // Escape clears the interval first, then (again) shows the whole run.
    await canvas.press('Escape');
    await expect(measure).toBeHidden();
    expect(await attr('data-visible-ns')).toBe(ns2);
    // Escape once more: the whole run again, for the steps below.
    await canvas.press('Escape');
    await expect.poll(async () => Number(await wrap.getAttribute('data-zoom-k'))).toBe(1);
    await holdsStill(wrap, 'data-visible-start');
  });

  await test.step('flame chart ruler: absolute trace time with the digits the zoom needs, relative on request, like the overview', async () => {
    const canvas = wrap.locator('canvas');
    // The whole run: the trace's own clock (the seed runs at 11.5 s of uptime).
    await expect.poll(async () => (await rulerLabels(page)).length).toBeGreaterThan(2);
    for (const label of await rulerLabels(page)) expect(label).toMatch(/^1[12]\.\d+$/);
    for (const label of await overviewTicks(page)) expect(label).toMatch(/^1[12]\.\d+$/);
    const start = Number(await wrap.getAttribute('data-visible-start'));
    await expect(page.getByTestId('chart-window')).toContainText(`Showing ${seconds(start, 3)} s to `); // 809 ms: ms digits

    // Zoom in to a window of a few hundred µs: the labels differ below the 100 µs digit.
    await canvas.focus();
    for (let i = 0; i < 19; i++) await canvas.press('=');
    await expect.poll(async () => Number(await wrap.getAttribute('data-visible-ns'))).toBeLessThan(600_000);
    await holdsStill(wrap, 'data-visible-start');
    const visibleNs = Number(await wrap.getAttribute('data-visible-ns'));
    expect(visibleNs).toBeGreaterThan(100_000);
    const v0 = Number(await wrap.getAttribute('data-visible-start'));
    const labels = await rulerLabels(page);
    expect(labels.length).toBeGreaterThan(3);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label).toMatch(/^1[12]\.\d{5,}$/);
    // The window label keeps µs digits: "Showing 11.xxxxxx s to 11.yyyyyy s (NNN us)".
    const windowText = (await page.getByTestId('chart-window').textContent()) ?? '';
    expect(windowText).toMatch(/^Showing 1[12]\.\d{6} s to 1[12]\.\d{6} s \(\d+ us\)$/);
    expect(windowText).toContain(`Showing ${seconds(v0, 6)} s`);
    const [a, b] = /^Showing (\S+) s to (\S+) s/.exec(windowText)!.slice(1);
    expect(a).not.toBe(b);
    await screenshot(page, 'flame-chart-ruler-zoomed');

    // Relative time: the chart and the overview count from the same zero.
    await page.getByLabel('Relative time').check();
    await expect.poll(async () => (await rulerLabels(page))[0] ?? '').toMatch(/^\+0\.\d{5,}$/);
    const ticks = await overviewTicks(page);
    expect(ticks[0]).toMatch(/^\+0(\.0+)?$/);
    for (const t of ticks) expect(t).toMatch(/^\+\d/);
    await expect(page.getByTestId('chart-window')).toContainText(/^Showing \+0\.\d{6} s to \+0\.\d{6} s/);
    // Remembered in the store: another tab and back keeps it.
    await page.getByRole('tab', { name: 'Flame graph' }).click();
    await expect.poll(async () => (await overviewTicks(page))[0] ?? '').toMatch(/^\+0/);
    await page.getByRole('tab', { name: 'Flame chart' }).click();
    await expect(page.getByLabel('Relative time')).toBeChecked();
    await page.getByLabel('Relative time').uncheck();
    await expect.poll(async () => (await overviewTicks(page))[0] ?? '').toMatch(/^1[12]\./);
    // The whole run again, for the step below.
    await canvas.press('Escape');
    await expect.poll(async () => Number(await wrap.getAttribute('data-zoom-k'))).toBe(1);
    await holdsStill(wrap, 'data-visible-start');
  });

  await test.step("the chart's window on the overview: dragging it pans the chart, brushing beside it picks a range", async () => {
    const canvas = wrap.locator('canvas');
    const win = page.getByTestId('overview-window');
    // The whole run: shown, but it takes no pointer (the brush works across the strip).
    await expect(win).toBeAttached();
    await expect(win).not.toHaveClass(/pannable/);
    await canvas.focus();
    for (let i = 0; i < 6; i++) await canvas.press('=');
    await expect(win).toHaveClass(/pannable/);
    // The last key's zoom has landed: the window holds still (a busy runner applies them late).
    await holdsStill(wrap, 'data-visible-ns');
    const ns0 = Number(await wrap.getAttribute('data-visible-ns'));
    const start0 = Number(await wrap.getAttribute('data-visible-start'));
    // The rectangle is the chart's window.
    await expect.poll(async () => Number(await win.getAttribute('data-start'))).toBe(start0);

    const box = (await win.boundingBox())!;
    const svg = (await page.getByTestId('overview-svg').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    // Panned later in time by 60 px of the strip (the rectangle is ns0 wide on box.width px), at the same zoom.
    const expected = (60 * ns0) / box.width;
    await expect.poll(async () => Number(await wrap.getAttribute('data-visible-start')) - start0).toBeGreaterThan(expected * 0.8);
    expect(Number(await wrap.getAttribute('data-visible-start')) - start0).toBeLessThan(expected * 1.2);
    expect(Math.abs(Number(await wrap.getAttribute('data-visible-ns')) - ns0)).toBeLessThanOrEqual(2);
    await expect(page.getByTestId('overview-range')).toContainText('Whole trace');
    await screenshot(page, 'overview-chart-window');

    // Brushing outside the window still picks a range for every view.
    const right = box.x + box.width + 60 < svg.x + svg.width - 20;
    const from = right ? box.x + box.width + 60 : svg.x + 10;
    const to = right ? Math.min(svg.x + svg.width - 5, from + 80) : Math.min(box.x - 5, from + 80);
    await page.mouse.move(from, svg.y + 20);
    await page.mouse.down();
    await page.mouse.move((from + to) / 2, svg.y + 20, { steps: 4 });
    await page.mouse.move(to, svg.y + 20, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('overview-range')).toContainText(/^Range /);
  });
});

