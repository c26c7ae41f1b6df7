/**
 * How many calls a trace.dat's CPU data holds, guessed before any record is handed on, so
 * that the builder sizes its call table once: a guess too low costs a copy of the table at
 * each growth, one more than a quarter too high a copy when it is trimmed (CallTable.trim).
 * Bytes per call vary with the tracer (function_graph: an entry and an exit, about 68 bytes
 * in pages; function: one record of about 28) and with the other events recorded, and a
 * compressed file's size says little of its pages. So each CPU's first block, read already
 * to find its first record, is counted: its calls (a funcgraph_exit or a function record is
 * one call) per byte, times the CPU data's bytes uncompressed as far as that block tells
 * (CpuStream.dataBytesGuess).
 */
import type { CpuStream } from './cpu-stream';
import type { EventFormats, RecordDecoder } from './record-decoder';

/** Bytes per call when the first blocks hold no call to count by: a function_graph trace's, a little less. */
const DEFAULT_BYTES_PER_CALL = 64;
/** Event names whose every record is one call. */
const CALL_EVENTS = new Set(['funcgraph_exit', 'function']);

export function guessCalls(streams: readonly CpuStream[], formats: EventFormats, decoder: RecordDecoder): number {
  const isCall = new Map<number, boolean>();
  let dataBytes = 0;
  let countedBytes = 0;
  let calls = 0;
  for (const stream of streams) {
    dataBytes += stream.dataBytesGuess;
    countedBytes += stream.visitBlockRecords((view, start) => {
      const id = decoder.type(view, start);
      let call = isCall.get(id);
      if (call === undefined) isCall.set(id, (call = CALL_EVENTS.has(formats.get(id)?.name ?? '')));
      if (call) calls++;
    });
  }
  return calls > 0 ? (dataBytes * calls) / countedBytes : dataBytes / DEFAULT_BYTES_PER_CALL;
}
