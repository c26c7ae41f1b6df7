/**
 * The guess of a trace.dat's calls that sizes the call table before any record
 * (call-count-guess.ts): close to the calls the model ends with on every recorded file
 * (function_graph and function tracers; zstd, uncompressed and version 6 copies), so that
 * the table is sized once, neither grown nor trimmed; and, when the first blocks hold no
 * call to count by, the CPU data's bytes over a function_graph call's.
 */
import { describe, expect, it } from 'vitest';
import { loadTraceDat, SIZE_SLACK } from './load-trace-dat';
import { readTraceDat } from './read-records';
import { readMetadata } from './read-metadata';
import { memorySource } from './source';
import { traceBytes } from '../../test-utils/traces';
import { writeTraceDat, type PageItem } from '../../test-utils/trace-dat-writer';

const RECORDED = [
  '01-seed-curl-fgraph.dat',
  '02-midstream-nc-fgraph.dat',
  '02-midstream-nc-fgraph.v6.dat.gz',
  '03-systemwide-sched-irq.dat',
  '06-function-curl.dat',
  '06-function-stacktrace.none.dat.gz',
];

async function guessOf(bytes: Uint8Array): Promise<number> {
  let guess = Number.NaN;
  let sizedBeforeRecords = true;
  let records = 0;
  await readTraceDat(memorySource(bytes), {
    record: () => void records++,
    error: () => undefined,
    sized: (calls) => {
      sizedBeforeRecords = records === 0;
      guess = calls;
    },
  });
  expect(sizedBeforeRecords).toBe(true);
  return guess;
}

describe('the guess of the calls in a trace.dat', () => {
  it.each(RECORDED)('%s: within 5 percent of the calls of its model, which sizes its call table once', async (name) => {
    const bytes = traceBytes(name);
    const guess = await guessOf(bytes);
    const model = await loadTraceDat(memorySource(bytes));
    const calls = model.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(Math.abs(guess - calls)).toBeLessThanOrEqual(Math.max(1, calls * 0.05));
    // The capacity the guess asked for stands: the table never grew, nor was it trimmed.
    expect(model.calls.func.length).toBe(Math.max(1024, Math.floor(guess * SIZE_SLACK)));
  });

  it('takes the bytes of a function_graph call when the first blocks hold no call (entries only)', async () => {
    const pageSize = 4096;
    const items: PageItem[] = [];
    for (let k = 0; k < 40; k++) items.push({ ts: 1_000 + k, event: { kind: 'entry', pid: 139, func: 0xffffffff81000100n, depth: k } });
    const bytes = writeTraceDat({
      version: 7,
      pageSize,
      kallsyms: 'ffffffff81000100 T tcp_sendmsg',
      cmdlines: '139 curl\n',
      cpus: [{ cpu: 0, pages: [{ ts: 1_000, items }, { ts: 2_000, items: items.map((i) => ('ts' in i ? { ...i, ts: i.ts + 1_000 } : i)) }] }],
    });
    expect(await guessOf(bytes)).toBe((2 * pageSize) / 64);
  });
});

describe('the guess from a damaged chunk count', () => {
  it('stays within a compression ratio of the compressed data, and the file still loads', async () => {
    const bytes = traceBytes('02-midstream-nc-fgraph.dat').slice();
    const { meta } = await readMetadata(memorySource(bytes));
    const cpu = meta.buffers[0].cpus.find((c) => c.size > 0)!;
    // The chunk table's count, the first u32 of the CPU's data: a count no file holds.
    new DataView(bytes.buffer).setUint32(cpu.offset, 0x7fffffff, meta.littleEndian);
    const guess = await guessOf(bytes);
    let compressed = 0;
    for (const c of meta.buffers[0].cpus) compressed += c.size;
    // At most 32 times the compressed bytes uncompressed, at about 68 bytes a call (well over 20).
    expect(guess).toBeLessThan((compressed * 32) / 20);
    const model = await loadTraceDat(memorySource(bytes));
    expect(model.calls.length).toBeGreaterThan(0);
    expect(model.diagnostics.inputErrors.join('\n')).toMatch(/CPU \d+ data/);
  });
});
