/**
 * A trace.dat to a model: the records of read-records.ts fed to the same builder as the
 * text parsers' (model/builder.ts), so a call's duration is the kernel's rettime - calltime
 * and everything after the builder (queries, views) works unchanged.
 *
 * A record's "line" in the diagnostics is its position in trace-cmd's order (1-based),
 * drop markers and stack frames included.
 */
import { TraceLoader } from '../load';
import { TraceBuilder } from '../model/builder';
import type { TraceModel } from '../model/tables';
import { TraceDatError } from './errors';
import { releaseOfUname } from './metadata';
import { readTraceDat, type ReadTraceDatOptions } from './read-records';
import type { ByteSource } from './source';

/**
 * The call table is sized at the guess (call-count-guess.ts: within 3% on the recorded
 * files and the benchmark's) plus a tenth: a table that fills up is copied as it grows, while
 * slack under a quarter is kept, never written and so never paged in (CallTable.trim).
 */
export const SIZE_SLACK = 1.1;
/** The most calls the table is sized for ahead (a damaged header could claim any size). */
const MAX_GUESSED_CALLS = 50_000_000;

export interface LoadTraceDatOptions extends ReadTraceDatOptions {
  /**
   * The most calls the caller can hold (its memory limit): the reading stops once the model
   * has more, and the call table is sized no larger ahead. The caller tells the user why.
   */
  maxCalls?: number;
}

export async function loadTraceDat(source: ByteSource, options: LoadTraceDatOptions = {}): Promise<TraceModel> {
  const builder = new TraceBuilder();
  const maxCalls = options.maxCalls ?? Number.POSITIVE_INFINITY;
  const readOptions: ReadTraceDatOptions = {
    onProgress: options.onProgress,
    shouldStop: () => builder.callCount > maxCalls || (options.shouldStop?.() ?? false),
  };
  let line = 0;
  const inputError = (message: string): void => builder.addInputError(message, line);
  let format: TraceModel['format'] = 'trace-cmd-dat';
  /** A latency tracer's file: its text, read by the text parser. */
  let text: TraceLoader | null = null;
  const errors: string[] = [];
  try {
    const { meta } = await readTraceDat(
      source,
      {
        record: (r) => builder.add(r, ++line),
        graph: (g) => {
          if (!builder.addGraphRecord(g, line + 1)) return false;
          line++;
          return true;
        },
        pair: (entry, exit) => {
          if (!builder.addExactPair(entry, exit, line + 1)) return false;
          line += 2;
          return true;
        },
        error: (message) => {
          errors.push(message);
          inputError(message);
        },
        text: (chunk) => (text ??= new TraceLoader()).pushBytes(chunk),
        sized: (calls) => builder.calls.reserve(Math.min(calls * SIZE_SLACK, MAX_GUESSED_CALLS, maxCalls + 1)),
        strings: builder.strings,
      },
      readOptions,
    );
    builder.cpuCount = meta.cpuCount;
    // The kernel it was recorded on (the Summary shows it; source links default to it).
    builder.kernelRelease = releaseOfUname(meta.uname);
  } catch (err) {
    // The headers could not be read: nothing of the trace can be.
    if (!(err instanceof TraceDatError)) throw err;
    inputError(err.message);
    if (line === 0) format = 'unknown';
  }
  if (text) return latencyModel(text, builder, errors);
  // textBytes stays 0: there is no text.
  return builder.finish(format);
}

/** The model of a latency file's text, with the file's kernel and CPU count and the reader's errors. */
function latencyModel(text: TraceLoader, fromHeaders: TraceBuilder, errors: string[]): TraceModel {
  for (const e of errors) text.addInputError(e);
  const model = text.finish();
  if (!model.kernelRelease && fromHeaders.kernelRelease) model.kernelRelease = fromHeaders.kernelRelease;
  if (fromHeaders.cpuCount > 0 && !(model.cpuCount > 0)) model.cpuCount = fromHeaders.cpuCount;
  return model;
}

/** Adds a problem of the input around the trace.dat (a gzip stream that stops early) to a model read. */
export function addInputError(model: TraceModel, message: string): void {
  model.diagnostics.inputErrors.unshift(message);
  model.diagnostics.items.push({ line: model.diagnostics.linesRead, kind: 'input', message, call: -1 });
}
