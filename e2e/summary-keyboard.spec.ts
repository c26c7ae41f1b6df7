/**
 * Issue 15, small things: the Summary's task and function names lead somewhere (a task
 * becomes the task of every view; a function opens in the Functions view); the keyboard
 * never lands on something invisible, always shows where it is, and the `?` overlay lists
 * the keys of every view.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady } from './helpers';

async function open(page: Page, file: string): Promise<void> {
  await gotoApp(page);
  await openTrace(page, file);
  await waitForReady(page, 60_000);
}

test("the Summary's task picks it for every view; its function opens in the Functions view", async ({ page }) => {
  await open(page, tracePath('03-systemwide-sched-irq.report.txt.gz'));
  const tasks = page.getByRole('table', { name: /^Tasks/ });
  const curl = tasks.getByRole('button', { name: 'curl-559', exact: true });
  await curl.click();
  await expect(curl).toHaveAttribute('aria-pressed', 'true');
  const picker = page.getByRole('combobox', { name: 'Task' });
  await expect(picker.locator('option:checked')).toHaveText(/^curl-559 \(/);
  await expect(page.getByRole('region', { name: 'Active filters' })).toContainText('Task: curl-559');
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  await expect(page.getByTestId('flame-chart')).toHaveAttribute('data-task', 'curl-559');
  // Clicking the picked task again shows all tasks.
  await page.getByRole('tab', { name: 'Summary' }).click();
  await tasks.getByRole('button', { name: 'curl-559', exact: true }).click();
  await expect(picker).toHaveValue('');

  const top = page.getByRole('table', { name: /^Top functions/ });
  await top.getByRole('button', { name: 'tcp_sendmsg_locked', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Functions' })).toHaveAttribute('aria-selected', 'true');
  const selected = page.getByRole('grid', { name: 'Functions' }).locator('[role=row][aria-selected=true]');
  await expect(selected.locator('.fn-name')).toHaveText('tcp_sendmsg_locked');
  await expect(selected).toBeInViewport();
  await expect(page.getByRole('region', { name: 'Callers and callees of tcp_sendmsg_locked' })).toBeVisible();
});

test("a task of a trace-cmd instance is a Summary row of its own, named with its instance, and picks that task", async ({ page }) => {
  // `trace-cmd record -B net …`: the same pid in the top-level buffer and in the instance,
  // the same CPU and as many calls: two tasks (the model keys a task by instance and pid).
  const lines = ['cpus=2'];
  for (let i = 0; i < 50; i++) {
    const t = (11 + i / 1e4).toFixed(6);
    lines.push(`net:             curl-139   [001]    ${t}: funcgraph_entry:        1.000 us   |  mutex_unlock();`);
    lines.push(`                 curl-139   [001]    ${t}: funcgraph_entry:        1.000 us   |  mutex_lock();`);
  }
  await gotoApp(page);
  await page.getByTestId('trace-file-input').setInputFiles({ name: 'instances.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n') + '\n') });
  await waitForReady(page);
  const tasks = page.getByRole('table', { name: /^Tasks/ });
  await expect(tasks.locator('tbody tr')).toHaveCount(2);
  const net = tasks.getByRole('button', { name: 'net:curl-139', exact: true });
  await net.click();
  await expect(net).toHaveAttribute('aria-pressed', 'true');
  await expect(tasks.getByRole('button', { name: 'curl-139', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('region', { name: 'Active filters' })).toContainText('Task: net:curl-139');
});

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('the ? overlay lists the keys of every view; Tab never lands on something invisible', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, SEED);

  await test.step('the ? overlay lists the keys of every view, the functions table and the kernel box included', async () => {
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    // Exact names: compare mode's groups ('Differential flame graph', 'Compared call tree',
    // 'Compared functions table') contain the single-trace ones.
    const groups = ['Anywhere', 'Search box', 'Flame graph', 'Flame chart', 'Overview strip', 'Call tree', 'Functions table', 'Kernel source box'];
    for (const group of [...groups, 'Differential flame graph', 'Compared call tree', 'Compared functions table']) {
      await expect(dialog.getByRole('region', { name: group, exact: true })).toBeVisible();
    }
    await expect(dialog.getByRole('region', { name: 'Functions table', exact: true })).toContainText('Previous / next function');
    await screenshot(page, 'help-overlay');
    // Closed again for the step below.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  await test.step('Tab never lands on something invisible and always shows where it is', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const seen: string[] = [];
    for (let k = 0; k < 40; k++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        const name = `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`;
        return { name, visible: r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.opacity !== '0', ring };
      });
      if (!stop) continue;
      seen.push(stop.name);
      expect(stop.visible, `focused but invisible: ${stop.name}`).toBe(true);
      expect(stop.ring, `focused with no visible ring: ${stop.name}`).toBe(true);
    }
    expect(seen.some((n) => n.startsWith('input Open a trace file'))).toBe(false);
    expect(seen.some((n) => n.includes('Remove filter'))).toBe(true);
    await screenshot(page, 'keyboard-focus');
  });
});

