/**
 * Runs one fuzz case: the core loader (as the CLI drives it) in each of the case's
 * chunkings, then the worker's service on a Blob or a chunked stream (gzipped sometimes),
 * and checks the properties (properties.ts).
 */
import { gzipSync } from 'node:zlib';
import { TraceLoader } from '../../src/core/load';
import type { TraceModel } from '../../src/core/model/tables';
import { summarize, summarizeOpening } from '../../src/core/query/summary';
import { TraceService } from '../../src/service/trace-service';
import { emptyTraceMessage } from '../../src/service/load/read-trace';
import { chunksOf, type FuzzCase } from './cases';
import { chunkListSource } from '../../src/core/trace-dat/source';
import { loadTraceDat } from '../../src/core/trace-dat/load-trace-dat';
import { isTraceDat } from '../../src/core/trace-dat/read-metadata';
import {
  checkDatErrors,
  checkDiagnostics,
  checkLines,
  checkNesting,
  checkSelf,
  checkSelfSum,
  deepDifference,
  modelDifference,
  type Failure,
} from './properties';
import { checkFirstFlameGraph } from './first-flame-graph';
import { checkSeams } from './seams';

export interface CaseResult {
  index: number;
  bytes: number;
  /** CPU time of the first core load (this process, user + system). */
  cpuMs: number;
  wallMs: number;
  failures: Failure[];
}

export interface RunOptions {
  /** Also check issue 10 §1's per-task sum of self times. */
  selfSum: boolean;
}

/**
 * The CPU time a load of `bytes` in `chunks` chunks may take: far above the ~10–50 ns a byte
 * the loader needs, far below what a quadratic path on these sizes costs.
 */
export function timeLimitMs(bytes: number, chunks: number): number {
  return 2000 + bytes * 0.001 + chunks * 0.02;
}

const errorText = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);

function loadCore(c: FuzzCase, chunking: number[]): { model: TraceModel; binary: boolean; chunks: number } {
  const loader = new TraceLoader(c.bytes.length);
  let chunks = 0;
  for (const chunk of chunksOf(c.bytes, chunking)) {
    // A copy: the loader must not depend on the caller's buffer staying as it was.
    loader.pushBytes(chunk.slice());
    chunks++;
  }
  return { model: loader.finish(), binary: loader.isBinary, chunks };
}

function streamOf(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  const it = chunksOf(bytes, sizes);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value.slice());
    },
  });
}

/** The service's input: the case bytes, or their gzip (one member, or two: `cat a.gz b.gz`). */
function serviceInput(c: FuzzCase): Uint8Array<ArrayBuffer> {
  if (c.serviceGzip === 0) return new Uint8Array(c.bytes);
  if (c.serviceGzip === 1) return new Uint8Array(gzipSync(c.bytes));
  const half = c.bytes.length >> 1;
  const a = gzipSync(c.bytes.subarray(0, half));
  const b = gzipSync(c.bytes.subarray(half));
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A trace.dat through the binary reader, its source split into the chunking's pieces. */
async function loadDat(c: FuzzCase, chunking: number[]): Promise<{ model: TraceModel; binary: boolean; chunks: number }> {
  // A damaged magic is no trace.dat any more: the CLI and the app read it as text.
  if (!isTraceDat(c.bytes.subarray(0, 16))) return loadCore(c, chunking);
  const pieces = [...chunksOf(c.bytes, chunking)].map((p) => p.slice());
  return { model: await loadTraceDat(chunkListSource(pieces)), binary: true, chunks: pieces.length };
}

export async function runCase(c: FuzzCase, opts: RunOptions): Promise<CaseResult> {
  const failures: Failure[] = [];
  const wall = performance.now();
  const input = Buffer.from(c.bytes).toString('utf8');
  let first: { model: TraceModel; binary: boolean } | undefined;
  let cpuMs = 0;
  for (let k = 0; k < c.chunkings.length; k++) {
    const chunking = c.chunkings[k];
    let loaded: ReturnType<typeof loadCore>;
    const cpu = process.cpuUsage();
    try {
      loaded = c.binary ? await loadDat(c, chunking) : loadCore(c, chunking);
    } catch (err) {
      failures.push({ property: 'exception', message: `core load (chunks ${describeChunking(chunking)}): ${errorText(err)}` });
      continue;
    }
    const used = process.cpuUsage(cpu);
    if (k === 0) {
      cpuMs = (used.user + used.system) / 1000;
      const limit = timeLimitMs(c.bytes.length, loaded.chunks);
      if (cpuMs > limit) failures.push({ property: 'time', message: `core load took ${cpuMs.toFixed(0)} ms of CPU for ${c.bytes.length} bytes (limit ${limit.toFixed(0)} ms)` });
    }
    if (!first) {
      first = loaded;
      try {
        const m = loaded.model;
        if (c.binary && isTraceDat(c.bytes.subarray(0, 16))) failures.push(...checkDatErrors(m, c.bytes.length));
        else failures.push(...checkLines(m, c.bytes, loaded.binary));
        failures.push(...checkSelf(m), ...checkNesting(m), ...checkDiagnostics(m, input));
        if (opts.selfSum) failures.push(...checkSelfSum(m));
        failures.push(...checkFirstFlameGraph(m));
      } catch (err) {
        failures.push({ property: 'exception', message: `checking the model: ${errorText(err)}` });
      }
      continue;
    }
    const diff = modelDifference(first.model, loaded.model);
    if (diff) failures.push({ property: 'chunking', message: `chunks ${describeChunking(chunking)} vs ${describeChunking(c.chunkings[0])}: ${diff}` });
  }
  if (first && !c.binary) {
    try {
      failures.push(...checkSeams(c.bytes, c.seams, first.model));
    } catch (err) {
      failures.push({ property: 'exception', message: `checking the seams: ${errorText(err)}` });
    }
  }
  if (first) await checkService(c, first.model, failures);
  return { index: c.index, bytes: c.bytes.length, cpuMs, wallMs: performance.now() - wall, failures };
}

async function checkService(c: FuzzCase, model: TraceModel, failures: Failure[]): Promise<void> {
  const how = `${c.serviceGzip === 0 ? 'plain' : c.serviceGzip === 1 ? 'gzip' : 'two gzip members'} ${c.serviceChunks ? `stream ${describeChunking(c.serviceChunks)}` : 'Blob'}`;
  let summary;
  let whole;
  try {
    const bytes = serviceInput(c);
    const service = new TraceService();
    const source = c.serviceChunks ? streamOf(bytes, c.serviceChunks) : new Blob([bytes]);
    const r = await service.load(source, { name: 'fuzz' });
    if (r.kind === 'cancelled') {
      failures.push({ property: 'service', message: `${how}: the load was cancelled` });
      return;
    }
    if (r.kind === 'failed' && model.format !== 'unknown') {
      // A trace of its header only is refused by name (read-trace.ts emptyTraceMessage): the
      // service fails it with the message the core's model gives, and nothing else is checked.
      if (r.message === emptyTraceMessage(model)) return;
      failures.push({ property: 'service', message: `${how}: failed (${r.message}) where the core read ${model.format}` });
      return;
    }
    if (r.kind === 'loaded' && model.format === 'unknown') {
      failures.push({ property: 'service', message: `${how}: loaded where the core found no format` });
    }
    summary = r.summary;
    if (summary === null && (model.format !== 'unknown' || model.diagnostics.unparsedLines > 0)) {
      failures.push({ property: 'service', message: `${how}: no summary` });
      return;
    }
    // The load answers the facts (OpeningSummary); the functions come when asked, of a
    // trace it keeps (a failed load answers its facts for the diagnostics, and keeps none).
    if (r.kind === 'loaded') whole = service.summary();
  } catch (err) {
    failures.push({ property: 'exception', message: `service load (${how}): ${errorText(err)}` });
    return;
  }
  if (summary === null) return;
  const diff =
    deepDifference(summary, summarizeOpening(model), 'summary') ?? (whole === undefined ? null : deepDifference(whole, summarize(model), 'summary()'));
  if (diff) failures.push({ property: 'service', message: `${how}: the service's summary differs from the core's: ${diff}` });
}

export function describeChunking(sizes: number[]): string {
  if (sizes.length === 1) return `of ${sizes[0]}`;
  const head = sizes.slice(0, 6).join(',');
  return `[${head}${sizes.length > 6 ? `,… ${sizes.length} chunks` : ''}]`;
}
