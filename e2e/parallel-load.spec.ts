/**
 * The parse pool in the real app (issue 13): a plain text trace opened with `?workers=3` is
 * parsed by range workers (the File sliced by each) and joined in the trace worker; the UI
 * shows the same figures as the one-pass read (`?workers=1`): calls, lines, a function's
 * count, the diagnostics with their line numbers, the fingerprint in the link.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { contentHashOf, gotoApp, openTrace, tracePath, waitForReady } from './helpers';

const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"]`);

interface Figures {
  calls: string;
  lines: string;
  functions: string;
  topFunction: string;
  diagnostics: string;
  rangeWorkers: number;
}

/** Opens `file` with `?workers=N` and reads what the summary shows. */
async function figuresWith(page: Page, file: string, workers: number): Promise<Figures> {
  let rangeWorkers = 0;
  page.on('worker', (w) => {
    if (/range\.worker/.test(w.url())) rangeWorkers++;
  });
  await gotoApp(page, `?sample=0&workers=${workers}`);
  await openTrace(page, file);
  await waitForReady(page, 60_000);
  const diagnostics = page.getByRole('region', { name: 'Diagnostics' });
  await expect(diagnostics).toBeVisible();
  // The fingerprint of the scheme: with the pool, the hash worker reads the File itself.
  await expect(page).toHaveURL(new RegExp(`#v=\\d&.*h=${contentHashOf(file)}`));
  const topRow = page.getByRole('table', { name: /Top functions/ }).getByRole('row').nth(1);
  return {
    calls: await fact(page, 'calls').innerText(),
    lines: await fact(page, 'lines').innerText(),
    functions: await fact(page, 'functions').innerText(),
    // Name, count and times of the busiest function.
    topFunction: await topRow.innerText(),
    // Every count, and the first items with their input line numbers.
    diagnostics: await diagnostics.innerText(),
    rangeWorkers,
  };
}

test('a plain text trace read by 3 parse threads shows the figures of the one-pass read', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const file = testInfo.outputPath('02-midstream-nc-fgraph.report.txt');
  writeFileSync(file, gunzipSync(readFileSync(tracePath('02-midstream-nc-fgraph.report.txt.gz'))));
  const one = await figuresWith(page, file, 1);
  const three = await figuresWith(page, file, 3);
  // The pool ran: two range workers beside the trace worker (which parses the first range).
  expect([one.rangeWorkers, three.rangeWorkers]).toEqual([0, 2]);
  expect(one.calls).not.toBe('0');
  // Calls never closed, listed with what was done about them.
  expect(one.diagnostics).toMatch(/Calls never closed\s*[1-9]/);
  expect({ ...three, rangeWorkers: 0 }).toEqual({ ...one, rangeWorkers: 0 });
});
