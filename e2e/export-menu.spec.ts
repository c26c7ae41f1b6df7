/**
 * The Export menu's list lies over the view: Escape and a press elsewhere close it, as every
 * menu does (it stayed open over the flame graph's frames until Export was pressed again).
 */
import { expect, test } from '@playwright/test';
import { gotoApp, waitForReady } from './helpers';

const TRACE = [
  'cpus=1',
  '            curl-139   [000]    12.034978: funcgraph_entry:                   |  __x64_sys_sendto() {',
  '            curl-139   [000]    12.035030: funcgraph_entry:        5.000 us   |    tcp_sendmsg();',
  '            curl-139   [000]    12.035060: funcgraph_exit:       + 82.000 us  |  }',
  '',
].join('\n');

test('the Export list closes on Escape (focus back on Export) and on a press outside it', async ({ page }) => {
  await gotoApp(page);
  await page.getByRole('button', { name: 'Paste trace text' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste trace text' });
  await dialog.getByRole('textbox', { name: 'Trace text' }).fill(TRACE);
  await dialog.getByRole('button', { name: 'Load pasted text' }).click();
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const exportButton = page.getByRole('button', { name: 'Export', exact: true });
  const list = page.getByRole('list', { name: 'Export formats' });

  await exportButton.click();
  await expect(list).toBeVisible();
  await list.getByRole('button', { name: 'Folded stacks' }).focus();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(exportButton).toBeFocused();

  await exportButton.click();
  await expect(list).toBeVisible();
  await page.getByRole('heading').first().click();
  await expect(list).toBeHidden();
  // Export still toggles it.
  await exportButton.click();
  await expect(list).toBeVisible();
  await exportButton.click();
  await expect(list).toBeHidden();
});
