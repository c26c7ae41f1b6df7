/**
 * A trace.dat's model the plain way: every record decoded on its own (the DataView `decode`)
 * and added to the builder one by one, none of the loader's shortcuts (pairs, string-table
 * ids, word reads), for tests that hold a shortcut's model against it.
 */
import { TraceBuilder } from '../core/model/builder';
import type { TraceModel } from '../core/model/tables';
import { releaseOfUname } from '../core/trace-dat/metadata';
import { readTraceDat } from '../core/trace-dat/read-records';
import { memorySource } from '../core/trace-dat/source';

export async function datModelRecordByRecord(bytes: Uint8Array): Promise<TraceModel> {
  const builder = new TraceBuilder();
  let line = 0;
  const { meta } = await readTraceDat(memorySource(bytes), {
    record: (r) => builder.add(r, ++line),
    error: (message) => builder.addInputError(message, line),
  });
  builder.cpuCount = meta.cpuCount;
  builder.kernelRelease = releaseOfUname(meta.uname);
  return builder.finish('trace-cmd-dat');
}
