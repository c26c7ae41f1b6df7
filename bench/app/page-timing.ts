/**
 * Timing one interaction in the page (bench/app/probe.ts arms a probe, the action runs, the
 * probe reports input → answered → drawn → frame end) and the statistics of such samples.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from '@playwright/test';
import { median, quantile } from './figures';

export interface Sample {
  input: number;
  handled: number;
  change: number;
  drawn: number;
  painted: number;
  drawMs: number;
  commit: number;
  value: string | null;
  timeout: boolean;
}

export interface InteractionStats {
  samples: number[];
  median: number;
  p95: number;
  /** Parts of the median sample's path. */
  parts: Record<string, number[]>;
  timeouts: number;
  notes: string[];
}

export function stats(samples: Sample[], parts: (s: Sample) => Record<string, number>): InteractionStats {
  const ok = samples.filter((s) => !s.timeout && s.painted >= 0 && s.input >= 0);
  const totals = ok.map((s) => s.painted - s.input);
  const p: Record<string, number[]> = {};
  for (const s of ok) for (const [k, v] of Object.entries(parts(s))) (p[k] ??= []).push(v);
  return { samples: totals, median: median(totals), p95: quantile(totals, 0.95), parts: p, timeouts: samples.length - ok.length, notes: [] };
}

export const settle = (page: Page, quietMs = 200) => page.evaluate(`window.__ab.settle(${quietMs}, 4000)`);

/**
 * Polls a JavaScript expression in the page until it is truthy (page.waitForFunction
 * evaluates strings with eval, which the app's Content-Security-Policy forbids).
 */
export async function waitFor(page: Page, expr: string, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expr)) return;
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expr}`);
    await sleep(20);
  }
}

export async function measure(page: Page, kind: 'zoom' | 'search' | 'expand', event: 'click' | 'keydown', key: string | undefined, act: () => Promise<void>): Promise<Sample> {
  await page.evaluate(`window.__ab.arm(${JSON.stringify(kind)}, ${JSON.stringify({ event, key, timeoutMs: 15_000 })})`);
  await act();
  return await page.evaluate<Sample>('window.__ab.pending');
}
