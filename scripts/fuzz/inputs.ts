/**
 * The inputs the fuzzer mutates: windows of the real traces in test/traces (their first
 * lines kept, so the format is still detected) and small traces from the bench generator.
 * Everything is a "byte string" (latin1: one char per byte) so mutations stay byte-exact.
 */
import { generateTrace } from '../../bench/generate';
import type { Rng } from '../../bench/rng';
import { traceBytes, traceManifest } from '../../src/test-utils/traces';

export interface BaseInput {
  /** Where it came from, e.g. `05-seed-report-raw.txt lines 12000+800` or `generator seed 7`. */
  origin: string;
  /** Latin1 byte string of the text. */
  text: string;
}

/** The text traces (trace.dat files are binary and are only named, never parsed). */
export const TEXT_TRACES: string[] = traceManifest()
  .files.map((f) => f.file)
  .filter((f) => !f.endsWith('.dat') && f !== 'MANIFEST.json');

/**
 * The binary traces: the recorded trace.dat files and their converted copies, smallest
 * first (the big seed is left out: a case should take seconds, not a minute).
 */
export const DAT_TRACES: string[] = [
  '06-function-stacktrace.dat',
  '06-function-stacktrace.none.dat.gz',
  '02-midstream-nc-fgraph.dat',
  '02-midstream-nc-fgraph.v6.dat.gz',
  '03-systemwide-sched-irq.dat',
];

/** A trace.dat's bytes (a stored `.dat.gz` copy inflated). */
export function datBytes(name: string): Uint8Array {
  return traceBytes(name);
}

/** Lines kept from the start of a trace so detection sees the real header. */
const HEAD_LINES = 12;

interface LoadedTrace {
  text: string;
  /** Offset of the start of each line. */
  lineStarts: Uint32Array;
}

/** Decompressing a 36 MB report takes a while: the last few are kept. */
const cache = new Map<string, LoadedTrace>();
const CACHE_SIZE = 2;

function loadTrace(name: string): LoadedTrace {
  let t = cache.get(name);
  if (t) {
    cache.delete(name);
    cache.set(name, t);
    return t;
  }
  const text = Buffer.from(traceBytes(name)).toString('latin1');
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  t = { text, lineStarts: Uint32Array.from(starts) };
  cache.set(name, t);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return t;
}

/** The first lines of `name` and a window of `lines` lines from a random place. */
export function traceWindow(rng: Rng, name: string, maxLines: number): BaseInput {
  const t = loadTrace(name);
  const n = t.lineStarts.length;
  const lineEnd = (i: number) => (i >= n ? t.text.length : t.lineStarts[i]);
  const head = Math.min(HEAD_LINES, n);
  if (n <= head + maxLines) return { origin: `${name} (whole)`, text: t.text };
  const lines = 1 + rng.int(maxLines);
  const from = head + rng.int(n - head - lines);
  return {
    origin: `${name} lines 1-${head} + ${from + 1}-${from + lines}`,
    text: t.text.slice(0, lineEnd(head)) + t.text.slice(t.lineStarts[from], lineEnd(from + lines)),
  };
}

/** A small synthetic trace-cmd report (several CPUs and tasks, sched events). */
export function generated(rng: Rng): BaseInput {
  const opts = {
    seed: 1 + rng.int(1_000_000),
    cpus: 1 + rng.int(8),
    tasks: 1 + rng.int(30),
    targetCalls: Math.round(rng.logUniform(20, 4000)),
    chunkBytes: 1 << 16,
  };
  const parts: string[] = [];
  generateTrace(opts, (chunk) => parts.push(Buffer.from(chunk).toString('latin1')));
  return { origin: `generator ${JSON.stringify(opts)}`, text: parts.join('') };
}
