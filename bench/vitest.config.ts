/**
 * Runs the bench folder's own tests until the main config includes the bench tests (bench, any depth, *.test.ts):
 *   npx vitest run -c bench/vitest.config.ts
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: { environment: 'node', include: ['bench/**/*.test.ts'] },
});
