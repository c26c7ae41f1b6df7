/**
 * Hostile input: every name in a trace is attacker-controlled text. A trace whose task
 * and function names are `<img onerror>`, `<script>` and `javascript:` payloads is
 * opened and every view is visited (flame graph hovered, search used, help opened): no
 * dialog may fire, no payload may become an element or a link, and the names must still
 * be readable as text. Then a file of random bytes around a few valid lines: diagnostics,
 * and no view crashes.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { HOSTILE_CALLS, hostileReport, IMG, IMG_TASK, JS_TASK, JS_URL, LONG, malformedReport, SCRIPT } from './fixtures/hostile';
import { animationFrames, gotoApp, openTrace, screenshot, waitForReady } from './helpers';

/** Fails the test on any alert / confirm / prompt (an executed payload). */
function forbidDialogs(page: Page): string[] {
  const fired: string[] = [];
  page.on('dialog', (d) => {
    fired.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return fired;
}

/** Everything in the DOM that a payload could have become. Empty when the page is clean. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    if ((window as unknown as { __pwned?: unknown }).__pwned !== undefined) bad.push('window.__pwned is set');
    for (const img of document.querySelectorAll('img')) {
      if (img.getAttribute('src') === 'x' || img.hasAttribute('onerror')) bad.push(`img: ${img.outerHTML}`);
    }
    for (const s of document.querySelectorAll('script')) {
      if (!s.src || (s.textContent ?? '').includes('__pwned')) bad.push(`inline script: ${s.outerHTML.slice(0, 120)}`);
    }
    for (const el of document.querySelectorAll('*')) {
      for (const attr of Array.from(el.attributes)) {
        // React never writes inline event handler attributes: any one is injected.
        if (/^on/i.test(attr.name)) bad.push(`${el.tagName.toLowerCase()} has ${attr.name}="${attr.value}"`);
        if (/^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value)) {
          bad.push(`${el.tagName.toLowerCase()} ${attr.name}="${attr.value}"`);
        }
      }
    }
    for (const a of document.querySelectorAll('a[href]')) {
      const url = new URL((a as HTMLAnchorElement).href, location.href);
      if (url.protocol === 'javascript:') bad.push(`link to ${url.href}`);
      if (a.getAttribute('target') === '_blank') {
        const rel = (a.getAttribute('rel') ?? '').split(/\s+/);
        if (!rel.includes('noopener') || !rel.includes('noreferrer')) bad.push(`link without noopener noreferrer: ${url.href}`);
      }
    }
    if (document.querySelector('[role=alert] h2')?.textContent === 'This view failed') bad.push('a view crashed');
    return bad;
  });
}

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Views' }).getByRole('tab');

/**
 * What each view shows once it has asked the worker and drawn its answer (or said that the
 * filters leave nothing). A view missing here fails the test: say what it shows first.
 */
const SHOWN: Record<string, (panel: Locator) => Locator> = {
  'Flame graph': (panel) => panel.locator('[data-testid=flame-graph][data-drawn-frames]').or(panel.getByText('No calls in view')),
  'Flame chart': (panel) => panel.locator('[data-testid=flame-chart][data-drawn-frames]').or(panel.getByText('No calls in view')),
  Summary: (panel) => panel.getByRole('region', { name: 'Diagnostics' }),
  'Call tree': (panel) => panel.getByRole('treegrid', { name: 'Call tree' }).locator('[role=row][aria-level="1"]').or(panel.getByText('No calls in view')),
  Functions: (panel) => panel.getByRole('region', { name: 'Functions table' }).getByText(/^[\d,]+( of [\d,]+)? functions?( match .*)?$/),
  Events: (panel) => panel.getByTestId('event-count').getByText(/^[\d,]+( of [\d,]+)? events?$/),
};

async function openSummary(page: Page): Promise<void> {
  await tabs(page).getByText('Summary', { exact: true }).click();
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toBeVisible();
}

/** Clicks every view tab in turn, hovering the flame graph, and checks the page after each. Returns each view's text. */
async function visitEveryView(page: Page, fired: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const names = await tabs(page).allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    await tabs(page).getByText(name, { exact: true }).click();
    const panel = page.getByRole('tabpanel');
    await expect(panel).toBeVisible();
    // The view has asked the worker and drawn (or said that nothing is in view).
    const shown = SHOWN[name];
    expect(shown, `what the ${name} view shows when drawn`).toBeDefined();
    await expect(shown(panel).first()).toBeVisible();
    const flame = panel.getByTestId('flame-graph');
    if (await flame.count()) {
      // Hover the bottom rows (flame orientation: depth 0, the tasks, spans the whole width),
      // so the card shows the hostile task and function names.
      const frames = Number((await flame.getAttribute('data-frames')) ?? 0);
      const box = await panel.getByRole('img', { name: 'Flame graph' }).boundingBox();
      if (box) {
        for (const fx of [0.1, 0.3, 0.5, 0.7, 0.9]) {
          for (const depth of [0, 1, 2]) {
            const x = box.x + box.width * fx;
            const y = box.y + box.height - 18 * depth - 9;
            await page.mouse.move(x, y);
            await animationFrames(page); // the hover is handled and drawn
            // The root row always has a frame under the pointer: its card shows (moved again by a
            // pixel if the pointer rested on the last card as it went away).
            if (depth === 0 && frames > 0) {
              await expect(async () => {
                await page.mouse.move(x + 1, y);
                await expect(page.getByTestId('frame-tooltip')).toBeVisible({ timeout: 2000 });
              }).toPass({ timeout: 15_000 });
            }
          }
        }
      }
    }
    expect(await injected(page), `after visiting ${name}`).toEqual([]);
    expect(fired, `after visiting ${name}`).toEqual([]);
    texts.set(name, (await panel.textContent()) ?? '');
  }
  return texts;
}

test('names that are HTML, script and javascript: URLs stay text in every view', async ({ page }, testInfo) => {
  const fired = forbidDialogs(page);
  const file = testInfo.outputPath('hostile.report.txt');
  writeFileSync(file, hostileReport());
  await gotoApp(page);
  await openTrace(page, file);
  await waitForReady(page);
  await openSummary(page);
  await expect(page.locator('[data-fact=calls]')).toHaveText(String(HOSTILE_CALLS));
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Every line was understood');

  // The task picker lists the hostile tasks by name.
  const task = page.getByRole('combobox', { name: 'Task' });
  await expect(task.locator('option', { hasText: IMG_TASK })).toHaveCount(1);
  await expect(task.locator('option', { hasText: JS_TASK })).toHaveCount(1);

  const texts = await visitEveryView(page, fired);
  const all = [...texts.values()].join('\n');
  for (const name of [IMG, SCRIPT, JS_URL, IMG_TASK, LONG]) expect(all, `"${name}" shown as text`).toContain(name);
  // The summary shows them as table text.
  await openSummary(page);
  await expect(page.getByRole('cell', { name: IMG_TASK, exact: true })).toBeVisible();
  await screenshot(page, 'hostile-summary');

  // Searching for a payload finds it (as text), in every function name that holds it.
  const search = page.getByRole('searchbox', { name: 'Search functions' });
  await search.fill(IMG);
  await expect(page.getByRole('region', { name: 'Filters and search' }).getByRole('status')).toHaveText(/^2 calls match in 1 function · /);
  await search.fill('"><script>');
  await expect(page.getByRole('region', { name: 'Filters and search' }).getByRole('status')).toHaveText(/^3 calls match in 2 functions · /);
  await search.press('Enter');
  // The step landed: its position leads the status, and the call tree (which shows it) is in front.
  await expect(page.getByRole('region', { name: 'Filters and search' }).getByRole('status')).toHaveText(/^Match 1 of 3 in 2 functions · /);
  await expect(tabs(page).getByText('Call tree', { exact: true })).toHaveAttribute('aria-selected', 'true');
  await visitEveryView(page, fired);
  await screenshot(page, 'hostile-search');

  // Narrowed to the task named <img…>, then to syscalls: still text.
  const imgValue = await task.locator('option', { hasText: IMG_TASK }).getAttribute('value');
  await task.selectOption(imgValue);
  await page.getByRole('switch', { name: 'Syscalls only' }).check();
  await visitEveryView(page, fired);

  // The help overlay, opened over a hostile trace.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');

  expect(await injected(page)).toEqual([]);
  expect(fired).toEqual([]);
});

test('random bytes around a few valid lines: diagnostics, and no view crashes', async ({ page }, testInfo) => {
  const fired = forbidDialogs(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const file = testInfo.outputPath('malformed.report.txt');
  writeFileSync(file, malformedReport());
  await gotoApp(page);
  await openTrace(page, file);
  await waitForReady(page);
  await openSummary(page);
  // Every valid line is kept (10 calls), the junk is counted and listed.
  await expect(page.locator('[data-fact=calls]')).toHaveText(String(HOSTILE_CALLS));
  const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
  await expect(diagnostics.locator('[data-count=unparsedLines]')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByRole('table', { name: 'Diagnostic items' }).getByRole('row')).not.toHaveCount(0);
  await visitEveryView(page, fired);
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('/[\\u0000-\\u001f]/');
  await expect(page.getByRole('searchbox', { name: 'Search functions' })).toHaveAttribute('aria-invalid', 'false');
  expect(await injected(page)).toEqual([]);
  expect(errors).toEqual([]);
  await openSummary(page);
  await screenshot(page, 'hostile-malformed');
});
