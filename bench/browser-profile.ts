/**
 * A CPU profile of one benchmark step in the Chromium worker (bench/browser's page), written
 * as a `.cpuprofile` (read it with bench/profile.ts or Chrome DevTools):
 *
 *   tsx bench/browser-profile.ts FILE STEP OUT.cpuprofile     (STEP: pipeline, dat-pipeline, …)
 *
 * The worker is reached through the page's DevTools session: auto-attach hands over the
 * worker's own session, and its Profiler runs around the step. Also printed: the CPU time of
 * each thread of the renderer over the step (/proc).
 *
 * Environment: PROFILE=0 no profiler (thread CPU times only); SERIES=1 the threads' CPU
 * every 200 ms; PROBE=MS after MS ms ask the worker whether it answers (and with the
 * profiler, stop it and print it: for a step that hangs); TOP=N rows. STEP `sleep`: the
 * page waits 1.5 s in a timer (what an idle page costs).
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession } from '@playwright/test';
import { buildBenchPage, CHROMIUM_ARGS, CHROMIUM_PATH, serve } from './browser-bench';
import type { BenchStep } from './browser/protocol';
import { busiestProfile, formatProfile } from './profile';

/** CPU time (ms) of every thread of this process's Chromium renderers, by thread name. */
function rendererThreads(): Map<string, number> {
  const out = new Map<string, number>();
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const e of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parents.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(e));
    } catch {
      /* gone */
    }
  }
  for (const pid of renderers) {
    let p: number | undefined = pid;
    while (p !== undefined && p > 1 && p !== process.pid) p = parents.get(p);
    if (p !== process.pid) continue;
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const name = `${stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))}/${t}`;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) * 10);
      } catch {
        /* gone */
      }
    }
  }
  return out;
}

/** Commands to one child session, sent through the page's session (Target.sendMessageToTarget). */
function childSession(parent: CDPSession, sessionId: string): <T>(method: string, params?: object) => Promise<T> {
  let id = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  parent.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id!);
    if (m.error) w.reject(new Error(m.error.message));
    else w.resolve(m.result);
  });
  return <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const n = ++id;
      waiting.set(n, { resolve: resolve as (v: unknown) => void, reject });
      void parent.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method, params }) }).catch(reject);
    });
}

async function main(): Promise<void> {
  const [file, step, out] = process.argv.slice(2);
  if (!file || !step || !out) throw new Error('usage: tsx bench/browser-profile.ts FILE STEP OUT.cpuprofile');
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-explorer-prof-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const { server, url } = await buildBenchPage(dir).then(() => serve(dir));
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    const attached = new Promise<string>((resolve) => {
      cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
        if (e.targetInfo.type === 'worker') resolve(e.sessionId);
      });
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await page.goto(url);
    await page.setInputFiles('#file', file);
    // The first step starts the worker; 'release' does nothing else.
    await page.evaluate(() => window.benchStep('release'));
    const send = childSession(cdp, await attached);
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 200 });
    const profiling = process.env.PROFILE !== '0';
    if (profiling) await send('Profiler.start');
    const before = rendererThreads();
    let last = before;
    const series = process.env.SERIES
      ? setInterval(() => {
          const now = rendererThreads();
          console.log([...now].map(([k, v]) => [k, v - (last.get(k) ?? 0)] as const).filter(([, v]) => v > 0).map(([k, v]) => `${k.replace(/\/\d+$/, '')} ${v}`).join(', '));
          last = now;
        }, 200)
      : undefined;
    if (process.env.PROBE) {
      // A step that hangs: is the worker alive, and where is it?
      setTimeout(() => {
        void send<{ result: { value: unknown } }>('Runtime.evaluate', { expression: 'typeof self', returnByValue: true })
          .then(async (v) => {
            console.log('worker answers:', JSON.stringify(v));
            if (!profiling) return;
            const { profile } = await send<{ profile: unknown }>('Profiler.stop');
            writeFileSync(out, JSON.stringify(profile));
            console.log(formatProfile(busiestProfile([out], 12)));
          })
          .catch((e: unknown) => console.log('worker does not answer:', String(e)));
      }, Number(process.env.PROBE));
    }
    const r = (
      step === 'sleep'
        ? await page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve({ ms: 1500 }), 1500)))
        : await page.evaluate((s) => window.benchStep(s), step as BenchStep)
    ) as { ms: number; calls?: number };
    const after = rendererThreads();
    clearInterval(series);
    const { profile } = profiling ? await send<{ profile: unknown }>('Profiler.stop') : { profile: null };
    const threads = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
    console.log(`${step}: ${r.ms.toFixed(0)} ms in the worker`);
    console.log(`renderer CPU by thread: ${threads.map(([k, v]) => `${k} ${v} ms`).join(', ')} (total ${threads.reduce((a, [, v]) => a + v, 0)} ms)`);
    if (!profiling) return;
    writeFileSync(out, JSON.stringify(profile));
    console.log(`${r.calls ?? 0} calls; profile in ${out}`);
    console.log(formatProfile(busiestProfile([out], Number(process.env.TOP ?? 30))));
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
