/**
 * Permalinks in a real Chromium: the seed flow (make a link, open it elsewhere, drop the
 * same file, get the same view), a different file warns, a `u=` trace URL opens by itself,
 * a link carrying its trace opens with the network blocked, a garbled or hostile fragment
 * only shows a notice, and Back / Forward walk through the views.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { contentHashOf, gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady, waitForState } from './helpers';

const MIDSTREAM = tracePath('02-midstream-nc-fgraph.report.txt.gz');
const SMALL = tracePath('04-tracefs-max-graph-depth-2.txt');
const ROW = 18; // flame graph row height in CSS px (bottom row = depth 0)

async function flameBox(page: Page) {
  const canvas = page.getByRole('img', { name: 'Flame graph' });
  await expect(canvas).toBeVisible();
  await expect(page.getByTestId('flame-graph')).toHaveAttribute('data-frames', /^[1-9]/);
  return (await canvas.boundingBox())!;
}

/** Hovers along a flame graph row until the hover card names `name`; returns that x. */
async function findFrame(page: Page, depth: number, name: string): Promise<{ x: number; y: number }> {
  const box = await flameBox(page);
  const y = box.y + box.height - ROW * depth - ROW / 2;
  for (let x = box.x + 2; x < box.x + box.width - 2; x += 3) {
    await page.mouse.move(x, y);
    const card = page.getByRole('tooltip').locator('.frame-tooltip-name');
    if ((await card.count()) && (await card.first().textContent())?.trim() === name) return { x, y };
  }
  throw new Error(`no frame ${name} at depth ${depth}`);
}

/** The seed flow up to Share; returns the link the Share dialog shows. */
async function makeSeedLink(page: Page): Promise<string> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  const task = page.getByRole('combobox', { name: 'Task' });
  const curl = await task.locator('option', { hasText: /^curl-139 / }).getAttribute('value');
  expect(curl).not.toBeNull();
  await task.selectOption(curl);
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toContainText(/\d+ calls? match/);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  const at = await findFrame(page, 1, '__x64_sys_sendto');
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('flame-graph')).toHaveAttribute('data-zoom-root', '__x64_sys_sendto');
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('01-seed-curl-fgraph.report.txt.gz');
  await expect(dialog).toContainText('the search “tcp_sendmsg”');
  await expect(dialog).toContainText('task curl-139');
  await screenshot(page, 'permalink-share-dialog');
  return dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  return context.newPage();
}

test('the seed flow: a link reopens the same view once the same file is dropped; another file warns', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const link = await makeSeedLink(page);
  expect(link).toMatch(/#v=2&/);
  expect(link).toContain(`h=${contentHashOf(SEED)}`);
  const status = await page.getByRole('status').filter({ hasText: /match/ }).textContent();

  const other = await freshPage(browser);
  await other.goto(link);
  await expect(other.getByText(/drop that file here/)).toBeVisible();
  await expect(other.getByText('01-seed-curl-fgraph.report.txt.gz', { exact: false }).first()).toBeVisible();
  await screenshot(other, 'permalink-waiting');
  await openTrace(other, SEED);
  await waitForReady(other, 60_000);
  await expect(other.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('tcp_sendmsg');
  await expect(other.getByRole('status').filter({ hasText: /match/ })).toHaveText(status!);
  await expect(other.getByRole('combobox', { name: 'Task' })).toHaveValue(
    await page.getByRole('combobox', { name: 'Task' }).inputValue(),
  );
  await expect(other.getByRole('tab', { name: 'Flame graph' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('flame-graph')).toHaveAttribute('data-zoom-root', '__x64_sys_sendto');
  await screenshot(other, 'permalink-applied');
  await other.context().close();

  const wrong = await freshPage(browser);
  await wrong.goto(link);
  await openTrace(wrong, MIDSTREAM);
  await waitForReady(wrong, 60_000);
  const alert = wrong.getByRole('alert').filter({ hasText: /is a view of/ });
  await expect(alert).toContainText('01-seed-curl-fgraph.report.txt.gz');
  await expect(alert).toContainText('02-midstream-nc-fgraph.report.txt.gz');
  await expect(wrong.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('');
  await screenshot(wrong, 'permalink-mismatch');
  await alert.getByRole('button', { name: 'Apply the view anyway' }).click();
  await expect(wrong.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('tcp_sendmsg');
  await wrong.context().close();
});

test('a file of several 4 MiB blocks gets the fingerprint of the scheme (WebCrypto digests in the worker)', async ({ page }) => {
  const raw = tracePath('05-seed-report-raw.txt.gz');
  expect(readFileSync(raw).length).toBeGreaterThan(4 * 1024 * 1024);
  await gotoApp(page);
  await openTrace(page, raw);
  await waitForReady(page);
  // Made after ready: Share waits for it ("Fingerprinting…"), then shows the link with it.
  await page.getByRole('button', { name: 'Share' }).click();
  const link = page.getByRole('dialog', { name: 'Share this view' }).getByRole('textbox', { name: 'Link to this view' });
  await expect(link).toHaveValue(new RegExp(`#v=\\d&.*h=${contentHashOf(raw)}`));
  await expect(page).toHaveURL(new RegExp(`#v=2&.*h=${contentHashOf(raw)}`));
});

test('a link with a trace URL opens it with no drop', async ({ page }) => {
  const body = readFileSync(MIDSTREAM);
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/gzip', 'access-control-allow-origin': '*' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/02.txt.gz`;
    await page.goto(`/#v=1&u=${encodeURIComponent(url)}&q=tcp_sendmsg&view=tree`);
    await waitForReady(page, 60_000);
    await expect(page.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('tcp_sendmsg');
    await expect(page.getByRole('tab', { name: 'Call tree' })).toHaveAttribute('aria-selected', 'true');
    // Its own Share link carries the URL again, so the next recipient needs nothing either.
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.getByRole('textbox', { name: 'Link to this view' }).inputValue();
    expect(link).toContain(`u=${encodeURIComponent(url)}`);
  } finally {
    server.close();
  }
});

test("a link made on the sample trace opens the sample by itself", async ({ page, browser }) => {
  await page.goto('/');
  await waitForReady(page, 60_000);
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toMatch(/&u=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fsamples%2F01-seed-curl-fgraph\.report\.txt\.gz/);
  const other = await freshPage(browser);
  await other.goto(link);
  await waitForReady(other, 60_000);
  await expect(other.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('tcp_sendmsg');
  await expect(other.getByText(/drop that file here/)).toHaveCount(0);
});

test('a link that carries its trace opens with the network blocked', async ({ page, browser, baseURL }) => {
  await gotoApp(page);
  await openTrace(page, SMALL);
  await waitForReady(page);
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('__sys_connect');
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toContainText(/\d+ calls? match/);
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this view' });
  await dialog.getByRole('button', { name: 'Share with the trace included' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Link with the trace included copied.');
  const link = await dialog.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toMatch(/&d=[A-Za-z0-9_-]+$/);

  const context = await browser.newContext();
  const offline = await context.newPage();
  const requests: string[] = [];
  // Only the app's own files may load; anything else (a trace URL, the sample) is blocked.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    requests.push(u);
    if (u.startsWith(baseURL!) && !u.includes('/samples/')) return route.continue();
    return route.abort();
  });
  await offline.goto(link);
  await waitForReady(offline);
  await expect(offline.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('__sys_connect');
  await expect(offline.getByText('04-tracefs-max-graph-depth-2.txt').first()).toBeVisible();
  expect(requests.filter((u) => !u.startsWith(baseURL!) || u.includes('/samples/'))).toEqual([]);
  await context.close();
});

test('a garbled or hostile fragment shows a notice and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const hostile =
    '#v=1&q=%E0%A4%A&u=' +
    encodeURIComponent('javascript:alert(1)') +
    '&view=' +
    encodeURIComponent('<img src=x onerror=alert(1)>') +
    '&fn=' +
    encodeURIComponent('"><script>window.__pwned=1</script>') +
    '&zz=1&r=9-1';
  await page.goto('/' + hostile);
  const notices = page.getByRole('region', { name: 'Link' });
  await expect(notices).toBeVisible();
  await expect(notices).toContainText('trace URL');
  await expect(notices).toContainText('could not be read');
  await expect(notices).toContainText('does not know');
  await screenshot(page, 'permalink-garbled');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], script:not([src])')).toHaveCount(0);

  await page.goto('/#v=99&q=tcp_sendmsg');
  await expect(page.getByRole('region', { name: 'Link' })).toContainText('version "99"');
  // The selected-function part waits for a trace: its markup never becomes an element.
  await openTrace(page, SMALL);
  await waitForReady(page);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('a link that names only a view shows that view from the first render at ready', async ({ page }) => {
  // The Summary was rendered (its tables built and laid out) and left at once, after a round
  // trip to the worker: record what the page showed, in order, as it changed.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      if (document.querySelector('table[aria-labelledby=tasks-title]') && !seen.includes('summary')) seen.push('summary');
      if (document.getElementById('tab-flame')?.getAttribute('aria-selected') === 'true' && !seen.includes('flame')) seen.push('flame');
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto('/?sample=0#v=2&view=flame');
  await waitForState(page, 'idle');
  await openTrace(page, MIDSTREAM);
  await waitForReady(page);
  await expect(page.getByTestId('flame-graph')).toHaveAttribute('data-frames', /^[1-9]/);
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['flame']);
  // The Summary is still there for whoever asks for it.
  await page.getByRole('tab', { name: 'Summary' }).click();
  await expect(page.getByRole('table', { name: /^Tasks/ })).toBeVisible();
});

test('Esc closes the Share dialog wherever the focus is', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SMALL);
  await waitForReady(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.locator('.share-link')).toBeFocused();
  // As when the link replaces "Fingerprinting…": the button that had the focus is gone, the field has not taken it yet.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('Back and Forward walk through the views', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, SMALL);
  await waitForReady(page);
  const tree = page.getByRole('tab', { name: 'Call tree' });
  const flame = page.getByRole('tab', { name: 'Flame graph' });
  await flame.click();
  await expect(page).toHaveURL(/#v=2&.*view=flame/);
  await tree.click();
  await expect(page).toHaveURL(/view=tree/);
  await page.getByRole('switch', { name: 'Syscalls only' }).check();
  await expect(page).toHaveURL(/sc=1/);
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('__sys_c');
  await expect(page).toHaveURL(/q=__sys_c/);

  await page.goBack();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByRole('searchbox', { name: 'Search functions' })).toHaveValue('');
  await expect(page.getByRole('switch', { name: 'Syscalls only' })).toBeChecked();
  await page.goBack();
  await expect(page.getByRole('switch', { name: 'Syscalls only' })).not.toBeChecked();
  await expect(tree).toHaveAttribute('aria-selected', 'true');
  await page.goBack();
  await expect(flame).toHaveAttribute('aria-selected', 'true');
  await page.goForward();
  await expect(tree).toHaveAttribute('aria-selected', 'true');
  await waitForState(page, 'ready');
});

test('the built page sets its Content-Security-Policy and asks only its own origin', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await gotoApp(page);
  const policies = await page.locator('meta[http-equiv="Content-Security-Policy"]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('content') ?? ''),
  );
  expect(policies.join('; ')).toContain("script-src 'self'");
  expect(policies.join('; ')).toContain("object-src 'none'");
  expect(policies.join('; ')).toContain("connect-src 'self'");
  expect(policies.join('; ')).not.toContain('unsafe-eval');
  // An inline script is refused by the policy.
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __inline?: number };
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.appendChild(s);
    return w.__inline;
  });
  expect(ran).toBeUndefined();
  await openTrace(page, SMALL);
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp');
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toContainText(/match/);
  expect(requests.filter((u) => !u.startsWith(baseURL!))).toEqual([]);
});
