/**
 * `cli diff --normalise` and `--range-a/--range-b` against the app's figures: the service
 * asked directly for the same comparison (compare mode's answers), on the real pair.
 *   zcat 01-seed… | grep -cE '\| +tcp_sendmsg\(\)' → 1;  zcat 02-midstream… | … → 54
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../test-utils/run-cli';
import type { Normalisation } from '../core/query/compare';
import { rangeFromMs } from '../lib/range-ms';
import { TraceService } from './trace-service';

const SEED = 'test/traces/01-seed-curl-fgraph.report.txt.gz';
const NC = 'test/traces/02-midstream-nc-fgraph.report.txt.gz';

interface Figures {
  calls: number | null;
  totalNs: number | null;
  selfNs: number | null;
}
interface DiffDoc {
  a: { file: string; calls: number };
  b: { file: string; calls: number };
  functions: { name: string; a: Figures; b: Figures }[];
}

async function cli(...args: string[]): Promise<string> {
  const r = await runCliInProcess(...args);
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
const diff = async (...args: string[]) => JSON.parse(await cli('diff', ...args)) as DiffDoc;
const fn = (doc: DiffDoc, name: string) => doc.functions.find((f) => f.name === name)!;

describe('cli diff against the app’s compare mode', () => {
  it('--normalise scaled / call:F: the figures the app shows (the service, asked directly), the factors said; folded counts per call', async () => {
    const s = new TraceService();
    const blob = (name: string) => new Blob([new Uint8Array(readFileSync(name))]);
    expect((await s.load(blob(SEED), { name: 'seed' })).kind).toBe('loaded');
    expect((await s.load(blob(NC), { name: 'nc', side: 'b' })).kind).toBe('loaded');
    const app = (normalisation: Normalisation, quantity: 'total' | 'calls' | 'self') =>
      s.comparedFunctions({ a: {}, b: {}, quantity, normalisation });

    const scaled = (await diff('--normalise', 'scaled', SEED, NC)) as DiffDoc & { normalisation: { kind: string; b: { time: number; calls: number } } };
    const total = app({ kind: 'scaled' }, 'total');
    const calls = app({ kind: 'scaled' }, 'calls');
    expect(scaled.normalisation).toEqual({ kind: 'scaled', b: { time: total.factors.b, calls: calls.factors.b } });
    // B scaled to A's whole: A's roots' total time over B's, the folded lines' sums (each path's self time).
    const raw = (await cli('diff', '--folded', SEED, NC)).trim().split('\n').map((l) => l.split(' ').slice(-2).map(Number));
    const sum = (k: number) => raw.reduce((t, c) => t + c[k], 0);
    expect(scaled.normalisation.b.time).toBeCloseTo(sum(0) / sum(1), 12);
    expect(scaled.normalisation.b.calls).toBe(scaled.a.calls / scaled.b.calls);
    expect(scaled.functions.map((f) => f.name)).toEqual(total.names);
    scaled.functions.forEach((f, r) => {
      expect(f.a).toEqual({ calls: calls.valueA[r], totalNs: total.valueA[r], selfNs: total.a.self[r] });
      expect([f.b.calls, f.b.totalNs]).toEqual([calls.valueB[r], total.valueB[r]]);
    });

    const perCall = (await diff('--normalise', 'call:tcp_sendmsg', SEED, NC)) as DiffDoc & { normalisation: unknown };
    // zcat … | grep -cE '\| +tcp_sendmsg\(\)': 1 in the seed, 54 midstream.
    expect(perCall.normalisation).toEqual({ kind: 'perCall', function: 'tcp_sendmsg', calls: { a: 1, b: 54 } });
    expect(fn(perCall, 'tcp_sendmsg').a.calls).toBe(1);
    expect(fn(perCall, 'tcp_sendmsg').b.calls).toBe(1);
    const self = app({ kind: 'perCall', root: 'tcp_sendmsg' }, 'self');
    expect(fn(perCall, 'tcp_sendmsg_locked').b.selfNs).toBe(self.valueB[self.names.indexOf('tcp_sendmsg_locked')]);
    // Folded: each B count is its self time over 54 calls, at most 3 decimals, never an exponent.
    const lines = (await cli('diff', '--folded', '--normalise', 'call:tcp_sendmsg', SEED, NC)).trim().split('\n');
    expect(lines.length).toBe(raw.length);
    lines.forEach((l, k) => {
      const [ca, cb] = l.split(' ').slice(-2);
      expect(ca).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(cb).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(Number(cb)).toBeCloseTo(raw[k][1] / 54, 3);
      expect(Number(ca)).toBe(raw[k][0]);
    });
    // A function one side never calls: the JSON's figures unknown (said), folded refused.
    const none = await runCliInProcess('diff', '--normalise', 'call:tcp_v4_connect', SEED, NC);
    expect(none.status).toBe(0);
    expect(none.stderr).toBe('cli diff: --normalise call:tcp_v4_connect: side B has no call of "tcp_v4_connect": its figures are unknown (null)\n');
    expect((JSON.parse(none.stdout) as DiffDoc).functions[0].b.calls).toBeNull();
    const foldedNone = await runCliInProcess('diff', '--folded', '--normalise', 'call:tcp_v4_connect', SEED, NC);
    expect([foldedNone.status, foldedNone.stderr]).toEqual([2, 'cli: --normalise call:tcp_v4_connect: side B has no call of "tcp_v4_connect": its figures are unknown\n']);
  }, 120_000);

  it('--range-a/--range-b: a side\'s range in ms from the start of its calls in view, as the app\'s side B range (the service, asked directly)', async () => {
    const s = new TraceService();
    const blob = (name: string) => new Blob([new Uint8Array(readFileSync(name))]);
    expect((await s.load(blob(SEED), { name: 'seed' })).kind).toBe('loaded');
    expect((await s.load(blob(NC), { name: 'nc', side: 'b' })).kind).toBe('loaded');
    const span = s.timeline({}, 1, 'b');
    const rangeB = rangeFromMs('2', '7.5', span.startNs, span.endNs)!;
    const doc = (await diff('--range-b', '2,7.5', SEED, NC)) as DiffDoc & { b: { rangeNs: number[] } };
    expect(doc.b.rangeNs).toEqual(rangeB);
    const t = s.comparedFunctions({ a: {}, b: { range: rangeB }, quantity: 'calls', normalisation: { kind: 'raw' } });
    expect(doc.functions.map((f) => [f.name, f.b.calls, f.b.selfNs])).toEqual(t.names.map((n, r) => [n, t.b.calls[r], t.b.self[r]]));
    const all = await diff(SEED, NC);
    expect(doc.b.calls).toBeLessThan(all.b.calls);
    expect(doc.b.calls).toBeGreaterThan(0);
    expect(doc.a).toEqual(all.a);
    // An open end is the span's end; a range past the side's calls is refused, named.
    const open = (await diff('--range-a', '1,', SEED, NC)) as DiffDoc & { a: { rangeNs: number[] } };
    const spanA = s.timeline({}, 1);
    expect(open.a.rangeNs).toEqual([spanA.startNs + 1e6, spanA.endNs]);
    const past = await runCliInProcess('diff', '--range-b', '900000,', SEED, NC);
    expect([past.status, past.stderr]).toEqual([2, expect.stringMatching(/^cli: side B \(.*\): the range 900000, ms holds none of the side's calls \(its calls span [\d.]+ ms\)\n$/)]);
  }, 120_000);

  it('--range-b with --under F: counted from the start of the side’s calls, as the app’s B range beside Paths from F, not from F’s first call', async () => {
    const s = new TraceService();
    const blob = (name: string) => new Blob([new Uint8Array(readFileSync(name))]);
    expect((await s.load(blob(SEED), { name: 'seed' })).kind).toBe('loaded');
    expect((await s.load(blob(NC), { name: 'nc', side: 'b' })).kind).toBe('loaded');
    // The app's B range inputs read ms from the start of B's calls under B's task, CPU and
    // syscalls filters (ui/compare/SideBRange.tsx asks the timeline without Paths from).
    const span = s.timeline({}, 1, 'b');
    const under = s.timeline({ pathsFrom: 'tcp_sendmsg' }, 1, 'b');
    // nc's first tcp_sendmsg comes after its first call: the two origins differ.
    expect(under.startNs).toBeGreaterThan(span.startNs);
    const doc = (await diff('--under', 'tcp_sendmsg', '--range-b', '2,7.5', SEED, NC)) as DiffDoc & { b: { rangeNs: number[] } };
    expect(doc.b.rangeNs).toEqual([span.startNs + 2e6, span.startNs + 7.5e6]);
  }, 120_000);
});
