/** The worker's hook points and export methods, on a small trace loaded through the service. */
import { describe, expect, it } from 'vitest';
import { reportFromDsl } from '../../test-utils/model-dsl';
import { checkXml } from '../../test-utils/xml-check';
import { loadTraceModel } from '../../test-utils/traces';
import { DerivedData } from '../derived/derived-data';
import { runInSlices } from '../load/event-loop';
import { TraceService } from '../trace-service';
import { functionDetailOf } from './functions';
import { hookPointsOf, hookPointsOfSteps } from './hook-points';

const DSL = `
curl-1 1 0  | __x64_sys_sendto {
curl-1 1 1  |   tcp_sendmsg 2
curl-1 1 4  | } 4
curl-1 1 10 | __x64_sys_sendto {
curl-1 1 11 |   tcp_sendmsg 3
curl-1 1 15 | } 5
nc-2 0 20   | worker {
nc-2 0 21   |   tcp_sendmsg 1
nc-2 0 23   | } 3
`;

async function service(): Promise<TraceService> {
  const s = new TraceService();
  const r = await s.loadText(reportFromDsl(DSL), { name: 'small.txt' });
  expect(r.kind).toBe('loaded');
  return s;
}

/** All of export `id`, batch by batch, as the main thread takes it. */
function drain(s: TraceService, id: number, maxChars: number): { text: string; batches: number } {
  let text = '';
  let batches = 0;
  for (let b = s.exportNext(id, maxChars); b !== null; b = s.exportNext(id, maxChars)) {
    batches++;
    text += b.join('');
  }
  return { text, batches };
}

describe('hook points in slices', () => {
  it('answer what they answer at once, with other questions answered at every pause', async () => {
    const derived = new DerivedData(await loadTraceModel('03-systemwide-sched-irq.report.txt'));
    const key = { filter: {}, inverted: false, groupByTask: true };
    for (const [name, filter] of [['tcp_sendmsg', {}], ['schedule', {}], ['kmem_cache_alloc', { syscallsOnly: true }]] as const) {
      const atOnce = hookPointsOf(derived, filter, name);
      let pauses = 0;
      // A slice of 0 ms: a pause at every step, and another function's detail asked at each.
      const sliced = await runInSlices(hookPointsOfSteps(derived, filter, name), 0, () => {
        pauses++;
        functionDetailOf(derived, key, 'do_syscall_64');
      });
      expect(sliced, name).toEqual(atOnce);
      expect(atOnce?.calls, name).toBeGreaterThan(0);
      // The passes over every call and the loop over the function's calls each paused.
      expect(pauses, name).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('TraceService hook points and exports', () => {
  it('hookPoints answers the facts under the filter, null for an unknown name', async () => {
    const s = await service();
    const all = await s.hookPoints({}, 'tcp_sendmsg');
    expect(all?.entries.map((e) => [e.name, e.entryCalls, e.funcCalls])).toEqual([
      ['__x64_sys_sendto', 2, 2],
      ['worker', 1, 1],
    ]);
    const curlOnly = await s.hookPoints({ tasks: [s.taskList().tasks.find((t) => t.label === 'curl-1')!.id] }, 'tcp_sendmsg');
    expect(curlOnly?.calls).toBe(2);
    expect(await s.hookPoints({}, 'no_such_function')).toBeNull();
    expect(s.hookCandidates({}, '__x64_sys_sendto')).toMatchObject({ frame: '__x64_sys_sendto', total: 1, rows: [{ name: 'tcp_sendmsg', perFrameCall: 1 }] });
  });

  it('a new trace ends an open export: it would keep the previous model alive through the load', async () => {
    // Enough calls for an export of several chunks.
    const lines = Array.from({ length: 4000 }, (_, i) => `curl-1 1 ${i * 3} | f${i % 40} 2`).join('\n');
    const s = new TraceService();
    expect((await s.loadText(reportFromDsl(lines), { name: 'big.txt' })).kind).toBe('loaded');
    const id = s.exportBegin({ format: 'chrome', filter: {}, name: 'big.txt' });
    expect(s.exportNext(id, 1)?.length).toBe(1);
    expect((await s.loadText(reportFromDsl(DSL), { name: 'small.txt' })).kind).toBe('loaded');
    expect(s.exportNext(id, 1 << 20)).toBeNull();
  });

  it('an export is handed out in batches until null; a new export ends the previous one', async () => {
    const s = await service();
    const id = s.exportBegin({ format: 'chrome', filter: {}, name: 'small.txt' });
    const first = s.exportNext(id, 1);
    expect(first?.length).toBe(1);
    const rest = drain(s, id, 1);
    const doc = JSON.parse(first!.join('') + rest.text) as { traceEvents: { ph: string }[] };
    expect(doc.traceEvents.filter((e) => e.ph === 'X')).toHaveLength(6);
    expect(s.exportNext(id, 1)).toBeNull();

    const a = s.exportBegin({ format: 'folded', filter: {}, name: 'small.txt' });
    const b = s.exportBegin({ format: 'svg', filter: {}, name: 'small.txt', flame: { inverted: false, groupByTask: true, zoomPath: [], matched: null } });
    expect(s.exportNext(a, 1)).toBeNull();
    const svg = drain(s, b, 1 << 20).text;
    const els = checkXml(svg);
    // The white background, then roots per task (curl-1, nc-2) and their functions: 2 + 4 frames.
    expect(els.filter((e) => e.name === 'rect')).toHaveLength(1 + 6);
    expect(els.filter((e) => e.name === 'title').map((t) => t.text.replace(/ \(.*$/, ''))).toEqual(
      expect.arrayContaining(['curl-1', 'nc-2', '__x64_sys_sendto', 'worker', 'tcp_sendmsg']),
    );
  });

  it("the SVG's titles set a task's or a function's right-to-left override apart from their figures", async () => {
    const s = new TraceService();
    expect((await s.loadText(reportFromDsl('ab\u202ecd-3 0 0 | f\u202eg 2\n'), { name: 'rlo.txt' })).kind).toBe('loaded');
    const id = s.exportBegin({ format: 'svg', filter: {}, name: 'rlo.txt', flame: { inverted: false, groupByTask: true, zoomPath: [], matched: null } });
    const titles = checkXml(drain(s, id, 1 << 20).text).filter((e) => e.name === 'title').map((t) => t.text);
    expect(titles.sort()).toEqual(['\u2068ab\ufffdcd-3\u2069 (2.000 µs, 1 calls)', '\u2068f\ufffdg\u2069 (2.000 µs, 1 calls)']);
  });

  it('the SVG dims the frames the search does not match', async () => {
    const s = await service();
    const id = s.exportBegin({ format: 'svg', filter: {}, name: 'x', flame: { inverted: true, groupByTask: false, zoomPath: [], matched: [] } });
    const svg = drain(s, id, 1 << 20).text;
    // Every frame's rect, not the white background's (the first rect, in no frame's <g>).
    expect((svg.match(/<g opacity="0.35">/g) ?? []).length).toBe((svg.match(/<rect /g) ?? []).length - 1);
    expect(svg).toMatch(/^<svg[^\n]*\n<rect x="0" y="0" [^\n]*fill="#fff"\/>$/m);
  });
});
