/**
 * The read stage of a load alone, with no model built: for the text, the one-pass parsers
 * (range-parser.ts over the whole input as one range, as the CLI's main thread reads its
 * range); for a trace.dat, the reader's decode and merge of the CPUs' streams. Both hand
 * each record to a sink that counts it, so that the two can be compared per call where the
 * text has lines to scan and the binary has none (issue 14), without the builder both share.
 */
import { StringTable } from '../src/core/model/string-table';
import { planRanges } from '../src/core/parallel/plan';
import { RangeParser, type RecordSink } from '../src/core/parallel/range-parser';
import { RecordKind, type LineRecord } from '../src/core/parse/record';
import { readTraceDat } from '../src/core/trace-dat/read-records';
import type { ByteSource } from '../src/core/trace-dat/source';

/**
 * Records the text parsers read from `chunks` (the whole input of `size` bytes, in order;
 * `head`, its first PLAN_HEAD_BYTES or all, decides the format). In Node and in the browser.
 */
export async function countTextRecords(head: Uint8Array, chunks: AsyncIterable<Uint8Array>, size: number): Promise<number> {
  const plan = planRanges(head, size, 1);
  if (!plan) throw new Error('the head of the text decides no format the parsers read in ranges');
  let records = 0;
  const sink: RecordSink = {
    funcs: new StringTable(),
    add: () => records++,
    addFast: () => records++,
  };
  const parser = new RangeParser({ format: plan.format, first: true, headLines: plan.headLines, sink });
  for await (const chunk of chunks) parser.push(chunk);
  parser.finish();
  return records;
}

/** Records (drop markers and stack frames included) the trace.dat reader hands over. */
export async function countDatRecords(source: ByteSource): Promise<number> {
  let records = 0;
  // The fast lane takes a function once its name is in the table, as the builder's does.
  const strings = new StringTable();
  const take = (r: LineRecord): void => {
    records++;
    if ((r.kind === RecordKind.Entry || r.kind === RecordKind.Exit) && r.name !== '') strings.intern(r.name);
  };
  await readTraceDat(source, {
    record: take,
    graph: () => {
      records++;
      return true;
    },
    error: () => {},
    strings,
  });
  return records;
}
