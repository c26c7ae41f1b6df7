/**
 * Where the CPU of the range-parallel load goes, phase by phase, in one thread (so the
 * process's CPU time is the phase's, whatever else runs on the machine): the one-pass load
 * for reference, then a load cut in two as the CLI's `--workers 2` cuts it (core/parallel/
 * cuts.ts): the first range parsed straight into the joining builder (the main thread's
 * share), the second parsed into record batches (the worker's share), and the join of those
 * batches (the main thread again), split into decoding the batches alone and the builder
 * they feed. Each phase is run `--runs` times and the fastest kept.
 *
 *   node --import tsx bench/join-cost.ts FILE [--runs 3]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TraceLoader } from '../src/core/load';
import { nominalCuts } from '../src/core/parallel/cuts';
import { PLAN_HEAD_BYTES, planRanges } from '../src/core/parallel/plan';
import { parseRange } from '../src/core/parallel/load-ranges';
import { RangeJoin } from '../src/core/parallel/range-join';
import { RecordBatchReader } from '../src/core/parallel/record-batch';
import { StringTable } from '../src/core/model/string-table';
import { numberOption } from './args';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } });
const file = positionals[0];
if (!file) throw new Error('usage: bench/join-cost.ts FILE [--runs N]');
const runs = numberOption('runs', values.runs, 3, 1);
const bytes = new Uint8Array(readFileSync(file));
const CHUNK = 1 << 20;

/** CPU ms (user + system) of `fn`, the fastest of `runs`; and its last value. */
function cpu<T>(fn: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    value = fn();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return { ms: best, value };
}

const onePass = cpu(() => {
  const loader = new TraceLoader(bytes.length);
  for (let i = 0; i < bytes.length; i += CHUNK) loader.pushBytes(bytes.subarray(i, i + CHUNK));
  return loader.finish();
});
const plan = planRanges(bytes.subarray(0, PLAN_HEAD_BYTES), bytes.length, nominalCuts(bytes.length, 2));
if (!plan) throw new Error('the file is not one the range parse reads');
const second = cpu(() => parseRange(bytes, plan, 1, CHUNK));
const batches = second.value.batches;
const rows = batches.reduce((n, b) => n + b.length, 0);
const decode = cpu(() => {
  const reader = new RecordBatchReader(new StringTable());
  let n = 0;
  // As the join decodes: rows without rare fields offered to a plain lane (here taking them all).
  const take = () => {
    n++;
    return true;
  };
  for (const b of batches) reader.replay(b, () => n++, take);
  return n;
});
// The main thread's whole share: the first range into the builder, the join, finish.
let firstMs = Infinity;
let joinMs = Infinity;
let finishMs = Infinity;
let calls = 0;
for (let i = 0; i < runs; i++) {
  const join = new RangeJoin(plan.format, bytes.length);
  let t = process.cpuUsage();
  const since = () => {
    const d = process.cpuUsage(t);
    t = process.cpuUsage();
    return (d.user + d.system) / 1000;
  };
  join.startRange();
  join.endRange(parseRange(bytes, plan, 0, CHUNK, undefined, join.directSink()).summary);
  firstMs = Math.min(firstMs, since());
  join.startRange();
  for (const b of batches) join.add(b);
  join.endRange(second.value.summary);
  joinMs = Math.min(joinMs, since());
  calls = join.finish(bytes.length).calls.length;
  finishMs = Math.min(finishMs, since());
}
if (calls !== onePass.value.calls.length) throw new Error(`the joined model has ${calls} calls, the one-pass ${onePass.value.calls.length}`);

const mb = bytes.length / 1e6;
const line = (what: string, ms: number, note = '') =>
  console.log(`  ${what.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${((100 * ms) / onePass.ms).toFixed(0).padStart(4)}%${note ? `  ${note}` : ''}`);
console.log(`${file}: ${mb.toFixed(0)} MB, ${calls.toLocaleString('en-US')} calls, ${rows.toLocaleString('en-US')} rows in range 2 (${batches.length} batches); CPU time, fastest of ${runs}, % of the one-pass load`);
line('one-pass load (pushBytes + finish)', onePass.ms);
line('range 1 parsed straight into the builder (main thread)', firstMs, `cut at ${((100 * plan.offsets[1]) / bytes.length).toFixed(0)}% of the bytes`);
line('range 2 parsed into batches (the worker)', second.ms);
line('join of range 2: batches replayed into the builder (main)', joinMs);
line('  of which decoding the batches alone', decode.ms);
line('  of which the builder (join − decoding)', joinMs - decode.ms);
line('finish (main)', finishMs);
const main = firstMs + joinMs + finishMs;
line("main thread's share (range 1 + join + finish)", main);
// The join cannot end before the worker's range is parsed: the load takes the longer share.
const critical = Math.max(main, second.ms + finishMs);
line('the longer share (main, or the worker then finish)', critical, `best 2-thread speed-up ${(onePass.ms / critical).toFixed(2)}× (warm, on 2 free cores)`);
// The cut that would even the shares, from these per-byte costs.
const cut = plan.offsets[1] / bytes.length;
const direct = firstMs / cut;
const batched = second.ms / (1 - cut);
const joined = joinMs / (1 - cut);
const even = (batched - joined) / (direct - joined + batched);
console.log(`  the shares would be even with the main thread's range at ${(100 * even).toFixed(0)}% of the bytes: best ${(onePass.ms / (batched * (1 - even))).toFixed(2)}×`);

// The split build (core/parallel/split-range.ts): the worker builds its range's calls itself
// and the main thread stitches them in (split-stitch.ts) instead of replaying the batches.
const splitSecond = cpu(() => parseRange(bytes, plan, 1, CHUNK, undefined, undefined, true));
const part = splitSecond.value.part;
if (!part) throw new Error('range 2 built nothing apart');
let stitchMs = Infinity;
let splitFinishMs = Infinity;
let stitched = 0;
for (let i = 0; i < runs; i++) {
  const join = new RangeJoin(plan.format, bytes.length);
  join.startRange();
  join.endRange(parseRange(bytes, plan, 0, CHUNK, undefined, join.directSink()).summary);
  const t0 = process.cpuUsage();
  if (join.startSplitRange(part)) {
    for (const b of splitSecond.value.batches) join.add(b);
    join.endRange(splitSecond.value.summary);
  } else join.endRange(parseRange(bytes, plan, 1, CHUNK, undefined, join.directSink()).summary);
  const t1 = process.cpuUsage(t0);
  stitchMs = Math.min(stitchMs, (t1.user + t1.system) / 1000);
  stitched = join.stitched;
  const t2 = process.cpuUsage();
  if (join.finish(bytes.length).calls.length !== calls) throw new Error('the stitched model has another call count');
  const t3 = process.cpuUsage(t2);
  splitFinishMs = Math.min(splitFinishMs, (t3.user + t3.system) / 1000);
}
console.log(`split build: range 2 ${stitched ? 'stitched' : 'NOT stitched (read again)'}: ${part.built} lines built apart, ${part.prefix} prefix and ${part.tail} tail lines replayed`);
line('range 2 built apart (the worker)', splitSecond.ms);
line('stitch of range 2 (main)', stitchMs);
line('finish (main)', splitFinishMs);
const splitMain = firstMs + stitchMs + splitFinishMs;
const splitCritical = Math.max(splitMain, splitSecond.ms + stitchMs + splitFinishMs);
line('the longer share (the worker waits for nothing; the stitch waits for it)', splitCritical, `best 2-thread speed-up ${(onePass.ms / splitCritical).toFixed(2)}×`);
const builtApart = splitSecond.ms / (1 - cut);
const stitchedPerByte = stitchMs / (1 - cut);
// The stitch begins once the worker is done: both threads end together when f·direct = (1 − f)·parse.
const evenSplit = builtApart / (direct + builtApart);
console.log(
  `  per byte against range 1 straight into the builder: built apart ${(builtApart / direct).toFixed(2)}, stitched ${(stitchedPerByte / direct).toFixed(3)};` +
    ` even shares with the main thread's range at ${(100 * evenSplit).toFixed(0)}%: best ${(onePass.ms / (builtApart * (1 - evenSplit) + stitchMs + splitFinishMs)).toFixed(2)}×`,
);
