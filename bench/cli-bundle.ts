/**
 * The CLI as it ships, one JavaScript file per thread: node-pipeline.ts and the range
 * worker bundled side by side from `srcRoot` (this checkout, or an archive of a commit).
 * From TypeScript source each worker thread would first spend half a second of CPU
 * registering tsx's loader, which is no part of the parse. Returns the pipeline's path.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function bundleCliPipeline(srcRoot: string, outDir: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: { 'node-pipeline': join(srcRoot, 'bench/node-pipeline.ts'), 'range-worker': join(srcRoot, 'src/cli/range-worker.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // An archived commit has no node_modules of its own: this checkout's serve it.
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'error',
  });
  return join(outDir, 'node-pipeline.mjs');
}
