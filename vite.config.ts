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

/** Dev server and preview listen on loopback only; the ports are fixed so Playwright can find them. */
const host = '127.0.0.1';

export default defineConfig({
  plugins: [react(), csp],
  worker: { format: 'es' },
  server: { host, port: 5173, strictPort: true },
  preview: { host, port: 4173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
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
