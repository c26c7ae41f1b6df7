/**
 * Opening traces in the real app (production build, real worker): file picker, drop,
 * paste, the bundled sample, `?url=` with progress and Cancel, and the failure cases.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gotoApp, openTrace, screenshot, SEED, tracePath, waitForReady, waitForState, watchProgressBar } from './helpers';

/** The first `n` lines of the seed report (plain text). */
function seedHead(n: number): string {
  const lines = gunzipSync(readFileSync(SEED)).subarray(0, 200_000).toString('utf8').split('\n');
  return lines.slice(0, n).join('\n') + '\n';
}

const tasksTable = (page: Page) => page.getByRole('table', { name: /Tasks/ });
const functionsTable = (page: Page) => page.getByRole('table', { name: /Top functions/ });
const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"]`);

test('a gzip trace opened with the file picker shows progress, then the summary', async ({ page }) => {
  await gotoApp(page);
  await expect(page.getByRole('heading', { name: 'Open an ftrace trace' })).toBeVisible();
  await screenshot(page, 'open-screen');
  const sawProgress = await watchProgressBar(page);
  await openTrace(page, SEED);
  await waitForReady(page);
  expect(await sawProgress()).toBe(true);

  await expect(fact(page, 'format')).toHaveText('trace-cmd report');
  await expect(fact(page, 'lines')).toHaveText('319,875');
  await expect(tasksTable(page).getByRole('cell', { name: 'curl-139', exact: true })).toBeVisible();
  await expect(functionsTable(page).getByRole('row')).toHaveCount(101); // header + first 100
  await expect(page.getByRole('banner')).toContainText('01-seed-curl-fgraph.report.txt.gz');
  // Durations carry units; counts carry thousands separators.
  await expect(functionsTable(page).getByRole('row').nth(1)).toContainText(/\d (ns|us|ms|s)\b/);
  await screenshot(page, 'summary-seed');

  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'summary-seed-dark');
});

test('with no trace asked for, the bundled sample loads by itself, from this origin only', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(`${baseURL}/`)) foreign.push(r.url());
  });
  await page.goto('/');
  await waitForReady(page);
  await expect(page.getByRole('banner')).toContainText('(sample)');
  await expect(tasksTable(page).getByRole('cell', { name: 'curl-139', exact: true })).toBeVisible();
  expect(foreign).toEqual([]);

  // The "Open the sample trace" button does the same from the open screen.
  await gotoApp(page);
  await page.getByRole('button', { name: 'Open the sample trace' }).click();
  await waitForReady(page);
  await expect(fact(page, 'calls')).not.toHaveText('0');
});

test('a malformed file shows its diagnostics, as text, without crashing', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('malformed.txt');
  const head = seedHead(400).split('\n');
  head.splice(50, 0, 'this line is garbage', '<img src=x onerror="window.__pwned=1"> <b>not bold</b>', '\u0000\u0001 binary junk');
  writeFileSync(file, head.join('\n'));
  await gotoApp(page);
  await openTrace(page, file);
  await waitForReady(page);
  const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
  await expect(diagnostics.locator('[data-count=unparsedLines]')).toHaveText('3');
  const items = page.getByRole('table', { name: 'Diagnostic items' });
  await expect(items).toContainText('this line is garbage');
  await expect(items.getByRole('row').filter({ hasText: 'this line is garbage' })).toContainText('51');
  // Trace text is rendered as text, never as HTML.
  await expect(items).toContainText('<img src=x onerror="window.__pwned=1"> <b>not bold</b>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(diagnostics.locator('img, b')).toHaveCount(0);
  await diagnostics.scrollIntoViewIfNeeded();
  await screenshot(page, 'malformed-diagnostics');

  // A file that is all garbage: a clear error, and the lines it could not read.
  const garbage = testInfo.outputPath('garbage.txt');
  writeFileSync(garbage, Array.from({ length: 30 }, (_, i) => `random words ${i} with no trace in them`).join('\n'));
  await openTrace(page, garbage);
  await waitForState(page, 'error');
  await expect(page.getByRole('alert')).toContainText('not a trace format');
  await expect(page.getByRole('table', { name: 'Diagnostic items' })).toContainText('random words 0 with no trace in them');
  await screenshot(page, 'not-a-trace');
});

test('an empty file shows a clear error', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('empty.txt');
  writeFileSync(file, '');
  await gotoApp(page);
  await openTrace(page, file);
  await waitForState(page, 'error');
  await expect(page.getByRole('alert')).toContainText('Could not open empty.txt');
  await expect(page.getByRole('alert')).toContainText('The file is empty');
  await screenshot(page, 'empty-file');
});

test('the kernel tracefs text (04-tracefs-default.txt.gz) loads', async ({ page }) => {
  await gotoApp(page);
  await openTrace(page, tracePath('04-tracefs-default.txt.gz'));
  await waitForReady(page);
  await expect(fact(page, 'format')).toContainText('function_graph');
  await expect(functionsTable(page)).toContainText('__x64_sys_connect');
  await screenshot(page, 'summary-tracefs-default');
});

test('a file dropped anywhere on the page opens', async ({ page }) => {
  await gotoApp(page);
  const text = seedHead(300);
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'dropped.txt', { type: 'text/plain' }));
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, text);
  await waitForReady(page);
  await expect(page.getByRole('banner')).toContainText('dropped.txt');
  await expect(fact(page, 'lines')).toHaveText('300');
});

test('pasted trace text opens', async ({ page }) => {
  await gotoApp(page);
  await page.getByRole('button', { name: 'Paste trace text' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste trace text' });
  await dialog.getByRole('textbox', { name: 'Trace text' }).fill(seedHead(120));
  await screenshot(page, 'paste-dialog');
  await dialog.getByRole('button', { name: 'Load pasted text' }).click();
  await waitForReady(page);
  await expect(dialog).toBeHidden();
  await expect(fact(page, 'lines')).toHaveText('120');
  await expect(tasksTable(page)).toContainText('curl-139');
});

test.describe('?url=', () => {
  let server: Server;
  let base = '';
  /** Requests wait on this before the rest of the body is sent. */
  let release: () => void = () => undefined;
  let released: Promise<void> = Promise.resolve();
  const body = readFileSync(SEED);

  test.beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/gzip',
        'Content-Length': String(body.length),
        'Access-Control-Allow-Origin': '*',
      });
      // The first 600 kB at once, the rest once the test releases it.
      res.write(body.subarray(0, 600_000));
      void released.then(() => res.end(body.subarray(600_000)));
      req.on('close', () => res.destroy());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    release();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  test('streams with a progress bar and can be cancelled, then loads', async ({ page }) => {
    released = new Promise((done) => (release = done));
    await page.goto(`/?url=${encodeURIComponent(`${base}/trace.txt.gz`)}`);
    const bar = page.getByRole('progressbar', { name: 'Loading the trace' });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
    await expect(page.locator('.load-stats')).toContainText('of 2.40 MB');
    await expect(page.locator('.load-stats')).toContainText(/\d+%/);
    await expect(page.locator('.load-stats')).toContainText(/\d [kMG]?B\/s/);
    await expect(page.locator('.load-stats')).toContainText(/[1-9][\d,]* lines/);
    await screenshot(page, 'progress');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitForState(page, 'idle');
    await expect(page.getByRole('heading', { name: 'Open an ftrace trace' })).toBeVisible();

    release();
    await page.goto(`/?url=${encodeURIComponent(`${base}/trace.txt.gz`)}`);
    await waitForReady(page);
    await expect(fact(page, 'lines')).toHaveText('319,875');
  });

  test('refuses a URL that is not http or https', async ({ page }) => {
    await page.goto(`/?url=${encodeURIComponent('javascript:alert(1)')}`);
    await waitForState(page, 'error');
    await expect(page.getByRole('alert')).toContainText('Only http and https');
  });
});

// One load of the 36 MB seed for both (each step was a test of its own, with a load each).
test("the seed: a repaired call shown in the call tree from the diagnostics; its trace.dat searched alike", async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page);

  await test.step('a repaired call in the diagnostics is shown in the call tree on click', async () => {
    const items = page.getByRole('table', { name: 'Diagnostic items' });
    const row = items.getByRole('row').filter({ hasText: 'never returned in the trace' }).first();
    const what = (await row.getByRole('cell').nth(2).textContent()) ?? '';
    const fn = what.match(/^(\S+) never returned in the trace/)![1];
    await row.getByRole('button', { name: 'Show in call tree' }).click();
    await expect(page.getByRole('tab', { name: 'Call tree' })).toHaveAttribute('aria-selected', 'true');
    const tree = page.getByRole('treegrid', { name: 'Call tree' });
    await expect(tree.locator('[role=row][aria-selected=true]')).toContainText(fn);
    await screenshot(page, 'diagnostic-shown-in-tree');
  });

  await test.step("trace-cmd's trace.dat dropped as is: it loads, and searching tcp_sendmsg counts what its text report says", async () => {
    const searchFor = async (name: string): Promise<string> => {
      await page.getByRole('searchbox', { name: 'Search functions' }).fill(name);
      const status = page.getByRole('region', { name: 'Filters and search' }).getByRole('status');
      await expect(status).toHaveText(/calls? match/);
      return (await status.textContent()) ?? '';
    };
    // The seed's text report: already open.
    const fromText = await searchFor('tcp_sendmsg');
    await gotoApp(page);
    await openTrace(page, tracePath('01-seed-curl-fgraph.dat'));
    await waitForReady(page);
    const fromDat = await searchFor('tcp_sendmsg');
    // The seed: tcp_sendmsg once (6,042,253 ns), with tcp_sendmsg_locked inside it.
    expect(fromText).toMatch(/^2 calls match in 2 functions · 6\.04 ms total$/);
    expect(fromDat).toBe(fromText);
    await screenshot(page, 'trace-dat-dropped');
    // A trace.dat has records, not lines: the Summary counts and places its diagnostics by record.
    await page.getByRole('tab', { name: 'Summary' }).click();
    await expect(fact(page, 'records')).toHaveText(/^[\d,]+$/);
    await expect(fact(page, 'lines')).toHaveCount(0);
    const items = page.getByRole('table', { name: 'Diagnostic items' });
    await expect(items.getByRole('columnheader').first()).toHaveText('Record');
    await expect(page.getByRole('region', { name: 'Diagnostics' })).toContainText('Records read');
  });
});

test('a trace.dat dropped on the page, and its gzip picked, read alike: tcp_sendmsg as its text report counts it', async ({ page }) => {
  const searchFor = async (name: string): Promise<string> => {
    await page.getByRole('searchbox', { name: 'Search functions' }).fill(name);
    const status = page.getByRole('region', { name: 'Filters and search' }).getByRole('status');
    await expect(status).toHaveText(/calls? match/);
    return (await status.textContent()) ?? '';
  };
  // Two loads of the 4.4 MB seed on a busy machine.
  test.slow();
  const dat = readFileSync(tracePath('01-seed-curl-fgraph.dat'));
  await gotoApp(page);
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'trace.dat', { type: 'application/octet-stream' }));
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, dat.toString('base64'));
  await waitForReady(page, 90_000);
  await expect(page.getByRole('banner')).toContainText('trace.dat');
  const dropped = await searchFor('tcp_sendmsg');
  expect(dropped).toMatch(/^2 calls match in 2 functions · 6\.04 ms total$/);
  // Gzipped: inflated in the inflating worker, then read by the binary reader.
  await gotoApp(page);
  await page.getByTestId('trace-file-input').setInputFiles({ name: 'trace.dat.gz', mimeType: 'application/gzip', buffer: gzipSync(dat) });
  await waitForReady(page, 90_000);
  expect(await searchFor('tcp_sendmsg')).toBe(dropped);
  await page.getByRole('tab', { name: 'Summary' }).click();
  await expect(fact(page, 'format')).toContainText('trace.dat');
});

test("an uncompressed trace.dat (its CPUs' pages read through streams of the file) gives the zstd file's model", async ({ page }) => {
  test.slow();
  const facts = async (): Promise<string[]> => {
    await page.getByRole('tab', { name: 'Summary' }).click();
    return Promise.all(['calls', 'tasks', 'functions', 'events'].map(async (f) => (await fact(page, f).textContent()) ?? ''));
  };
  await gotoApp(page);
  await openTrace(page, tracePath('02-midstream-nc-fgraph.dat'));
  await waitForReady(page, 90_000);
  const zstd = await facts();
  // trace-cmd convert's version 6 copy: no compression, each CPU's pages one run of the file.
  await gotoApp(page);
  const plain = gunzipSync(readFileSync(tracePath('02-midstream-nc-fgraph.v6.dat.gz')));
  await page.getByTestId('trace-file-input').setInputFiles({ name: 'trace.v6.dat', mimeType: 'application/octet-stream', buffer: plain });
  await waitForReady(page, 90_000);
  expect(await facts()).toEqual(zstd);
  expect(Number(zstd[0].replace(/\D/g, ''))).toBeGreaterThan(1000);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a gzip of several members (concatenated .gz files) is read to its end, as zcat reads it', async ({ page }) => {
  const text = gunzipSync(readFileSync(tracePath('02-midstream-nc-fgraph.report.txt.gz'))).toString('utf8').split('\n');
  const half = Math.floor(text.length / 2);
  const two = Buffer.concat([gzipSync(text.slice(0, half).join('\n') + '\n'), gzipSync(text.slice(half).join('\n'))]);
  await gotoApp(page);
  await page.getByTestId('trace-file-input').setInputFiles({ name: 'two.txt.gz', mimeType: 'application/gzip', buffer: two });
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Summary' }).click();
  // Every line of both members (MANIFEST.json: 42,737), and no complaint about the gzip.
  await expect(fact(page, 'lines')).toHaveText('42,737');
  const items = page.getByRole('table', { name: 'Diagnostic items' });
  await expect(items).toBeVisible();
  await expect(items).not.toContainText('gzip');
});
