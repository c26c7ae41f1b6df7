/**
 * The per-CPU merge's order against the plain rule it keeps (tracecmd_iterate_events_multi):
 * before every record, the stream whose head is earliest, the first listed on a tie
 * (instances in file order, the top one first; CPUs ascending). The merge keeps its streams
 * sorted and moves only the one it took from; this holds it to a fresh pick per record, on
 * streams that tie often, one that ends early, an empty one, and one whose pages run past a
 * block, so that it is refilled in the middle of the merge.
 */
import { describe, expect, it } from 'vitest';
import { readTraceDat } from './read-records';
import { memorySource } from './source';
import { seededRandom } from '../../test-utils/seam-traces';
import { writeTraceDat, type PageSpec } from '../../test-utils/trace-dat-writer';

const KALLSYMS = ['ffffffff81000000 T _stext', 'ffffffff81000100 T tcp_sendmsg', 'ffffffff81000200 t tcp_push'].join('\n');
const SENDMSG = 0xffffffff81000100n;
const PUSH = 0xffffffff81000200n;

interface Item {
  instance: string;
  cpu: number;
  ts: number;
  pid: number;
}

/** A CPU's records: `count` function records from `from`, each 0–`step` ns after the one before, `perPage` a page. */
function stream(rnd: () => number, instance: string, cpu: number, count: number, from: number, step: number, perPage: number): { items: Item[]; pages: PageSpec[] } {
  const items: Item[] = [];
  const pages: PageSpec[] = [];
  let ts = from;
  for (let k = 0; k < count; k++) {
    ts += Math.floor(rnd() * (step + 1));
    // The pid says which record it is: the order is checked record by record.
    const item = { instance, cpu, ts, pid: 1000 + items.length };
    items.push(item);
    if (k % perPage === 0) pages.push({ ts: item.ts, items: [] });
    pages[pages.length - 1].items.push({ ts, event: { kind: 'function', pid: item.pid, ip: PUSH, parent: SENDMSG } });
  }
  return { items, pages };
}

/** The plain rule: the earliest head, the first listed on a tie, picked afresh before every record. */
function pickEachTime(streams: Item[][]): Item[] {
  const at = streams.map(() => 0);
  const out: Item[] = [];
  for (;;) {
    let best = -1;
    for (let k = 0; k < streams.length; k++) {
      if (at[k] >= streams[k].length) continue;
      if (best < 0 || streams[k][at[k]].ts < streams[best][at[best]].ts) best = k;
    }
    if (best < 0) return out;
    out.push(streams[best][at[best]++]);
  }
}

async function merged(bytes: Uint8Array): Promise<Item[]> {
  const seen: Item[] = [];
  const errors: string[] = [];
  await readTraceDat(memorySource(bytes), {
    record: (r) => seen.push({ instance: r.instance, cpu: r.cpu, ts: r.tsNs, pid: r.pid }),
    error: (m) => errors.push(m),
  });
  expect(errors).toEqual([]);
  return seen;
}

describe('the per-CPU merge', () => {
  it.each([1, 2, 3])('takes the records in the order of a fresh pick per record (seed %d)', async (seed) => {
    const rnd = seededRandom(seed);
    // Steps of 0–3 ns over many CPUs: ties between two, three or more heads all the time.
    const top = [0, 1, 2, 3, 4, 5, 6].map((cpu) => stream(rnd, '', cpu, cpu === 3 ? 40 : cpu === 5 ? 0 : 400, 1000 + cpu, 3, 5));
    // 300 pages of one record: past the 256 pages of 4 KiB a plain read takes, so that CPU is refilled mid-merge.
    top[6] = stream(rnd, '', 6, 300, 1000, 12, 1);
    // An instance on the same CPU numbers: after the top's CPUs on a tie.
    const inst = [0, 1, 2].map((cpu) => stream(rnd, 'net', cpu, 300, 1000, 4, 7));
    const bytes = writeTraceDat({
      version: 7,
      kallsyms: KALLSYMS,
      cmdlines: '',
      cpus: top.map((s, cpu) => ({ cpu, pages: s.pages })),
      instances: [{ name: 'net', cpus: inst.map((s, cpu) => ({ cpu, pages: s.pages })) }],
    });
    const expected = pickEachTime([...top, ...inst].map((s) => s.items));
    expect(expected.length).toBe(7 * 400 - 400 - 360 - 100 + 900);
    expect(await merged(bytes)).toEqual(expected);
  });
});
