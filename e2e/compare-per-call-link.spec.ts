/**
 * A compare link's "per call of F" (cn=call:F) is applied once side B is ready, after the
 * settings are on screen: the "Per call of function" box must name F, as the figures do
 * (it stayed empty, its placeholder __x64_sys_sendto reading as the function used).
 */
import { expect, test } from '@playwright/test';
import { gotoApp, waitForReady } from './helpers';

/** A small trace-cmd report: one sendto reaching tcp_sendmsg `sends` times. */
function sendto(task: string, sends: number): string {
  const lines = ['cpus=1', `${task.padStart(16)} [000]    12.000000: funcgraph_entry:                   |  __x64_sys_sendto() {`];
  for (let i = 0; i < sends; i++) lines.push(`${task.padStart(16)} [000]    12.00001${i}: funcgraph_entry:        2.000 us   |    tcp_sendmsg();`);
  lines.push(`${task.padStart(16)} [000]    12.000100: funcgraph_exit:       + 90.000 us  |  }`, '');
  return lines.join('\n');
}

test("a compare link's per-call function shows in the Per call of box", async ({ page, context }) => {
  await gotoApp(page);
  await page.getByRole('button', { name: 'Paste trace text' }).click();
  const paste = page.getByRole('dialog', { name: 'Paste trace text' });
  await paste.getByRole('textbox', { name: 'Trace text' }).fill(sendto('curl-139', 1));
  await paste.getByRole('button', { name: 'Load pasted text' }).click();
  await waitForReady(page);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await page.getByRole('button', { name: 'Paste trace text' }).last().click();
  await page.getByRole('textbox', { name: 'Side B trace text' }).fill(sendto('nc-211', 3));
  await page.getByRole('button', { name: 'Compare with the pasted text' }).click();
  await expect(page.getByRole('group', { name: 'Functions and call paths by side' })).toBeVisible();
  await page.getByLabel('Normalisation').selectOption('perCall');
  await page.getByLabel('Per call of function').fill('tcp_sendmsg');
  await page.getByLabel('Per call of function').press('Enter');
  await expect(page.getByText(/per call of tcp_sendmsg on each side/)).toBeVisible();

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  await dialog.getByRole('button', { name: 'Share with the trace included' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Link with the trace included copied.');
  const link = await dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toContain('cn=call:tcp_sendmsg');

  const other = await context.newPage();
  await other.goto(link);
  await waitForReady(other);
  await expect(other.getByText(/per call of tcp_sendmsg on each side/)).toBeVisible();
  await expect(other.getByLabel('Per call of function')).toHaveValue('tcp_sendmsg');
});
