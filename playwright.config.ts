/**
 * End-to-end tests: the production build served by `vite preview` on a fixed loopback
 * port, driven in the system Chromium (no browser download). Screenshots land in
 * test-results/screens/. The dev server (`npm start`, the README's first command) runs
 * too, for e2e/dev-server.spec.ts: development React runs StrictMode's double effects,
 * which the production build never does.
 */
import { defineConfig } from '@playwright/test';

/** Fixed loopback ports; E2E_PORT / E2E_DEV_PORT move them, so two checkouts can run e2e at once. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** The dev server's port (npm start uses 5173; this one stays out of its way). */
export const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 4174);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  // One retry on CI only: a 2-core runner under two browsers can miss a hover by a frame; a test
  // that fails twice fails the run, and the list reporter names any test that needed the retry.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 720 },
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-gpu',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `${BASE_URL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort --logLevel warn`,
      url: `http://127.0.0.1:${DEV_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
