/**
 * A trace.dat to a model: the records of read-records.ts fed to the same builder as the
 * text parsers' (model/builder.ts), so a call's duration is the kernel's rettime - calltime
 * and everything after the builder (queries, views) works unchanged.
 *
 * A record's "line" in the diagnostics is its position in trace-cmd's order (1-based),
 * drop markers and stack frames included.
 */
import { TraceBuilder } from '../model/builder';
import type { TraceModel } from '../model/tables';
import { TraceDatError } from './errors';
import { releaseOfUname } from './metadata';
import { readTraceDat, type ReadTraceDatOptions } from './read-records';
import type { ByteSource } from './source';

/** A compressed trace.dat holds about one call per 12 bytes (function_graph, zstd). */
const BYTES_PER_CALL_GUESS = 12;

export async function loadTraceDat(source: ByteSource, options: ReadTraceDatOptions = {}): Promise<TraceModel> {
  const builder = new TraceBuilder(Math.min(source.size / BYTES_PER_CALL_GUESS, 50_000_000));
  let line = 0;
  const inputError = (message: string): void => {
    builder.diagnostics.inputErrors.push(message);
    builder.diagnostics.items.push({ line, kind: 'input', message, call: -1 });
  };
  let format: TraceModel['format'] = 'trace-cmd-dat';
  try {
    const { meta } = await readTraceDat(
      source,
      {
        record: (r) => builder.add(r, ++line),
        error: inputError,
      },
      options,
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
  // textBytes stays 0: there is no text.
  return builder.finish(format);
}

/** Adds a problem of the input around the trace.dat (a gzip stream that stops early) to a model read. */
export function addInputError(model: TraceModel, message: string): void {
  model.diagnostics.inputErrors.unshift(message);
  model.diagnostics.items.push({ line: model.diagnostics.linesRead, kind: 'input', message, call: -1 });
}
