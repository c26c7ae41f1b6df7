import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { availableParallelism } from 'node:os';

/**
 * The static Content-Security-Policy of the built page: no inline or foreign scripts, no
 * plugins, workers from this origin only. `connect-src` is added at start by main.tsx
 * (this origin plus a requested trace URL). Only in the build: the dev server injects
 * inline scripts for hot reload.
 */
const STATIC_CSP = [
  "script-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

const csp: Plugin = {
  name: 'ftrace-explorer-csp',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: STATIC_CSP }, injectTo: 'head-prepend' },
  ],
};

/**
 * V8's explicit compile hint (Chrome 136+), first in every script the build writes: the
 * engine compiles each function as the script loads, on a background thread, instead of
 * on the page's or worker's thread the first time it runs. Without it, the first trace's
 * views compiled about 55 ms of functions on the page's thread after `ready` and 20 ms in
 * the trace worker (a Chrome trace of the 1M-call load, 2026-12-07); with it, the time from
 * ready to the flame graph drawn went from a median of 465 to 406 ms, and in a second run
 * from 379 to 357 ms (8 loads of each build, alternated). Other engines read a comment.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** Dev server and preview listen on loopback only; the ports are fixed so Playwright can find them. */
const host = '127.0.0.1';

export default defineConfig({
  plugins: [react(), csp],
  worker: { format: 'es', rolldownOptions: { output: { postBanner: COMPILE_HINT } } },
  server: { host, port: 5173, strictPort: true },
  preview: { host, port: 4173, strictPort: true },
  build: { target: 'es2022', sourcemap: true, rolldownOptions: { output: { postBanner: COMPILE_HINT } } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Many tests parse the real 36 MB seed trace: seconds each on a busy 2-core machine.
    testTimeout: 30_000,
    // Every core: Vitest's default keeps one back for a watcher, which on CI's 2 cores
    // halves the rate of a suite whose tests are all CPU-bound.
    maxWorkers: availableParallelism(),
  },
});
