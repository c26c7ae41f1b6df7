/**
 * The flame views on the seed trace (curl under function_graph), in the real app: the
 * flame graph (click to zoom, Escape, hover card, search dimming), the flame chart (the
 * busiest task, wheel zoom) and the overview strip (brushing a range). Screenshots in
 * light and dark land in test-results/screens/.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { brushOverview, gotoApp, openTrace, pixel, screenshot, SEED, settledBox, tracePath, waitForReady } from './helpers';

const flameGraph = (page: Page) => page.getByTestId('flame-graph');
const tooltip = (page: Page) => page.getByRole('tooltip');

async function openSeed(page: Page, tab: 'Flame graph' | 'Flame chart'): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: tab }).click();
}

/** A numeric data attribute once it is set and passes `ok`. */
async function numberAttr(el: Locator, name: string, ok: (n: number) => boolean = (n) => n > 0): Promise<number> {
  let value = Number.NaN;
  await expect
    .poll(async () => {
      const raw = await el.getAttribute(name);
      value = raw === null || raw === '' ? Number.NaN : Number(raw);
      return ok(value);
    })
    .toBe(true);
  return value;
}

const saturation = ([r, g, b]: [number, number, number]) => Math.max(r, g, b) - Math.min(r, g, b);

/** How many messages the page has sent its workers (counted by the flame graph test's init script). */
const workerMessages = (page: Page) => page.evaluate(() => (window as unknown as { workerMessages: number }).workerMessages);

/** The count of messages sent to the workers once it holds still for half a second. */
async function messagesSettled(page: Page): Promise<number> {
  let sent = -1;
  await expect
    .poll(async () => {
      const before = sent;
      sent = await workerMessages(page);
      return sent === before;
    }, { intervals: [500] })
    .toBe(true);
  return sent;
}

// The flame graph's checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('flame graph: a range brushed on the overview, the inverted graph, frames, zoom, hover card, search dimming and the kernel version', async ({ page }) => {
  test.setTimeout(180_000);
  // For the last step: count every message the page sends to a worker: a version is no part of a flame question.
  await page.addInitScript(() => {
    const w = window as unknown as { workerMessages: number };
    w.workerMessages = 0;
    // The descriptor's value, typed with its `this`: the original method, called on each worker below.
    const send = Object.getOwnPropertyDescriptor(Worker.prototype, 'postMessage')!.value as (this: Worker, ...args: Parameters<Worker['postMessage']>) => void;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      w.workerMessages++;
      return send.apply(this, args);
    } as Worker['postMessage'];
  });
  await openSeed(page, 'Flame graph');

  await test.step('overview: brushing picks a range, Clear range resets it', async () => {
    const wrap = flameGraph(page);
    const framesBefore = await numberAttr(wrap, 'data-frames');
    const overview = page.getByRole('group', { name: 'Overview: calls over time' });
    await brushOverview(page);
    await expect(overview.getByTestId('overview-range')).toContainText(/^Range /);
    await expect(overview.getByRole('button', { name: 'Clear range' })).toBeEnabled();
    // The flame graph now shows only the calls in the range.
    await numberAttr(wrap, 'data-frames', (n) => n > 0 && n !== framesBefore);
    await screenshot(page, 'overview-range');

    await overview.getByRole('button', { name: 'Clear range' }).click();
    await expect(overview.getByTestId('overview-range')).toContainText('Whole trace');
    await numberAttr(wrap, 'data-frames', (n) => n === framesBefore);
  });

  await test.step('flame graph: inverted (icicle) puts the functions with self time on top', async () => {
    const wrap = flameGraph(page);
    await numberAttr(wrap, 'data-frames');
    await expect(wrap).toHaveAttribute('data-inverted', 'false');
    await page.getByRole('switch', { name: 'Inverted (icicle)' }).check();
    await expect(wrap).toHaveAttribute('data-inverted', 'true', { timeout: 30_000 });
    const canvas = page.getByRole('img', { name: 'Flame graph' });
    const box = (await canvas.boundingBox())!;
    // Icicle: depth 0 is the top row and holds the functions where self time was spent,
    // largest first (no task roots); their callers hang below.
    await page.mouse.move(box.x + 3, box.y + 9);
    await expect(tooltip(page)).toBeVisible();
    const top = (await tooltip(page).locator('.frame-tooltip-name').textContent())!;
    expect(top).not.toMatch(/^(curl-139|)$/);
    await expect(tooltip(page)).toContainText(/Share of parent\s*—/);
    await page.mouse.move(box.x + 3, box.y + 27);
    await expect(tooltip(page)).toContainText(/Share of parent\s*[\d.]+%/);
    await screenshot(page, 'flame-graph-inverted');
    // Back to the flame (root at the bottom) for the steps below.
    await page.getByRole('switch', { name: 'Inverted (icicle)' }).uncheck();
    await expect(wrap).toHaveAttribute('data-inverted', 'false', { timeout: 30_000 });
    await page.mouse.move(0, 0);
    await expect(tooltip(page)).toHaveCount(0);
  });

  await test.step('flame graph: frames, click to zoom, Escape, hover card, search dimming', async () => {
    const canvas = page.getByRole('img', { name: 'Flame graph' });
    await expect(canvas).toBeVisible();
    const wrap = flameGraph(page);
    await numberAttr(wrap, 'data-frames');
    const box = (await canvas.boundingBox())!;
    // Flame orientation: depth 0 (one root per task) is the bottom row, depth 1 above it.
    const row = (depth: number) => box.y + box.height - 18 * depth - 9;
    await expect(page.getByRole('navigation', { name: 'Flame graph zoom' })).toHaveCount(0);
    await screenshot(page, 'flame-graph-seed');

    // Hover a frame on the second row: the card names it and links its source.
    await page.mouse.move(box.x + box.width * 0.3, row(1));
    await expect(tooltip(page)).toBeVisible();
    const name = (await tooltip(page).locator('.frame-tooltip-name').textContent())!.trim();
    expect(name.length).toBeGreaterThan(0);
    await expect(tooltip(page)).toContainText('Share of parent');
    await expect(tooltip(page)).toContainText(/Total\s*[\d.,]+ (ns|us|ms|s)/);
    const link = tooltip(page).getByRole('link', { name: 'Source on Elixir' });
    await expect(link).toHaveAttribute('href', /^https:\/\/elixir\.bootlin\.com\/linux\/latest\/A\/ident\/[A-Za-z_][A-Za-z0-9_]*$/);
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('target', '_blank');
    await screenshot(page, 'flame-graph-hover');

    // The zoom a click would ask for is asked while the pointer rests: once that is sent,
    // the click and the Escape after it are answered without a word to the worker. The page
    // notes how many messages it had sent when it first showed each zoom root.
    await page.evaluate(() => {
      const w = window as unknown as { workerMessages: number; sentAtZoomRoot: Record<string, number> };
      w.sentAtZoomRoot = {};
      const el = document.querySelector<HTMLElement>('[data-testid=flame-graph]')!;
      new MutationObserver(() => {
        const root = el.dataset.zoomRoot ?? '';
        w.sentAtZoomRoot[root] ??= w.workerMessages;
      }).observe(el, { attributes: true, attributeFilter: ['data-zoom-root'] });
    });
    const sentAtZoomRoot = (root: string) => page.evaluate((r) => (window as unknown as { sentAtZoomRoot: Record<string, number> }).sentAtZoomRoot[r], root);
    const zoomAskedAhead = await messagesSettled(page);

    // Click it: it becomes the zoom root; the breadcrumbs show the path (task, then it).
    await page.mouse.click(box.x + box.width * 0.3, row(1));
    const crumbs = page.getByRole('navigation', { name: 'Flame graph zoom' });
    await expect(crumbs).toBeVisible();
    await expect(crumbs.getByRole('button')).toHaveCount(3); // All tasks › curl-139 › name
    await expect(crumbs.getByRole('button').last()).toHaveText(name);
    await expect(crumbs.getByRole('button').nth(1)).toHaveText('curl-139');
    await expect(wrap).toHaveAttribute('data-zoom-root', name);
    expect(await sentAtZoomRoot(name)).toBe(zoomAskedAhead);
    // The zoom root now spans the whole width.
    await page.mouse.move(box.x + 5, row(0));
    await expect(tooltip(page).locator('.frame-tooltip-name')).toHaveText(name);
    await page.mouse.move(box.x + box.width - 5, row(0));
    await expect(tooltip(page).locator('.frame-tooltip-name')).toHaveText(name);
    await screenshot(page, 'flame-graph-zoomed');

    // Escape: one level up (curl-139 is the root), asked ahead once the zoom was shown.
    const outAskedAhead = await messagesSettled(page);
    await canvas.press('Escape');
    await expect(crumbs.getByRole('button')).toHaveCount(2);
    await expect(wrap).toHaveAttribute('data-zoom-root', 'curl-139');
    expect(await sentAtZoomRoot('curl-139')).toBe(outAskedAhead);
    await canvas.press('Escape');
    await expect(crumbs).toHaveCount(0);

    // Search: frames of other functions are dimmed (grey), tcp_sendmsg's keep their colour.
    await page.mouse.move(box.x + box.width / 2, box.y - 60); // off the canvas
    await expect(tooltip(page)).toHaveCount(0);
    // A warm colour (polled: the root's frames may still be on their way after the Escapes).
    await expect.poll(async () => saturation(await pixel(canvas, box.width * 0.3, box.height - 18 - 9))).toBeGreaterThan(40);
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
    const matchedFrames = await numberAttr(wrap, 'data-matched-frames');
    const frames = Number(await wrap.getAttribute('data-frames'));
    expect(matchedFrames).toBeLessThan(frames);
    await expect.poll(async () => saturation(await pixel(canvas, box.width * 0.3, box.height - 18 - 9))).toBeLessThan(12);
    await screenshot(page, 'flame-graph-search');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('');
    await expect(wrap).toHaveAttribute('data-matched-frames', '');
    // The search status and the filter bar's chip above went: measure the canvas again once
    // it has stopped moving (the view's height is measured again in a later frame).
    const after = await settledBox(canvas);
    await page.mouse.move(after.x + after.width * 0.3, after.y + after.height - 18 - 9);
    await expect(tooltip(page)).toBeVisible();
    await screenshot(page, 'flame-graph-seed-dark');
    // Back to light, the pointer off the canvas, for the step below.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.mouse.move(0, 0);
  });

  await test.step('flame graph: choosing a kernel version relinks the hover card and asks the worker nothing', async () => {
    const canvas = page.getByRole('img', { name: 'Flame graph' });
    const wrap = flameGraph(page);
    await numberAttr(wrap, 'data-frames');
    const box = (await canvas.boundingBox())!;
    // The card of a function on the second row, with its source link (moved again by a pixel
    // if a finer answer replaced the frame under the pointer as it landed).
    const hoverSecondRow = async () => {
      const link = tooltip(page).getByRole('link', { name: 'Source on Elixir' });
      let dx = 0;
      await expect(async () => {
        await page.mouse.move(box.x + box.width * 0.3 + dx++, box.y + box.height - 18 - 9);
        await expect(link).toBeVisible({ timeout: 2000 });
      }).toPass({ timeout: 15_000 });
      return link;
    };
    await expect(await hoverSecondRow()).toHaveAttribute('href', /^https:\/\/elixir\.bootlin\.com\/linux\/latest\/A\/ident\/\w+$/);
    await page.mouse.move(0, 0);
    await expect(tooltip(page)).toHaveCount(0);

    // Whatever the views still had to ask (a finer layout, the overview, the zoom into the
    // hovered frame) is asked first.
    const sent = await messagesSettled(page);
    expect(sent).toBeGreaterThan(0);
    const version = page.getByRole('combobox', { name: 'Kernel source' });
    await version.fill('v6.8');
    await version.press('Enter');
    await expect(version).toHaveValue('v6.8');
    await expect(await hoverSecondRow()).toHaveAttribute('href', /^https:\/\/elixir\.bootlin\.com\/linux\/v6\.8\/A\/ident\/\w+$/);
    expect(await workerMessages(page)).toBe(sent);
  });
});

test('flame chart: the busiest task, curl-139, zooms with the wheel', async ({ page }) => {
  await openSeed(page, 'Flame chart');
  const wrap = page.getByTestId('flame-chart');
  await expect(wrap).toHaveAttribute('data-task', 'curl-139');
  await expect(page.getByLabel('Chart task').locator('option:checked')).toHaveText('curl-139');
  const canvas = page.getByRole('img', { name: 'Flame chart of curl-139' });
  await expect(canvas).toBeVisible();
  await numberAttr(wrap, 'data-drawn-frames');
  const before = await numberAttr(wrap, 'data-visible-ns');
  await screenshot(page, 'flame-chart-seed');

  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + 30);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
  const after = await numberAttr(wrap, 'data-visible-ns', (n) => n > 0 && n < before / 4);
  expect(after).toBeLessThan(before);
  // The zoomed window gets its own, finer answer from the worker.
  await numberAttr(wrap, 'data-drawn-frames');
  await page.mouse.move(box.x + box.width * 0.4, box.y + 9);
  await expect(tooltip(page)).toContainText('Start');
  await expect(tooltip(page)).toContainText('Duration');
  await screenshot(page, 'flame-chart-zoomed');

  // Escape: the whole run again.
  await canvas.press('Escape');
  await numberAttr(wrap, 'data-visible-ns', (n) => Math.abs(n - before) <= 1);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.mouse.move(box.x + box.width * 0.5, box.y + 9);
  await screenshot(page, 'flame-chart-seed-dark');
});

test('a trace without timestamps: the chart says its layout is approximate, the overview has no brush', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, tracePath('04-tracefs-default.txt.gz'));
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  await expect(page.getByTestId('chart-approximate')).toContainText('Approximate layout');
  const overview = page.getByRole('group', { name: 'Overview: calls over time' });
  await expect(overview).toContainText('This trace has no timestamps');
  await expect(overview.getByTestId('overview-svg')).toHaveCount(0);
  await numberAttr(page.getByTestId('flame-chart'), 'data-drawn-frames');
  await screenshot(page, 'flame-chart-no-timestamps');
  // The flame graph does not need time: it draws as usual.
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await numberAttr(flameGraph(page), 'data-drawn-frames');
});

/** Opens a kernel function_graph text in the flame chart and hovers its outermost call; returns the card. */
async function cardOfOutermostCall(page: Page, name: string, lines: string[]): Promise<Locator> {
  await gotoApp(page);
  const text = ['# tracer: function_graph', '#', ...lines].join('\n') + '\n';
  await page.getByTestId('trace-file-input').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  const wrap = page.getByTestId('flame-chart');
  await numberAttr(wrap, 'data-drawn-frames');
  // Row 0 is the outermost call, across the whole run. The box is read again on each try:
  // a busy runner can still be laying the page out when the first frames are drawn, and a
  // pointer that rested where the chart no longer is shows no card.
  let x = 0.2;
  await expect(async () => {
    const box = (await wrap.locator('canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * x, box.y + 9);
    x = x === 0.2 ? 0.25 : 0.2;
    await expect(tooltip(page)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return tooltip(page);
}

test("flame chart: a call's card shows what the trace printed beside it (return value, arguments, caller)", async ({ page }) => {
  const card = await cardOfOutermostCall(page, 'retval.txt', [
    ' 1)               |  do_dentry_open(f=0x1, name=(struct qstr)[0x1a:0x2b]) { /* <-vfs_open+0x2c/0x40 */',
    ' 1)   0.655 us    |    security_file_open(); /* ret=0x0 */',
    ' 1)   5.113 us    |  } /* do_dentry_open ret=-13 */',
  ]);
  await expect(card).toContainText('do_dentry_open');
  await expect(card).toContainText(/Returned\s*-13 \(-EACCES\)/);
  await expect(card).toContainText(/Arguments\s*f=0x1, name=\(struct qstr\)\[0x1a:0x2b\]/);
  await expect(card).toContainText(/Called from\s*vfs_open\+0x2c\/0x40/);
  await screenshot(page, 'flame-chart-call-notes');
});

test("flame chart: arguments and return values that are markup stay text on a call's card", async ({ page }) => {
  const img = '<img src=x onerror="window.__pwned=1">';
  const card = await cardOfOutermostCall(page, 'markup.txt', [
    ` 1)               |  f(name=${img}) {`,
    ' 1)   0.655 us    |    g();',
    ` 1)   5.113 us    |  } /* f ret=${img} */`,
  ]);
  await expect(card).toContainText(`name=${img}`);
  // The return value is read up to the first blank: `<img`, shown as text all the same.
  await expect(card).toContainText(/Returned\s*<img/);
  await expect(card.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
