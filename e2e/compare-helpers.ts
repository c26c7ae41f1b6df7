/**
 * Compare mode's e2e helpers: the seed trace (curl, a fresh connection) as side A against
 * the mid-stream nc trace (a connection already established) as side B, and `cli diff` on
 * the same two files, whose figures the tests assert instead of writing them down.
 */
import { expect, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, tracePath, waitForReady } from './helpers';
import { runCliInProcess } from '../src/test-utils/run-cli';

export const NC = tracePath('02-midstream-nc-fgraph.report.txt.gz');

export interface DiffFunction {
  name: string;
  a: { calls: number; totalNs: number; selfNs: number };
  b: { calls: number; totalNs: number; selfNs: number };
}

/**
 * What `npm run --silent cli -- diff [OPTIONS] SEED NC` prints, parsed (the command line run
 * in this process: no npm and tsx start-up); `options` such as `--under tcp_sendmsg`.
 */
export async function cliDiff(...options: string[]): Promise<{ functions: DiffFunction[] }> {
  const r = await runCliInProcess('diff', ...options, SEED, NC);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { functions: DiffFunction[] };
}

/** Opens the seed trace and compares it with NC through the chooser's file input. */
export async function openCompare(page: Page): Promise<void> {
  await gotoApp(page);
  await openTrace(page, SEED);
  await waitForReady(page, 60_000);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await page.getByLabel('Compare with a trace file').setInputFiles(NC);
  await expect(page.getByRole('group', { name: 'Functions and call paths by side' })).toBeVisible({ timeout: 60_000 });
}
