/**
 * The flame chart's pinned card on the seed trace: a click pins it (it stays while the
 * pointer goes to its source link), it names the call's CPU, absolute start and end and
 * input line, and "Show the lines" lists the raw input around that line with the call's
 * entry marked: the same line as in the file. Escape and × unpin it. A trace.dat has no
 * text lines and says so.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady } from './helpers';

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });

/** The seed's text lines, read here (not through the app). */
const seedLines = (): string[] => gunzipSync(readFileSync(SEED)).toString('utf8').split('\n');

test("a click pins a call's card; Show the lines opens the input at the call's entry line", async ({ page }) => {
  // The seed loads, then is read again up to line 214,479: slow on a busy 2-core runner.
  test.setTimeout(120_000);
  const lines = seedLines();
  // curl enters tcp_sendmsg once (test/traces MANIFEST facts): its entry line, 1-based.
  const entries = lines.flatMap((l, i) => (/^\s*curl-139 .*\|\s+tcp_sendmsg\(\) \{$/.test(l) ? [i + 1] : []));
  expect(entries).toHaveLength(1);
  const entryLine = entries[0];

  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await searchBox(page).fill('/^tcp_sendmsg$/');
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  const wrap = page.getByTestId('flame-chart');
  await expect(wrap).toHaveAttribute('data-task', 'curl-139');
  await expect.poll(async () => Number(await wrap.getAttribute('data-visible-ns'))).toBeGreaterThan(0);
  await searchBox(page).press('Enter');
  // The chart centres the match and outlines it: click inside its box.
  await expect(wrap).toHaveAttribute('data-current-drawn', 'true');
  const [left, top, right] = (await wrap.getAttribute('data-current-box'))!.split(',').map(Number);
  const canvas = wrap.locator('canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + (left + right) / 2, box.y + top + 9);
  await page.mouse.click(box.x + (left + right) / 2, box.y + top + 9);

  const card = page.getByRole('dialog', { name: 'Call: tcp_sendmsg' });
  await expect(card).toBeVisible();
  await expect(card).toContainText(/CPU\s*1/);
  // Absolute times as the trace prints them (to the ns), the entry's timestamp first.
  await expect(card).toContainText(/Start\s*12\.035104000 s/);
  await expect(card).toContainText(/End\s*12\.0\d{8} s/);
  await expect(card).toContainText(/Duration\s*[\d.]+ (us|ms)/);
  await expect(card).toContainText(new RegExp(`Input line\\s*${entryLine.toLocaleString('en-US')}`));
  // Pinned: the pointer leaves the call for the card's source link, and the card stays.
  const link = card.getByRole('link', { name: 'Source on Elixir' });
  await link.hover();
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
  await expect(card).toBeVisible();
  await expect(link).toHaveAttribute('href', /elixir\.bootlin\.com\/linux\/latest\/A\/ident\/tcp_sendmsg$/);
  await screenshot(page, 'flame-chart-pinned-card');

  await card.getByRole('button', { name: 'Show the lines' }).click();
  const dialog = page.getByRole('dialog', { name: `Input lines around line ${entryLine.toLocaleString('en-US')}` });
  await expect(dialog).toBeVisible();
  const marked = dialog.locator('li[aria-current=true]');
  await expect(marked).toHaveAttribute('data-line', String(entryLine));
  await expect(marked.locator('code')).toHaveText(lines[entryLine - 1]);
  // About 20 lines on either side, each the file's own.
  const shown = dialog.locator('li');
  await expect(shown).toHaveCount(41);
  await expect(shown.first().locator('code')).toHaveText(lines[entryLine - 21]);
  await expect(shown.last().locator('code')).toHaveText(lines[entryLine + 19]);
  await screenshot(page, 'flame-chart-input-lines');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // Escape unpins (the canvas has the focus after the click).
  await expect(card).toBeVisible();
  await canvas.press('Escape');
  await expect(card).toHaveCount(0);
  // … and so does ×.
  await page.mouse.click(box.x + (left + right) / 2, box.y + top + 9);
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Close the card' }).click();
  await expect(card).toHaveCount(0);
});

test('a trace.dat card says it has no text lines instead of offering them', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, tracePath('02-midstream-nc-fgraph.dat'));
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  const wrap = page.getByTestId('flame-chart');
  await expect.poll(async () => Number(await wrap.getAttribute('data-drawn-frames'))).toBeGreaterThan(0);
  const box = (await wrap.locator('canvas').boundingBox())!;
  // Row 0 holds the outermost calls: try a few places until one is a call.
  const card = page.locator('[data-testid=frame-tooltip][data-pinned=true]');
  for (const f of [0.02, 0.1, 0.3, 0.5, 0.7, 0.9]) {
    await page.mouse.click(box.x + box.width * f, box.y + 9);
    if (await card.count()) break;
  }
  await expect(card).toBeVisible();
  await expect(card).toContainText('a trace.dat has no text lines');
  await expect(card.getByRole('button', { name: 'Show the lines' })).toHaveCount(0);
});
