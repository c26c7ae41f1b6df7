/** Shared steps for the end-to-end tests. The app signals its state on <html data-trace-state>. */
import { expect, type Locator, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The real traces the tests use (test/traces/README.md says how each was recorded). */
const TRACES_DIR = resolve(HERE, '../test/traces');
export const tracePath = (name: string): string => resolve(TRACES_DIR, name);
export const SEED = tracePath('01-seed-curl-fgraph.report.txt.gz');

/**
 * A file's fingerprint as permalinks carry it, computed here with node:crypto from the
 * scheme (SHA-256 over the SHA-256 of each 4 MiB block), not with the app's code.
 */
export function contentHashOf(filePath: string): string {
  const bytes = readFileSync(filePath);
  const block = 4 * 1024 * 1024;
  const all = createHash('sha256');
  for (let i = 0; i < bytes.length; i += block) all.update(createHash('sha256').update(bytes.subarray(i, i + block)).digest());
  return all.digest('hex');
}

/** Where screenshots go (Playwright's outputDir). */
const SCREENS_DIR = resolve(HERE, '../test-results/screens');

export type TraceState = 'idle' | 'loading' | 'ready' | 'error';

/** Opens the app. `?sample=0` (the default here) shows the open screen instead of auto-loading the sample. */
export async function gotoApp(page: Page, query = '?sample=0'): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator('html[data-trace-state]')).toBeAttached();
}

/** Picks a file with the real `<input type=file>`. */
export async function openTrace(page: Page, filePath: string): Promise<void> {
  await page.getByTestId('trace-file-input').setInputFiles(filePath);
}

export async function waitForState(page: Page, state: TraceState, timeout = 30_000): Promise<void> {
  await page.waitForSelector(`html[data-trace-state=${state}]`, { state: 'attached', timeout });
}

export function waitForReady(page: Page, timeout = 30_000): Promise<void> {
  return waitForState(page, 'ready', timeout);
}

/**
 * Starts watching for the progress bar; the returned function says whether it was ever
 * shown (a fast load can finish between two polls, so polling is not enough).
 */
export async function watchProgressBar(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    const w = window as unknown as { __sawProgress?: boolean };
    w.__sawProgress = false;
    const seen = () => {
      if (document.querySelector('[role=progressbar]')) w.__sawProgress = true;
    };
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
    seen();
  });
  return () => page.evaluate(() => Boolean((window as unknown as { __sawProgress?: boolean }).__sawProgress));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENS_DIR, `${name}.png`) });
}

/** RGB of the canvas pixel at CSS coordinates (x, y). */
export async function pixel(canvas: Locator, x: number, y: number): Promise<[number, number, number]> {
  return canvas.evaluate(
    (el, [px, py]) => {
      const c = el as HTMLCanvasElement;
      const dpr = c.width / c.getBoundingClientRect().width;
      const d = c.getContext('2d')!.getImageData(Math.round(px * dpr), Math.round(py * dpr), 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    },
    [x, y] as [number, number],
  );
}

/**
 * Resolves once the page has run two more animation frames: what an input event scheduled
 * (a React render, a canvas redraw in requestAnimationFrame) has been done and painted.
 * The signal to wait for when there is no state to watch, instead of a sleep.
 */
export function animationFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/**
 * Waits until `attribute` of `locator` reads the same twice, `gapMs` apart: the last of several
 * queued zooms or resizes has landed (a busy runner applies them late, one frame at a time).
 */
export async function holdsStill(locator: Locator, attribute: string, gapMs = 250): Promise<void> {
  await expect
    .poll(async () => {
      const first = await locator.getAttribute(attribute);
      await locator.page().waitForTimeout(gapMs);
      return first === (await locator.getAttribute(attribute));
    })
    .toBe(true);
}

/** Brushes 30%–60% of the overview strip with the mouse, as a user picks a time range (the flame graph view on screen). */
export async function brushOverview(page: Page): Promise<void> {
  const overview = page.getByRole('group', { name: 'Overview: calls over time' });
  // The brush exists once the timeline has come, and the box is where it stays once the
  // graph below has drawn (the page's layout settles then).
  await expect(overview.getByTestId('overview-range')).toContainText('Whole trace');
  await expect(page.locator('[data-testid=flame-graph][data-drawn-frames]')).toBeVisible();
  const svg = overview.getByTestId('overview-svg');
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + 20, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + 20, { steps: 5 });
  await page.mouse.up();
}

/**
 * The locator's box once two reads 100 ms apart agree: the views re-measure their height
 * after a tab switch or a resize, and a box taken before that sends the mouse elsewhere.
 */
export async function settledBox(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await l.boundingBox();
  for (let i = 0; i < 30; i++) {
    await l.page().waitForTimeout(100);
    const b = await l.boundingBox();
    if (b && last && b.x === last.x && b.y === last.y && b.width === last.width && b.height === last.height) return b;
    last = b;
  }
  throw new Error('the canvas kept moving for 3 s');
}
