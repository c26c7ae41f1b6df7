/**
 * Interrupts apart in the real app: on the seed, the toolbar's switch moves the interrupt
 * frames into curl-139's `[interrupts]` root in the call tree, the Summary says how much
 * time moved, the functions table shows it per function, and the permalink carries it.
 */
import { expect, test } from '@playwright/test';
import { gotoApp, openTrace, SEED, waitForReady } from './helpers';

/** The seed's interrupt frames (`npm run --silent cli -- summary --irq apart` on it: frames 721, ns 69,319,008). */
const SEED_IRQ_LINE = /69\.3 ms in 721 interrupt frames/;

test('switching Interrupts to apart: [interrupts] in the call tree, the moved time in the Summary and the link', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  const line = page.getByLabel('Interrupt time');
  await expect(line).toContainText(SEED_IRQ_LINE);
  await expect(line).toContainText('counted in the calls they interrupted');

  await page.getByRole('combobox', { name: 'Interrupts' }).selectOption('apart');
  await expect(line).toHaveAttribute('data-irq', 'apart');
  await expect(line).toContainText(SEED_IRQ_LINE);
  await expect(line).toContainText("moved to each task's [interrupts] root");
  await expect(page).toHaveURL(/[#&]irq=apart(&|$)/);

  await page.getByRole('tab', { name: 'Call tree' }).click();
  const grid = page.getByRole('treegrid', { name: 'Call tree' });
  const curl = grid.locator('[role=row][aria-level="1"]', { has: page.locator('.ct-fn', { hasText: /^curl-139$/ }) });
  await expect(curl).toBeVisible();
  if ((await curl.getAttribute('aria-expanded')) !== 'true') await curl.click();
  if ((await curl.getAttribute('aria-expanded')) !== 'true') {
    await curl.focus();
    await page.keyboard.press('ArrowRight');
  }
  await expect(grid.locator('[role=row][aria-level="2"] .ct-fn', { hasText: /^\[interrupts\]$/ })).toBeVisible();

  await page.getByRole('tab', { name: 'Functions' }).click();
  await expect(page.locator('.fn-interrupts')).toHaveText(/69\.3 ms of interrupts \(721 frames\) moved to \[interrupts\]/);
  await expect(page.getByRole('columnheader', { name: /Irq inside/ })).toBeVisible();

  await page.getByRole('combobox', { name: 'Interrupts' }).selectOption('hidden');
  await expect(page.locator('.fn-interrupts')).toHaveText(/69\.3 ms of interrupts \(721 frames\) hidden/);
});
