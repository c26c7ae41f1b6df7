/**
 * Compare mode's e2e helpers: the seed trace (curl, a fresh connection) as side A against
 * the mid-stream nc trace (a connection already established) as side B, and `cli diff` on
 * the same two files, whose figures the tests assert instead of writing them down.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { gotoApp, openTrace, SEED, tracePath, waitForReady } from './helpers';

export const NC = tracePath('02-midstream-nc-fgraph.report.txt.gz');
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface DiffFunction {
  name: string;
  a: { calls: number; totalNs: number; selfNs: number };
  b: { calls: number; totalNs: number; selfNs: number };
}

/** `npm run --silent cli -- diff SEED NC`, parsed. */
export function cliDiff(): { functions: DiffFunction[] } {
  const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'diff', SEED, NC], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as { functions: DiffFunction[] };
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
