/** The interaction scenarios on a loaded trace (step 5): zoom, pan and zoom, expand, search. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from '@playwright/test';
import { measure, settle, stats, waitFor, type InteractionStats, type Sample } from './page-timing';

async function showFlame(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Flame graph' }).click();
  await waitFor(page, `Number(document.querySelector('[data-testid=flame-graph]')?.dataset.frames) > 0 && document.querySelector('[data-testid=flame-graph]')?.dataset.drawMs !== undefined`, 60_000);
  await settle(page);
}

/** (a) Click a frame on the second row (a task's first function) at spread positions; then Escape twice. */
export async function zoomBench(page: Page, reps: number): Promise<{ zoomIn: InteractionStats; zoomOut: InteractionStats; names: string[] }> {
  await showFlame(page);
  const canvas = page.getByRole('img', { name: 'Flame graph' });
  const box = (await canvas.boundingBox())!;
  const rowY = (depth: number) => box.y + box.height - 18 * depth - 9;
  const tooltip = page.getByTestId('frame-tooltip');
  const ins: Sample[] = [];
  const outs: Sample[] = [];
  const names: string[] = [];
  const tried = new Set<string>();
  const candidates = Array.from({ length: 4 * reps }, (_, k) => 0.02 + (0.96 * ((k * 7) % (4 * reps))) / (4 * reps));
  for (const fx of candidates) {
    if (ins.length >= reps) break;
    const x = box.x + box.width * fx;
    await page.mouse.move(x, rowY(1));
    const shown = await tooltip.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false);
    if (!shown) continue;
    const name = ((await tooltip.locator('.frame-tooltip-name').textContent()) ?? '').trim();
    const key = `${name}@${Math.round(fx * 20)}`;
    if (tried.has(key)) continue;
    tried.add(key);
    await settle(page);
    const s = await measure(page, 'zoom', 'click', undefined, () => page.mouse.click(x, rowY(1)));
    if (s.timeout) continue; // not a zoomable frame after all
    ins.push(s);
    names.push(s.value ?? name);
    await settle(page);
    // Escape: one level up (the task), then to all tasks; the canvas has the focus after the click.
    outs.push(await measure(page, 'zoom', 'keydown', 'Escape', () => page.keyboard.press('Escape')));
    await settle(page, 100);
    await page.keyboard.press('Escape');
    await waitFor(page, `document.querySelector('[data-testid=flame-graph]').dataset.zoomRoot === ''`, 30_000);
    await settle(page);
  }
  const parts = (s: Sample) => ({
    'input → zoom root answered': s.change - s.input,
    'answered → drawn': s.drawn - s.change,
    'draw (data-draw-ms)': s.drawMs,
    'drawn → frame end': s.painted - s.drawn,
  });
  return { zoomIn: stats(ins, parts), zoomOut: stats(outs, parts), names };
}

export interface GestureFrames {
  /** Animation frames during the gestures, and the gestures' wall time (ms). */
  frames: number;
  spanMs: number;
  /** Intervals between consecutive animation frames (ms). */
  intervals: number[];
  /** Main-thread cost of each flame-graph redraw (data-draw-ms). */
  draws: number[];
  longTasks: number[];
}

/**
 * (d) Pan and zoom at 60 fps: wheel zoom in and out around the middle of the flame graph,
 * then a drag pan, every input one frame apart, while the page records every animation
 * frame, every redraw's cost and every long task.
 */
export async function panZoomBench(page: Page): Promise<GestureFrames> {
  await showFlame(page);
  const box = (await page.getByRole('img', { name: 'Flame graph' }).boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await settle(page);
  await page.evaluate('window.__ab.recordFrames()');
  const t0 = performance.now();
  const frame = () => sleep(16);
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, -60);
    await frame();
  }
  await page.mouse.down();
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(cx + (i % 30 < 15 ? 8 : -8) * (i % 15), cy);
    await frame();
  }
  await page.mouse.up();
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 60);
    await frame();
  }
  const spanMs = performance.now() - t0;
  const r = await page.evaluate<{ frames: number[]; draws: number[]; longTasks: number[] }>('window.__ab.stopFrames()');
  await page.keyboard.press('Escape');
  await settle(page);
  const intervals = r.frames.slice(1).map((t, i) => t - r.frames[i]);
  return { frames: r.frames.length, spanMs, intervals, draws: r.draws, longTasks: r.longTasks };
}

/** (b) ArrowRight on a collapsed focused row: a root, then its first child; next root. */
export async function expandBench(page: Page, reps: number): Promise<InteractionStats & { levels: number[]; childRows: number[] }> {
  await page.getByRole('tab', { name: 'Call tree' }).click();
  const grid = page.getByRole('treegrid', { name: 'Call tree' });
  await grid.locator('[role=row][aria-level="1"]').first().waitFor({ timeout: 60_000 });
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  const focused = () =>
    page.evaluate<{ level: number; expanded: string | null; index: number } | null>(
      `(() => { const r = document.querySelector('[role=treegrid] [role=row][aria-selected=true]'); return r ? { level: Number(r.getAttribute('aria-level')), expanded: r.getAttribute('aria-expanded'), index: Number(r.getAttribute('aria-rowindex')) } : null; })()`,
    );
  const waitFocus = (pred: string) =>
    waitFor(page, `(() => { const r = document.querySelector('[role=treegrid] [role=row][aria-selected=true]'); return r && (${pred}); })()`, 30_000);
  await waitFocus(`r.getAttribute('aria-level') === '1'`);
  await settle(page);
  const samples: Sample[] = [];
  const levels: number[] = [];
  const childRows: number[] = [];
  const expandHere = async () => {
    const f = await focused();
    if (!f || f.expanded !== 'false') return false;
    const s = await measure(page, 'expand', 'keydown', 'ArrowRight', () => page.keyboard.press('ArrowRight'));
    samples.push(s);
    levels.push(f.level);
    childRows.push(Number(s.value ?? 0));
    await settle(page);
    return !s.timeout;
  };
  for (let root = 0; samples.length < reps && root < 4 * reps; root++) {
    const top = await focused();
    if (!top) break;
    if (await expandHere()) {
      // Into the first child; expand it too when it has children.
      await page.keyboard.press('ArrowRight');
      await waitFocus(`r.getAttribute('aria-level') === '2'`);
      await settle(page, 100);
      if (samples.length < reps && (await expandHere())) {
        await page.keyboard.press('ArrowLeft'); // collapse the child
        await waitFocus(`r.getAttribute('aria-expanded') !== 'true'`);
      }
      await page.keyboard.press('ArrowLeft'); // to the root
      await waitFocus(`r.getAttribute('aria-level') === '1'`);
      await page.keyboard.press('ArrowLeft'); // collapse the root
      await waitFocus(`r.getAttribute('aria-expanded') !== 'true'`);
      await settle(page, 100);
    }
    const before = top.index;
    await page.keyboard.press('ArrowDown');
    const moved = await waitFocus(`Number(r.getAttribute('aria-rowindex')) !== ${before}`).then(() => true, () => false);
    if (!moved) break;
    await settle(page, 100);
  }
  const st = stats(samples, (s) => ({
    'input → rows in the DOM': s.change - s.input,
    'rows in the DOM → frame end': s.painted - s.change,
  }));
  return { ...st, levels, childRows };
}

/** (c) One keystroke at a time into the search box (each after the previous one settled). */
export async function searchBench(page: Page, reps: number): Promise<InteractionStats & { toCommit: number[]; afterCommit: number[]; typed: string[] }> {
  await showFlame(page);
  const box = page.getByRole('searchbox', { name: 'Search functions' });
  const words = ['sched', 'tcp_s', 'vfs_r', 'kmall', 'mutex', 'irq_e'];
  const samples: Sample[] = [];
  const typed: string[] = [];
  for (const w of words) {
    if (samples.length >= reps) break;
    await box.click();
    await settle(page);
    for (const ch of w) {
      if (samples.length >= reps) break;
      const s = await measure(page, 'search', 'keydown', ch, () => page.keyboard.press(ch));
      samples.push(s);
      typed.push(await box.inputValue());
      await settle(page);
    }
    // Escape clears the search.
    await page.keyboard.press('Escape');
    await waitFor(page, `document.querySelector('[data-testid=flame-graph]').dataset.matchedFrames === ''`, 30_000);
    await settle(page);
  }
  const st = stats(samples, (s) => ({
    'input → search committed': s.commit - s.input,
    'committed → matches answered': s.change - s.commit,
    'answered → drawn': s.drawn - s.change,
    'draw (data-draw-ms)': s.drawMs,
    'drawn → frame end': s.painted - s.drawn,
  }));
  const ok = samples.filter((s) => !s.timeout && s.painted >= 0);
  return {
    ...st,
    toCommit: ok.map((s) => s.commit - s.input),
    afterCommit: ok.map((s) => s.painted - s.commit),
    typed,
  };
}
