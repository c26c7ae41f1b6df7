/** A step run again under Chrome tracing with the V8 sampler, summarised per thread and phase. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { profileSummary, type ChromeTrace, type ProfileSummary } from './profile-trace';
import { TRACE_DIR } from './traces';

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
];

export async function profiled<T>(browser: Browser, page: Page, buildDir: string, label: string, fn: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary; file: string }> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    await browser.stopTracing().catch(() => undefined);
    throw err;
  }
  const buf = await browser.stopTracing();
  const file = join(TRACE_DIR, `profile-${label.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, buf);
  return { value, summary: profileSummary(JSON.parse(buf.toString('utf8')) as ChromeTrace, buildDir), file };
}
