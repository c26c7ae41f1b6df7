/**
 * The traces of the app benchmark: generated once with bench/generate.ts into
 * $TMPDIR/ftrace-explorer-app-bench and reused while the generator version and options
 * are the same (a `.json` next to each trace records them).
 *
 *   tsx bench/app/traces.ts            (generates both, prints their paths)
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GENERATOR_VERSION, generateTraceFile, type GenerateOptions } from '../generate';

export const TRACE_DIR = join(tmpdir(), 'ftrace-explorer-app-bench');

export interface BenchTrace {
  path: string;
  bytes: number;
  calls: number;
  lines: number;
  maxDepth: number;
  functionsUsed: number;
  /** Generation time in this run, or 0 when reused. */
  generatedMs: number;
}

interface Meta {
  version: number;
  opts: GenerateOptions;
  stats: { bytes: number; calls: number; lines: number; maxDepth: number; functionsUsed: number };
}

/** The trace with `calls` calls (seed 1), generated unless an identical one is on disk. */
export function benchTrace(calls: number, seed = 1, log: (s: string) => void = (s) => process.stderr.write(s)): BenchTrace {
  mkdirSync(TRACE_DIR, { recursive: true });
  const path = join(TRACE_DIR, `trace-${calls}calls-seed${seed}.report.txt`);
  const metaPath = `${path}.json`;
  const opts: GenerateOptions = { targetCalls: calls, seed };
  if (existsSync(path) && existsSync(metaPath)) {
    try {
      const m = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
      if (m.version === GENERATOR_VERSION && JSON.stringify(m.opts) === JSON.stringify(opts) && statSync(path).size === m.stats.bytes) {
        return { path, ...m.stats, generatedMs: 0 };
      }
    } catch {
      /* regenerate */
    }
  }
  log(`generating ${calls.toLocaleString('en-US')} calls into ${path} … `);
  const s = generateTraceFile(path, opts);
  log(`${(s.elapsedMs / 1000).toFixed(1)} s, ${(s.bytes / 1e6).toFixed(1)} MB\n`);
  const stats = { bytes: s.bytes, calls: s.calls, lines: s.lines, maxDepth: s.maxDepth, functionsUsed: s.functionsUsed };
  const meta: Meta = { version: GENERATOR_VERSION, opts, stats };
  writeFileSync(metaPath, JSON.stringify(meta));
  return { path, ...stats, generatedMs: s.elapsedMs };
}

/** `trace` gzipped next to it (level 6, as `gzip` does), made once. */
export function gzippedTrace(trace: BenchTrace): { path: string; bytes: number } {
  const path = `${trace.path}.gz`;
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(trace.path).mtimeMs) {
    writeFileSync(path, gzipSync(readFileSync(trace.path), { level: 6 }));
  }
  return { path, bytes: statSync(path).size };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const n of [1_000_000, 5_000_000]) console.log(benchTrace(n).path);
}
