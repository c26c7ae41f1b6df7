/**
 * The open screen: what a kernel engineer with a trace.dat (trace-cmd record's file) or a
 * copy of tracefs's extensionless `trace` is offered before anything is loaded.
 */
import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers';

test('the file picker offers every file: a trace is told by its bytes, never by its name', async ({ page }) => {
  await gotoApp(page);
  // An accept list shows only the files it names (it hid trace.dat and `trace`), the
  // others behind the dialog's file type switch.
  await expect(page.getByTestId('trace-file-input')).toBeAttached();
  await expect(page.getByTestId('trace-file-input')).not.toHaveAttribute('accept', /./);
});

test('the open screen names trace.dat, opened as it is', async ({ page }) => {
  await gotoApp(page);
  const screen = page.getByRole('region', { name: 'Open an ftrace trace' });
  // It said "Plain text or gzip" and to run trace-cmd report first.
  await expect(screen.getByRole('listitem').filter({ hasText: 'trace.dat' })).toContainText('trace-cmd record');
  await expect(screen).not.toContainText('trace-cmd report >');
  await expect(screen).not.toContainText('Plain text or gzip');
});
