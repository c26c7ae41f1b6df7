/**
 * Issue 15, accessibility: axe-core (the engine, from node_modules) on every view, the
 * open screen and the dialogs, in both themes, on the seed and the system-wide trace with a
 * search active: no serious or critical violation.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { gotoApp, openTrace, SEED, tracePath, waitForReady } from './helpers';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const VIEWS = ['Summary', 'Flame graph', 'Flame chart', 'Call tree', 'Functions', 'Events'];

// The built page's policy allows no injected script; axe is test code, not the app's.
test.use({ bypassCSP: true });

interface Violation {
  id: string;
  impact: string | null;
  targets: string[];
}

/** axe's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

const TRACES = [SEED, tracePath('03-systemwide-sched-irq.report.txt.gz')];

/** axe on every view with a search active, then on the call tree with its panes (the trace is open). */
async function checkEveryView(page: Page): Promise<void> {
  for (const view of VIEWS) {
    await page.getByRole('tab', { name: view }).click();
    await expect(page.getByRole('tab', { name: view })).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(500); // the view's first answer
    expect(await seriousViolations(page), view).toEqual([]);
  }
  await page.getByRole('tab', { name: 'Call tree' }).click();
  const panes = page.getByRole('button', { name: 'Callers & callees' });
  // Opened by the first scheme's pass; the second finds it open (the button is a toggle).
  if ((await panes.getAttribute('aria-pressed')) !== 'true') await panes.click();
  await expect(page.getByRole('region', { name: /^Callers and callees of / })).toBeVisible();
  expect(await seriousViolations(page), 'call tree with its panes').toEqual([]);
}

// Both schemes on one load of each trace (each scheme was a test of its own, with a load each).
for (const file of TRACES) {
  test(`axe: no serious or critical violation on any view of ${file.split('/').pop()} (light, dark)`, async ({ page }) => {
    test.setTimeout(2 * 150_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await gotoApp(page);
    await openTrace(page, file);
    await waitForReady(page, 60_000);
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
    for (const scheme of ['light', 'dark'] as const) {
      await test.step(`axe: no serious or critical violation on any view of ${file.split('/').pop()} (${scheme})`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await checkEveryView(page);
      });
    }
  });
}

test('axe: the open screen and the dialogs (light, dark)', async ({ page }) => {
  test.setTimeout(2 * 120_000);
  await gotoApp(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), `open screen (${scheme})`).toEqual([]);
  }
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  for (const scheme of ['light', 'dark'] as const) {
    await test.step(`axe: the dialogs (${scheme})`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByRole('button', { name: 'Share' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await seriousViolations(page), 'share dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page.getByRole('tab').first().focus();
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      expect(await seriousViolations(page), 'keyboard shortcuts').toEqual([]);
      // Closed again for the next scheme.
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    });
  }
});
