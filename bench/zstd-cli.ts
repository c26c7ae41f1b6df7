/**
 * zstd compression for the benchmark's trace.dat (bench/dat-writer.ts) where there is no
 * `trace-cmd convert`: the `zstd` command, run once over a directory of pieces (one file
 * each), so that thousands of chunks cost one process. Node 20 has no zstd encoder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether the `zstd` command runs here. */
export function hasZstd(): boolean {
  return spawnSync('zstd', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Each piece as one zstd frame (level 3, as trace-cmd compresses), in order. */
export function zstdEach(pieces: readonly Uint8Array[]): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'ftrace-explorer-zstd-'));
  try {
    pieces.forEach((p, k) => writeFileSync(join(dir, String(k)), p));
    const r = spawnSync('zstd', ['-q', '-3', '-r', '--rm', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`zstd failed: ${r.error?.message ?? r.stderr}`);
    return pieces.map((_, k) => new Uint8Array(readFileSync(join(dir, `${k}.zst`))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
