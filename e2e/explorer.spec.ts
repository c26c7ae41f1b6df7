/**
 * The explorer's user story in the real app (production build, real worker, Chromium):
 * open the seed trace, pick curl-139, search `tcp_sendmsg`, step to the match in the call
 * tree, follow the source link, narrow to syscalls; the tracefs variants; the `?` overlay.
 *
 * Expected numbers come from the trace TEXT (a grep-like pass here), not from the app's
 * parser, so a wrong count in the worker fails the test.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady } from './helpers';

/** Entry lines (`name() {` or the merged leaf `name();`) of `task` whose function name contains `needle`. */
function countEntries(file: string, task: string, needle: string): { calls: number; functions: number } {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const entry = /^\s*(.+?)\s+\[\d+\]\s+[\d.]+: funcgraph_entry:.*\|\s+(\S+)\(\)( \{|;)\s*$/;
  const names = new Set<string>();
  let calls = 0;
  for (const line of text.split('\n')) {
    if (!line.includes(needle)) continue;
    const m = entry.exec(line);
    if (m && m[1] === task && m[2].toLowerCase().includes(needle.toLowerCase())) {
      calls++;
      names.add(m[2]);
    }
  }
  return { calls, functions: names.size };
}

const toolbar = (page: Page) => page.getByRole('region', { name: 'Filters and search' });
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search functions' });
const searchStatus = (page: Page) => toolbar(page).getByRole('status');

async function openSeed(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
}

/** Selects the task whose option starts with `label` (options read `comm-pid (N calls in all)`). */
async function pickTask(page: Page, label: string): Promise<void> {
  const select = toolbar(page).getByRole('combobox', { name: 'Task' });
  const option = select.locator('option', { hasText: `${label} (` });
  await select.selectOption(await option.getAttribute('value'));
}

const tree = (page: Page) => page.getByRole('treegrid', { name: 'Call tree' });

/** The visible rows of the call tree as [level, name], in row order. */
async function treeRows(page: Page): Promise<{ level: number; name: string; selected: boolean }[]> {
  return tree(page).evaluate((grid) =>
    Array.from(grid.querySelectorAll('[role=row][aria-level]'))
      .map((row) => ({
        index: Number(row.getAttribute('aria-rowindex')),
        level: Number(row.getAttribute('aria-level')),
        // The first cell holds a twisty (▸ ▾, aria-hidden) then the name.
        name: (row.querySelector('[role=gridcell]')?.textContent ?? '').replace(/^[▸▾]/, '').trim(),
        selected: row.getAttribute('aria-selected') === 'true',
      }))
      .sort((a, b) => a.index - b.index)
      .map(({ level, name, selected }) => ({ level, name, selected })),
  );
}

/** Names of the selected row and its ancestors (root first), read from the aria-level chain. */
async function selectedPath(page: Page): Promise<string[]> {
  const rows = await treeRows(page);
  const i = rows.findIndex((r) => r.selected);
  if (i < 0) return [];
  const path = [rows[i].name];
  let level = rows[i].level;
  for (let k = i - 1; k >= 0 && level > 1; k--) {
    if (rows[k].level < level) {
      path.unshift(rows[k].name);
      level = rows[k].level;
    }
  }
  return path;
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('the toolbar, the ? overlay and the user story on the seed', async ({ page }) => {
  test.setTimeout(180_000);
  const expected = countEntries(SEED, 'curl-139', 'tcp_sendmsg');
  // The seed: tcp_sendmsg once, with tcp_sendmsg_locked inside it.
  expect(expected).toEqual({ calls: 2, functions: 2 });
  await openSeed(page);

  await test.step('toolbar: task and CPU pickers, search status with the count from the trace text, errors, keys', async () => {

    const task = toolbar(page).getByRole('combobox', { name: 'Task' });
    await expect(task.locator('option').first()).toHaveText('All tasks');
    // Busiest first, with call counts (all of a task's calls, which the option says since issue 15).
    await expect(task.locator('option').nth(1)).toHaveText(/^curl-139 \([\d,]+ calls in all\)$/);
    await pickTask(page, 'curl-139');
    await expect(task.locator('option:checked')).toHaveText(/^curl-139 /);
    const cpu = toolbar(page).getByRole('combobox', { name: 'CPU' });
    await expect(cpu.locator('option')).toHaveText(['All CPUs', 'CPU 1']);

    // `/` focuses the search box from anywhere outside a text field.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect(searchBox(page)).toBeFocused();
    await page.keyboard.type('tcp_sendmsg');
    // While typing, the status may briefly count a shorter prefix ("tcp_se"): wait for the
    // whole word, then its numbers must be the ones read from the trace text.
    await expect(searchBox(page)).toHaveValue('tcp_sendmsg');
    await expect(searchStatus(page)).toHaveText(
      new RegExp(`^${expected.calls} calls match in ${expected.functions} functions · [\\d.,]+ (ns|us|ms|s) total$`),
    );
    // The outermost match, tcp_sendmsg, took 6,042,253 ns (see src/service/queries/search.test.ts).
    await expect(searchStatus(page)).toContainText('6.04 ms total');
    await expect(searchStatus(page)).toHaveAttribute('title', /outermost/);
    await screenshot(page, 'toolbar-search');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'toolbar-search-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The count follows the filter: rcu_preempt-15 never sends.
    await pickTask(page, 'rcu_preempt-15');
    await expect(searchStatus(page)).toHaveText('No match');
    await pickTask(page, 'curl-139');
    await expect(searchStatus(page)).toHaveText(new RegExp(`^${expected.calls} calls match`));

    // Case-insensitive; a regex; an invalid regex marks the box and changes nothing else.
    await searchBox(page).fill('TCP_SENDMSG_LOCKED');
    await expect(searchStatus(page)).toHaveText(/^1 call matches in 1 function · /);
    await searchBox(page).fill('/^tcp_sendmsg$/');
    await expect(searchStatus(page)).toHaveText(/^1 call matches in 1 function · /);
    await searchBox(page).fill('/tcp_(/');
    await expect(searchBox(page)).toHaveAttribute('aria-invalid', 'true');
    await expect(searchStatus(page)).toHaveText(/^Invalid regular expression: /);
    await screenshot(page, 'toolbar-search-invalid');
    expect(await page.evaluate(() => document.documentElement.dataset.traceState)).toBe('ready');
    await searchBox(page).fill('no_such_function_anywhere');
    await expect(searchBox(page)).toHaveAttribute('aria-invalid', 'false');
    await expect(searchStatus(page)).toHaveText('No match');

    // Escape clears the search; Ctrl+F focuses the box again.
    await searchBox(page).press('Escape');
    await expect(searchBox(page)).toHaveValue('');
    await expect(searchStatus(page)).toHaveText('');
    // A second Escape, with nothing left to clear, leaves the box.
    await searchBox(page).press('Escape');
    await expect(searchBox(page)).not.toBeFocused();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await expect(searchBox(page)).toBeFocused();

    // "All tasks" counts the other tasks too; the syscalls switch is a switch.
    await task.selectOption('');
    const syscalls = toolbar(page).getByRole('switch', { name: 'Syscalls only' });
    await syscalls.check();
    await expect(syscalls).toBeChecked();
    await syscalls.uncheck();
  });

  await test.step('? opens the keyboard shortcuts, Escape closes it and focus goes back', async () => {
    await searchBox(page).focus();
    // `?` typed into the search box is text, not a shortcut.
    await page.keyboard.type('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
    await searchBox(page).press('Escape');

    const tab = page.getByRole('tab').first();
    await tab.focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    // Exact names: 'Flame graph' is also part of 'Differential flame graph', 'Call tree' of 'Compared call tree'.
    for (const group of ['Anywhere', 'Search box', 'Flame graph', 'Flame chart', 'Call tree', 'Differential flame graph', 'Compared call tree']) {
      await expect(dialog.getByRole('heading', { name: group, exact: true })).toBeVisible();
    }
    await expect(dialog).toContainText('Shift+Enter');
    await expect(dialog).toContainText('Expand everything below the row');
    await screenshot(page, 'help-overlay');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'help-overlay-dark');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(tab).toBeFocused();

    // The header button opens it too.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused();
    // Light again for the step below.
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('the user story: curl-139, search tcp_sendmsg, step to it in the call tree, source link, syscalls only', async () => {
    await pickTask(page, 'curl-139');

    // One task picked: the tree's roots are curl-139's outermost calls, syscalls or not.
    await openView(page, 'Call tree');
    await expect(tree(page).locator('[role=row][aria-level="1"]').first()).toBeVisible();
    const roots = (await treeRows(page)).filter((r) => r.level === 1).map((r) => r.name);
    expect(roots).toContain('x64_sys_call');
    expect(roots).toContain('exit_to_user_mode_prepare');

    // Search: the status counts what the trace text says.
    await searchBox(page).fill('tcp_sendmsg');
    await expect(searchStatus(page)).toHaveText(new RegExp(`^${expected.calls} calls match in ${expected.functions} functions · `));
    expect(expected.calls).toBeGreaterThan(0);

    // Enter steps to the first match: tcp_sendmsg, reached through __x64_sys_sendto.
    await searchBox(page).press('Enter');
    const selected = tree(page).locator('[role=row][aria-selected=true]');
    await expect(selected).toHaveCount(1);
    await expect(selected.locator('[role=gridcell]').first()).toHaveText(/^[▸▾]?tcp_sendmsg$/);
    const path = await selectedPath(page);
    expect(path[path.length - 1]).toBe('tcp_sendmsg');
    expect(path).toContain('__x64_sys_sendto');
    expect(path.indexOf('__x64_sys_sendto')).toBeLessThan(path.length - 1);
    await expect(searchStatus(page)).toHaveText(/^Match 1 of 2 in 2 functions · /);
    // Its source link, built by the Elixir rules, opening in a new tab without an opener.
    const link = selected.getByRole('link', { name: 'Source of tcp_sendmsg on elixir.bootlin.com' });
    await expect(link).toHaveAttribute('href', 'https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
    await screenshot(page, 'explorer-step');

    // Shift+Enter goes back; Enter again goes on to the nested tcp_sendmsg_locked.
    await searchBox(page).press('Enter');
    await expect(selected.locator('[role=gridcell]').first()).toHaveText(/^[▸▾]?tcp_sendmsg_locked$/);
    await expect(searchStatus(page)).toHaveText(/^Match 2 of 2 in 2 functions · /);
    await searchBox(page).press('Shift+Enter');
    await expect(selected.locator('[role=gridcell]').first()).toHaveText(/^[▸▾]?tcp_sendmsg$/);

    // The flame graph marks the matched frames.
    await openView(page, 'Flame graph');
    const flame = page.getByTestId('flame-graph');
    await expect(flame).toHaveAttribute('data-matched-frames', /^[1-9]\d*$/);
    await screenshot(page, 'explorer-flame-search');

    // Syscalls only: every root of the tree is a syscall entry point; the others are gone.
    await openView(page, 'Call tree');
    await toolbar(page).getByRole('switch', { name: 'Syscalls only' }).check();
    const rootNames = async () => (await treeRows(page)).filter((r) => r.level === 1).map((r) => r.name);
    await expect.poll(async () => (await rootNames())[0] ?? '').toMatch(/^__x64_sys_/);
    const syscallRoots = await rootNames();
    expect(syscallRoots.length).toBeGreaterThan(0);
    expect(syscallRoots).not.toContain('exit_to_user_mode_prepare');
    for (const name of syscallRoots) expect(name).toMatch(/^__x64_sys_/);
    // The match is still there, now right under its syscall.
    await expect(searchStatus(page)).toHaveText(new RegExp(`^${expected.calls} calls match`));
    await searchBox(page).press('Enter');
    await expect(selected.locator('[role=gridcell]').first()).toHaveText(/^[▸▾]?tcp_sendmsg/);
    expect((await selectedPath(page))[0]).toBe('__x64_sys_sendto');
    await screenshot(page, 'explorer-syscalls-only');
  });
});

for (const file of ['04-tracefs-default.txt.gz', '04-tracefs-latency-format.txt.gz']) {
  test(`the kernel's own text (${file}) shows a call tree and searches`, async ({ page }) => {
    await gotoApp(page);
    await openTrace(page, tracePath(file));
    await waitForReady(page);
    await openView(page, 'Call tree');
    await expect(tree(page).locator('[role=row][aria-level="1"]').first()).toBeVisible();
    // MANIFEST fact: tcp_sendmsg is entered 6 times in these captures.
    await searchBox(page).fill('/^tcp_sendmsg$/');
    await expect(searchStatus(page)).toHaveText(/^6 calls match in 1 function · /);
    await searchBox(page).press('Enter');
    await expect(tree(page).locator('[role=row][aria-selected=true] [role=gridcell]').first()).toHaveText(/tcp_sendmsg$/);
  });
}

test('thousands of tasks: the picker and the summary list the busiest 500, "Find task" reaches the others', async ({ page }) => {
  const lines = ['cpus=1'];
  // 1,200 tasks; task k makes 1,200 - k calls, so the busiest come first.
  let t = 0;
  for (let k = 0; k < 1200; k++) {
    for (let c = 0; c < 1200 - k; c += 300) {
      t++;
      lines.push(`  build${k % 7}-${10000 + k}   [000] ${1 + Math.floor(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}: funcgraph_entry:        0.250 us   |  f();`);
    }
  }
  await gotoApp(page);
  await page.getByTestId('trace-file-input').setInputFiles({ name: 'build.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n') + '\n') });
  await waitForReady(page);
  const picker = page.getByRole('combobox', { name: 'Task' });
  await expect(picker.locator('option')).toHaveCount(1 + 500 + 1);
  await expect(picker.locator('option').last()).toHaveText('700 more: find them by name or pid');
  await page.getByRole('searchbox', { name: 'Find task' }).fill('11150');
  await expect(picker.locator('option')).toHaveText(['All tasks', 'build2-11150 (1 call in all)', '1,199 more: find them by name or pid']);
  await picker.selectOption({ label: 'build2-11150 (1 call in all)' });
  await expect(page).toHaveURL(/t=build2-11150/);
  await page.getByRole('tab', { name: 'Summary' }).click();
  await expect(page.getByRole('table', { name: /Tasks/ }).locator('tbody tr')).toHaveCount(500);
  await expect(page.getByText('and 700 more tasks with fewer calls')).toBeVisible();
});
