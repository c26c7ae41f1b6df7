/**
 * "Compare from here" (compare mode's Paths from): curl's tcp_sendmsg runs under
 * __x64_sys_sendto, nc's under __x64_sys_write > … > sock_write_iter, so from the first
 * frame their subtrees are on no common path. Compared from tcp_sendmsg, the paths below it
 * meet: tcp_sendmsg_locked is in both, with the calls `cli diff --under tcp_sendmsg` counts.
 */
import { expect, test } from '@playwright/test';
import { cliDiff, openCompare } from './compare-helpers';
import { settledBox } from './helpers';

test('compare: Compare from here on tcp_sendmsg marks the paths below it in both; the link keeps it; a frame card offers it too; the chip clears it', async ({ page }) => {
  test.setTimeout(3 * 60_000);
  const under = await cliDiff('--under', 'tcp_sendmsg');
  const locked = under.functions.find((f) => f.name === 'tcp_sendmsg_locked')!;
  expect(locked.a.calls).toBeGreaterThan(0);
  expect(locked.b.calls).toBeGreaterThan(0);
  await openCompare(page);

  // From the first frame, no root of the compared call tree is tcp_sendmsg.
  await page.getByRole('tab', { name: 'Compared call tree' }).click();
  const tree = page.getByRole('treegrid', { name: 'Compared call tree' });
  await expect(tree.locator('[role=row][aria-level="1"]').first()).toBeVisible();
  await expect(tree.locator('[role=row][aria-level="1"]', { has: page.getByText('tcp_sendmsg', { exact: true }) })).toHaveCount(0);

  // The compared functions table's frame menu: Compare from here.
  await page.getByRole('tab', { name: 'Compared functions' }).click();
  const table = page.getByRole('table', { name: 'Compared functions' });
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  const row = table.locator('tbody tr', { has: page.getByRole('button', { name: 'tcp_sendmsg', exact: true }) });
  await expect(row).toHaveCount(1);
  await row.click({ button: 'right' });
  await page.getByTestId('frame-menu').getByRole('menuitem', { name: 'Compare from here' }).click();
  const chip = page.getByTestId('paths-from');
  await expect(chip).toContainText('Paths from tcp_sendmsg');
  await expect(page.getByRole('combobox', { name: 'Paths from', exact: true })).toHaveValue('function');
  await expect.poll(() => new URL(page.url()).hash).toContain('&cfrom=tcp_sendmsg');
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('');

  // The compared call tree starts at tcp_sendmsg, in both; below it tcp_sendmsg_locked, in both, with cli diff --under's calls.
  await page.getByRole('tab', { name: 'Compared call tree' }).click();
  const roots = tree.locator('[role=row][aria-level="1"]');
  await expect(roots).toHaveCount(1);
  await expect(roots.locator('.ct-fn')).toHaveText('tcp_sendmsg');
  await expect(roots).toHaveAttribute('data-presence', '3');
  await roots.click();
  await page.keyboard.press('ArrowRight');
  const lockedRow = tree.locator('[role=row][aria-level="2"]', { has: page.getByText('tcp_sendmsg_locked', { exact: true }) });
  await expect(lockedRow).toHaveAttribute('data-presence', '3');
  const cells = lockedRow.getByRole('gridcell');
  await expect(cells.nth(4)).toHaveText(locked.a.calls.toLocaleString('en-US'));
  await expect(cells.nth(5)).toHaveText(locked.b.calls.toLocaleString('en-US'));

  // The differential flame graph starts at tcp_sendmsg (its root, the whole width); a frame
  // above it in both, through its card's Compare from here, becomes the start in turn.
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.getByRole('tab', { name: 'Differential flame graph' }).click();
  const canvas = page.getByRole('img', { name: 'Differential flame graph' });
  await expect.poll(async () => Number(await page.getByTestId('diff-flame-graph').getAttribute('data-drawn-frames'))).toBeGreaterThan(1);
  await canvas.scrollIntoViewIfNeeded();
  // The views re-measure their height after the window's resize (ResizeObserver): a box taken
  // before that settles put the mouse a row off (the root's card for the second row's).
  const box = await settledBox(canvas);
  const card = page.getByRole('tooltip');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 9);
  await expect(card.locator('.frame-tooltip-name')).toHaveText('tcp_sendmsg');
  await expect(card.getByRole('button', { name: 'Compare from here' })).toHaveCount(0);
  // The second row: sweep it until the mouse is over a frame in both (no "only in" note).
  let child = '';
  for (let i = 1; i < 80 && child === ''; i++) {
    await page.mouse.move(box.x + (box.width * i) / 80, box.y + box.height - 9 - 18);
    await page.waitForTimeout(50);
    if ((await card.isVisible()) && !(await card.getByText(/This path is only in/).isVisible())) {
      child = ((await card.locator('.frame-tooltip-name').textContent()) ?? '').trim();
    }
  }
  expect(child).not.toBe('');
  expect(child).not.toBe('tcp_sendmsg');
  await card.getByRole('button', { name: 'Compare from here' }).click();
  await expect(chip).toContainText(`Paths from ${child}`);

  // A function one side never calls is said to be on that side only; the chip's × compares from the first frame again.
  const from = page.getByRole('textbox', { name: 'Paths from function' });
  await from.fill('tcp_v4_connect');
  await from.press('Enter');
  await expect(chip).toContainText('Only side A calls it in its view');
  await from.fill('no_such_function');
  await from.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Neither side calls no_such_function in its view');
  await page.getByRole('button', { name: 'Compare paths from the first frame again' }).click();
  await expect(chip).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Paths from', exact: true })).toHaveValue('first');
  await expect.poll(() => new URL(page.url()).hash).not.toContain('cfrom=');
});
