/**
 * Issue 15, "Events": the Events view of the system-wide trace lists its 12,155 sched and irq
 * events (counted as the Summary counts them), the event filter narrows it to the 2,493
 * sched_switch lines of the text (`zcat … | grep -c ' sched_switch:'`), and a click shows that
 * time in the flame chart, on the event's task.
 */
import { expect, test } from '@playwright/test';
import { gotoApp, openTrace, tracePath, waitForReady } from './helpers';

// The checks share one load of the system-wide trace (each step was a test of its own, with a load each).
test("the task picker's tasks without calls; the Events view lists, filters and jumps to the flame chart", async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, tracePath('03-systemwide-sched-irq.report.txt.gz'));
  await waitForReady(page, 60_000);

  await test.step('the task picker lists the tasks without calls apart, under "No calls", at the end', async () => {
    const picker = page.getByRole('combobox', { name: 'Task' });
    const group = picker.locator('optgroup');
    await expect(group).toHaveCount(1);
    await expect(group).toHaveAttribute('label', /^No calls \(\d+ tasks seen only in events\)$/);
    const inGroup = await group.locator('option').allTextContents();
    expect(inGroup.length).toBeGreaterThan(10);
    for (const text of inGroup) expect(text).toMatch(/\(0 calls in all\)$/);
    // Above the group, only tasks with calls; the group is the last thing in the list.
    const outside = await picker.locator(':scope > option').allTextContents();
    for (const text of outside.slice(1)) expect(text).not.toMatch(/\(0 calls in all\)$/);
    expect(await picker.evaluate((s) => s.lastElementChild?.tagName)).toBe('OPTGROUP');
    // Picking one of them filters the Events view to it.
    const value = await group.locator('option').first().getAttribute('value');
    await picker.selectOption(value ?? '');
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByTestId('event-count')).toHaveText(/^[\d,]+ of 12,155 events$/);
    // All tasks again for the step below, as after a load.
    await picker.selectOption('');
    await expect(page.getByTestId('event-count')).toHaveText('12,155 events');
  });

  await test.step('the Events view lists the events, filters by name and jumps to the flame chart', async () => {
    await page.getByRole('tab', { name: 'Events' }).click();
    const count = page.getByTestId('event-count');
    await expect(count).toHaveText('12,155 events');
    const grid = page.getByRole('grid', { name: 'Events' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(12_155 + 1));
    // Virtualized: a screenful of rows, not twelve thousand.
    const rendered = await grid.locator('.ev-body > [role=row]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    await expect(grid.locator('[role=row]').nth(1)).toContainText('81.255838');
    await expect(grid.locator('[role=row]').nth(1)).toContainText('local_timer_entry');

    await page.getByTestId('event-name-filter').selectOption('sched_switch');
    await expect(count).toHaveText('2,493 of 12,155 events');
    const rows = grid.locator('.ev-body > [role=row]');
    for (const name of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-event')))) expect(name).toBe('sched_switch');

    // Scrolling far down asks for the rows there: the last sched_switch of the text.
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(grid.locator('[role=row][aria-rowindex="2494"]')).toBeVisible();

    await grid.evaluate((el) => (el.scrollTop = 0));
    const curl = grid.locator('.ev-body > [role=row][data-task="curl-530"]').first();
    await expect(curl).toContainText('81.333741');
    await curl.click();
    await expect(page.getByRole('tab', { name: 'Flame chart' })).toHaveAttribute('aria-selected', 'true');
    const chart = page.getByTestId('flame-chart');
    await expect(chart).toHaveAttribute('data-task', 'curl-530');
    // The window shown holds the event's time and is about the jump's 200 µs wide.
    await expect
      .poll(async () => {
        const start = Number(await chart.getAttribute('data-visible-start'));
        const end = Number(await chart.getAttribute('data-visible-end'));
        return start <= 81_333_741_000 && end >= 81_333_741_000 && end - start < 1e6;
      })
      .toBe(true);
  });
});

test('event markers: ticks on the overview and the flame chart; hover names the event, its task and time', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, tracePath('03-systemwide-sched-irq.report.txt.gz'));
  await waitForReady(page, 60_000);
  await page.getByRole('tab', { name: 'Flame chart' }).click();
  const lanes = page.getByTestId('event-lane');
  await expect(lanes).toHaveCount(2);
  for (const [k, what] of [
    [0, 'overview'],
    [1, 'flame chart'],
  ] as const) {
    const canvas = lanes.nth(k).locator('canvas');
    await expect.poll(async () => Number(await canvas.getAttribute('data-ticks')), `${what} ticks`).toBeGreaterThan(0);
    const x = Number(await canvas.getAttribute('data-first-x'));
    const kind = Number(await canvas.getAttribute('data-first-kind'));
    await canvas.hover({ position: { x: Math.max(0.5, x + 0.5), y: (kind - 1) * 5 + 2 } });
    const tip = page.getByTestId('event-lane-tip');
    await expect(tip, what).toBeVisible();
    await expect(tip).toHaveText(/^(sched_switch|sched_wakeup|irq_handler_entry|irq_handler_exit|softirq_entry|softirq_exit|local_timer_entry|local_timer_exit) \S.* at \d+\.\d{6,9} s/);
    if (what === 'flame chart') await expect(tip).toContainText(await page.getByTestId('flame-chart').getAttribute('data-task') as string);
    await page.mouse.move(0, 0);
  }
  // A trace without events has no lane to show.
  await openTrace(page, tracePath('01-seed-curl-fgraph.report.txt.gz'));
  await waitForReady(page);
  await expect(page.getByTestId('flame-chart')).toBeVisible();
  await expect(lanes.first()).toBeHidden();
});

