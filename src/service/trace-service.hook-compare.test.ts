/**
 * Compare mode's hook points and candidates on the real pair: the seed trace (a fresh
 * connection: curl from exec to exit) as side A, the mid-stream trace (a connection that
 * already existed) as side B. Call counts come from MANIFEST.json's facts (grep pipelines
 * over the report text), not from this code.
 */
import { describe, expect, it } from 'vitest';
import { reportFromDsl } from '../test-utils/model-dsl';
import { traceBytes, traceManifest } from '../test-utils/traces';
import type { LoadResult, SideBLoadResult } from './api';
import { TraceService } from './trace-service';

function expectLoaded(r: LoadResult | SideBLoadResult): void {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${JSON.stringify(r).slice(0, 300)}`);
}

/** A fact of MANIFEST.json: `file`'s "lines where FUNC is entered (any process)". */
function entered(file: string, func: string): number {
  const entry = traceManifest().files.find((f) => f.file === file);
  const fact = entry?.facts?.find((f) => f.fact === `lines where ${func} is entered (any process)`);
  if (!fact) throw new Error(`no fact for ${func} in ${file}`);
  return fact.value;
}

const SEED = '01-seed-curl-fgraph.report.txt.gz';
const MID = '02-midstream-nc-fgraph.report.txt.gz';

async function pair(): Promise<TraceService> {
  const s = new TraceService();
  const blob = (name: string) => new Blob([new Uint8Array(traceBytes(name))]);
  expectLoaded(await s.load(blob(SEED), { name: 'seed' }));
  expectLoaded(await s.load(blob(MID), { name: 'nc', side: 'b' }));
  return s;
}

describe('compare mode: hook points of the seed against the mid-stream trace', () => {
  it("hook points give both sides' figures and where the function is called", async () => {
    const s = await pair();
    const send = s.comparedHookPoints({ a: {}, b: {} }, 'tcp_sendmsg');
    expect(send.presence).toBe('both');
    expect(send.a?.calls).toBe(entered(SEED, 'tcp_sendmsg'));
    expect(send.b?.calls).toBe(entered(MID, 'tcp_sendmsg'));
    // Side A reaches it from sendto; side B (nc writes) from write.
    expect(send.a?.entries.map((e) => e.name)).toContain('__x64_sys_sendto');
    expect(send.b?.entries.map((e) => e.name)).toContain('__x64_sys_write');
    const connect = s.comparedHookPoints({ a: {}, b: {} }, 'tcp_v4_connect');
    expect(entered(MID, 'tcp_v4_connect')).toBe(0);
    expect(connect.presence).toBe('a');
    expect(connect.a?.calls).toBe(entered(SEED, 'tcp_v4_connect'));
    expect(connect.b?.calls ?? 0).toBe(0);
    expect(s.comparedHookPoints({ a: {}, b: {} }, 'no_such_function')).toMatchObject({ presence: 'neither', a: null, b: null });
  });

  it('the candidates under __x64_sys_connect list tcp_v4_connect as one-sided; one-sided rows come first', async () => {
    const s = await pair();
    const list = s.comparedHookCandidates({ a: {}, b: {} }, '__x64_sys_connect');
    expect(list).not.toBeNull();
    const rows = list!.rows;
    expect(rows.find((r) => r.name === 'tcp_v4_connect')).toMatchObject({ oneSided: true, presence: 'a', side: 'a' });
    // A fresh connection calls hundreds of functions the long-lived one never does: the best
    // 200 shown are all one-sided; a function both call (socket locking) ranks after them.
    expect(list!.total).toBeGreaterThan(rows.length);
    expect(rows.every((r) => r.oneSided && r.presence === 'a')).toBe(true);
    expect(rows.find((r) => r.name === 'lock_sock_nested')).toBeUndefined();
    expect(s.comparedHookPoints({ a: {}, b: {} }, 'lock_sock_nested').presence).toBe('both');
    // The mid-stream side has no connect: the frame is side A's only.
    expect(rows.every((r) => r.side === 'a')).toBe(true);
  });

  it('a frame on both sides merges both lists: names of one side only first, each with its side', async () => {
    const s = new TraceService();
    expectLoaded(
      await s.loadText(reportFromDsl(`
curl-1 0 0  | __x64_sys_connect {
curl-1 0 1  |   lock 1
curl-1 0 2  |   tcp_v4_connect 3
curl-1 0 6  | } 6
`), { name: 'a.txt' }),
    );
    expectLoaded(
      await s.loadText(reportFromDsl(`
nc-2 0 0  | __x64_sys_connect {
nc-2 0 1  |   lock 1
nc-2 0 2  |   tcp_v6_connect 3
nc-2 0 6  | } 6
`), { name: 'b.txt', side: 'b' }),
    );
    const rows = s.comparedHookCandidates({ a: {}, b: {} }, '__x64_sys_connect')!.rows;
    expect(rows.map((r) => [r.name, r.presence, r.side, r.oneSided])).toEqual([
      ['tcp_v4_connect', 'a', 'a', true],
      ['tcp_v6_connect', 'b', 'b', true],
      ['lock', 'both', 'a', false],
    ]);
    expect(s.comparedHookCandidates({ a: {}, b: {} }, 'no_such_frame')).toBeNull();
  });

  it("the one-liners come from both sides: B's nesting and B's other forms count too", async () => {
    const s = new TraceService();
    expectLoaded(
      await s.loadText(reportFromDsl(`
curl-1 0 0  | __dev_queue_xmit 2
curl-1 0 5  | __dev_queue_xmit 1
`), { name: 'a.txt' }),
    );
    expectLoaded(
      await s.loadText(reportFromDsl(`
nc-2 0 0  | __dev_queue_xmit {
nc-2 0 1  |   do_softirq {
nc-2 0 2  |     __dev_queue_xmit 1
nc-2 0 4  |   } 3
nc-2 0 5  | } 5
nc-2 0 6  | __dev_queue_xmit.part.0 1
nc-2 0 8  | __dev_queue_xmit {
nc-2 0 9  |   schedule 1
nc-2 0 11 | } 3
`), { name: 'b.txt', side: 'b' }),
    );
    const h = s.comparedHookPoints({ a: {}, b: {} }, '__dev_queue_xmit');
    expect(h.a?.nestedInTrace).toBe(false);
    expect(h.b?.nestedInTrace).toBe(true);
    const byId = Object.fromEntries((h.probes?.commands ?? []).map((c) => [c.id, c.command]));
    // Side A alone would keep one start per thread and know no other form.
    expect(byId.latency).toMatch(/@depth\[tid(?:, \$c)?\]\+\+/);
    // B runs it in a softirq: the idle tasks' starts are keyed by CPU, whatever A shows.
    expect(h.b?.onIdleInTrace).toBe(true);
    expect(byId.latency).toContain('$c = (uint64)cpu');
    // B shows it sleeping: the kretprobe commands say what a kretprobe misses.
    expect(h.a?.sleepsInTrace).toBe(false);
    expect(h.b?.sleepsInTrace).toBe(true);
    expect(h.probes?.commands.find((c) => c.id === 'latency')?.note).toMatch(/maxactive/);
    expect(byId['stacks-variants']).toBe("bpftrace -e 'kprobe:__dev_queue_xmit,kprobe:__dev_queue_xmit.part.0 { @[probe, kstack] = count(); }'");
    // Side A's task for -P.
    expect(byId['record-pid']).toBe('trace-cmd record -p function_graph -g __dev_queue_xmit -g __dev_queue_xmit.part.0 -P 1');
    // One side only: that side's commands.
    expect(s.comparedHookPoints({ a: {}, b: {} }, 'do_softirq').probes?.commands.find((c) => c.id === 'record-pid')?.command).toContain('-P 2');
    expect(s.comparedHookPoints({ a: {}, b: {} }, 'no_such_function').probes).toBeNull();
  });

  it('each side follows its own filter, interrupt mode included', async () => {
    const s = await pair();
    const inPlace = s.comparedHookPoints({ a: {}, b: {} }, '__sysvec_apic_timer_interrupt');
    expect(inPlace.b?.calls).toBe(entered(MID, '__sysvec_apic_timer_interrupt'));
    // Hidden interrupts on side B only: the timer interrupt is gone there, side A keeps it.
    const hidden = s.comparedHookPoints({ a: {}, b: { irq: 'hidden' } }, '__sysvec_apic_timer_interrupt');
    expect(hidden.presence).toBe('a');
    expect(hidden.a?.calls).toBe(entered(SEED, '__sysvec_apic_timer_interrupt'));
  });
});
