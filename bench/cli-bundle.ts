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
  await bundleForNode({ 'node-pipeline': join(srcRoot, 'bench/node-pipeline.ts'), 'range-worker': join(srcRoot, 'src/cli/range-worker.ts') }, outDir);
  return join(outDir, 'node-pipeline.mjs');
}

/** Each entry (name → source) bundled for Node as `outDir/NAME.mjs`; `define`: esbuild's replacements. */
export async function bundleForNode(entryPoints: Record<string, string>, outDir: string, define?: Record<string, string>): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints,
    define,
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
}
