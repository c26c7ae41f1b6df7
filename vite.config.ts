/// <reference types="vitest/config" />
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Dev server and preview listen on loopback only; the ports are fixed so Playwright can find them. */
const host = '127.0.0.1';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host, port: 5173, strictPort: true },
  preview: { host, port: 4173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts'],
    // Many tests parse the real 36 MB seed trace: seconds each on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
