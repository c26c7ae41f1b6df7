import { describe, expect, it } from 'vitest';
import { StringTable } from '../model/string-table';
import { createRecord, RecordKind, type LineRecord } from '../parse/record';
import { RecordBatchReader, RecordBatchWriter } from './record-batch';

function roundTrip(records: LineRecord[], rows = 2): LineRecord[] {
  const writer = new RecordBatchWriter(rows);
  const batches = [];
  for (const r of records) {
    writer.add(r);
    if (writer.full) batches.push(writer.take());
  }
  batches.push(writer.take());
  const reader = new RecordBatchReader(new StringTable());
  const out: LineRecord[] = [];
  for (const b of batches) reader.replay(b, (r) => out.push({ ...r }));
  return out;
}

describe('record batches', () => {
  it('give back every field of every record, rare ones and numbers no 32-bit column holds included', () => {
    const a = { ...createRecord(), kind: RecordKind.Exit, comm: 'caf\u00e9', pid: 99_999_999_999, cpu: 3, tsNs: 1.5e18, depth: 70_000, durNs: 12, retval: '-13', mark: '$', flagsText: 'd..1.' };
    const b = { ...createRecord(), kind: RecordKind.Event, name: 'sched_switch', text: 'a ==> b', instance: 'net', count: 7, lastTsNs: 5 };
    const c = { ...createRecord(), kind: RecordKind.TaskSwitch, cpu: 1, comm: 'x', pid: -1, toComm: 'y', toPid: 12, mark: '\u{1F600}' };
    const d = { ...createRecord(), kind: RecordKind.Leaf, name: 'f', depth: 2, durNs: Number.NaN, callTimeNs: 4, parentName: 'g', callerOffset: 44, callerSize: 64, args: 'a=1', module: 'kvm', tgid: 4 };
    expect(roundTrip([a, b, c, d])).toEqual([a, b, c, d]);
  });

  it('intern the names the parser interned into the model table where they first appeared, not where they are used', () => {
    const writer = new RecordBatchWriter(4);
    // The parser interned `g` on a line it gave up on (row 0), `f` on row 1, which names it.
    writer.funcs.intern('g');
    writer.add({ ...createRecord(), kind: RecordKind.Unknown, text: 'g() { oops' });
    const f = writer.funcs.intern('f');
    writer.add({ ...createRecord(), kind: RecordKind.Entry, name: 'f', funcId: f, depth: 0 });
    const target = new StringTable();
    target.intern('(unknown)');
    const seen: [number, number][] = [];
    new RecordBatchReader(target).replay(writer.take(), (r) => seen.push([target.size, r.funcId]));
    expect(target.strings).toEqual(['(unknown)', 'g', 'f']);
    expect(seen).toEqual([
      [2, -1],
      [3, 2],
    ]);
  });
});

describe('recycled batches', () => {
  it('are written again in place and read back as fresh ones', () => {
    const writer = new RecordBatchWriter(2);
    const row = (name: string, ts: number) => ({ ...createRecord(), kind: RecordKind.Event, name, text: name, tsNs: ts });
    writer.add(row('a', 1));
    writer.add(row('b', 2));
    const first = writer.take();
    const replayed: string[] = [];
    const reader = new RecordBatchReader(new StringTable());
    reader.replay(first, (r) => replayed.push(`${r.name}@${r.tsNs}:${r.text}`));
    const columns = first.tsNs;
    writer.recycle(first);
    writer.take(); // the empty batch made before the recycle
    writer.add(row('c', 3));
    writer.add(row('d', 4));
    const again = writer.take();
    expect(again.tsNs).toBe(columns); // the same memory, written again
    reader.replay(again, (r) => replayed.push(`${r.name}@${r.tsNs}:${r.text}`));
    expect(replayed).toEqual(['a@1:a', 'b@2:b', 'c@3:c', 'd@4:d']);
  });
});
