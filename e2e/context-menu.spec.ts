/**
 * Issue 15, "a context menu on any frame or row": one menu (role menu, arrow keys, Escape)
 * on the call tree's rows, the functions table's rows and the flame views' frames: Copy
 * name puts the name on the clipboard, Copy stack the path (innermost first), Search for it
 * sets the search, Open source is a link followed only on click.
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, settledBox, waitForReady } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

async function openSeed(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);
}

// The checks share one load of the 36 MB seed (each step was a test of its own, with a load each).
test('the context menu in the call tree, the functions table and the flame graph', async ({ page }) => {
  test.setTimeout(120_000);
  await openSeed(page);

  await test.step('call tree: right click a row, Copy name, Copy stack, Search for it; keys move and Escape closes', async () => {
    await page.getByRole('tab', { name: 'Call tree' }).click();
    const grid = page.getByRole('treegrid', { name: 'Call tree' });
    const curl = grid.locator('[role=row][aria-level="1"]', { has: page.locator('.ct-fn', { hasText: /^curl-139$/ }) });
    await curl.click();
    await page.keyboard.press('ArrowRight');
    await expect(curl).toHaveAttribute('aria-expanded', 'true');
    const child = grid.locator('[role=row][aria-level="2"]').first();
    const childName = (await child.locator('.ct-fn').textContent())!;

    await child.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: `Actions for ${childName}` });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Copy name' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Copy stack' })).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(menu).toHaveCount(0);
    expect(await clipboard(page)).toBe(childName);
    // Focus went back to the grid.
    await expect(grid).toBeFocused();

    await child.click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Copy stack' }).click();
    expect(await clipboard(page)).toBe(`${childName}\ncurl-139`);

    await child.click({ button: 'right' });
    const source = menu.getByRole('menuitem', { name: 'Open source' });
    await expect(source).toHaveAttribute('href', new RegExp(`^https://elixir\\.bootlin\\.com/linux/latest/A/ident/`));
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(grid).toBeFocused();

    // The keyboard's way: Shift+F10 on the focused row.
    await page.keyboard.press('Shift+F10');
    await expect(menu).toBeVisible();
    await menu.getByRole('menuitem', { name: 'Search for it' }).click();
    await expect(page.getByRole('searchbox', { name: 'Search functions' })).toHaveValue(childName);
    // No search for the step below, as after a load.
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('');
    await expect(page.getByRole('searchbox', { name: 'Search functions' })).toHaveAttribute('data-committed', '');
  });

  await test.step('functions table and flame graph: the same menu', async () => {
    await page.getByRole('tab', { name: 'Functions' }).click();
    const row = page.getByRole('grid', { name: 'Functions' }).locator('.fn-body > [role=row]').first();
    const name = (await row.locator('.fn-name').textContent())!;
    await row.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: `Actions for ${name}` });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Copy stack' })).toHaveCount(0);
    await menu.getByRole('menuitem', { name: 'Hook points' }).click();
    await expect(page.getByRole('region', { name: 'Hook points' }).locator('.fd-name').first()).toHaveText(name);

    await page.getByRole('tab', { name: 'Flame graph' }).click();
    const canvas = page.getByTestId('flame-graph').locator('canvas');
    await expect(page.getByTestId('flame-graph')).toHaveAttribute('data-frames', /[1-9]/);
    const box = await settledBox(canvas);
    // The bottom row is the root(s) of a flame graph: a frame is there across the width.
    await canvas.click({ button: 'right', position: { x: box.width / 2, y: box.height - 9 } });
    const frameMenu = page.getByRole('menu');
    await expect(frameMenu).toBeVisible();
    const label = (await frameMenu.getAttribute('aria-label'))!.replace('Actions for ', '');
    await frameMenu.getByRole('menuitem', { name: 'Copy name' }).click();
    expect(await clipboard(page)).toBe(label);
  });
});

