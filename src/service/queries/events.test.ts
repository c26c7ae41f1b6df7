import { describe, expect, it } from 'vitest';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { seed } from '../../test-utils/service-views';
import { DerivedData } from '../derived/derived-data';
import { eventMarkers, eventRowAt, eventRows, MAX_EVENT_ROWS } from './events';
import { TraceService } from '../trace-service';

const derived = new DerivedData(loadBytes(traceBytes('03-systemwide-sched-irq.report.txt.gz')));
const ev = derived.model.events;

describe('eventRows', () => {
  it('sends only the rows asked for, with the counts', () => {
    const page = eventRows(derived, { filter: {}, from: 100, to: 150 });
    expect(page.all).toBe(ev.length);
    expect(page.total).toBe(ev.length);
    expect(page.from).toBe(100);
    expect(page.ts.length).toBe(50);
    expect(page.text.length).toBe(50);
    for (let r = 0; r < 50; r++) {
      const i = page.index[r];
      expect(page.ts[r]).toBe(ev.ts[i]);
      expect(page.text[r]).toBe(ev.text[i]);
      expect(page.names[page.name[r]]).toBe(ev.name[i]);
    }
    expect(eventRows(derived, { filter: {}, from: 0, to: 1e9 }).ts.length).toBe(MAX_EVENT_ROWS);
    expect(eventRows(derived, { filter: {}, from: ev.length - 3, to: ev.length + 10 }).ts.length).toBe(3);
  });

  it('narrows to one event name and a task', () => {
    const switches = eventRows(derived, { filter: { names: ['sched_switch'] }, from: 0, to: 20 });
    const expected = ev.name.filter((n) => n === 'sched_switch').length;
    expect(switches.total).toBe(expected);
    expect(switches.total).toBeLessThan(switches.all);
    expect([...switches.name].every((id) => switches.names[id] === 'sched_switch')).toBe(true);
    const task = switches.task[0];
    const ofTask = eventRows(derived, { filter: { names: ['sched_switch'], tasks: [task] }, from: 0, to: 1000 });
    expect(ofTask.total).toBe(ev.name.filter((n, i) => n === 'sched_switch' && ev.task[i] === task).length);
    expect([...ofTask.task].every((t) => t === task)).toBe(true);
  });

  it('finds the row of a time', () => {
    const page = eventRows(derived, { filter: {}, from: 500, to: 501 });
    expect(eventRowAt(derived, {}, page.ts[0])).toBeLessThanOrEqual(500);
    expect(eventRowAt(derived, {}, page.ts[0] + 0.5)).toBeGreaterThan(500);
  });
});

describe('eventMarkers', () => {
  it('stands for every switch, wakeup and irq event of the window, one tick per column and lane', () => {
    const t0 = ev.ts.reduce((a, b) => Math.min(a, b), Infinity);
    const t1 = ev.ts.reduce((a, b) => Math.max(a, b), -Infinity);
    const m = eventMarkers(derived, { filter: {}, startNs: t0, endNs: t1, buckets: 300 });
    const marked = /^(sched_switch|sched_wakeup|sched_wakeup_new|sched_waking|irq_handler_(entry|exit)|softirq_(entry|exit)|local_timer_(entry|exit))$/;
    expect(m.count.reduce((a, b) => a + b, 0)).toBe(ev.name.filter((n) => marked.test(n)).length);
    expect(m.ts.length).toBeLessThanOrEqual(300 * 4);
    const seen = new Set<string>();
    for (let r = 0; r < m.ts.length; r++) {
      const col = Math.min(299, Math.floor(((m.ts[r] - t0) / (t1 - t0)) * 300));
      const slot = `${col}:${m.kind[r]}`;
      expect(seen.has(slot)).toBe(false);
      seen.add(slot);
      expect(m.tasks[m.task[r]]).toMatch(/-\d+|\(CPU/);
    }
  });
});

describe('memory', () => {
  it('keeps nothing per call for a trace without events', () => {
    const d = seed();
    const before = d.stats();
    const rows = eventRows(d, { filter: {}, from: 0, to: 100 });
    eventMarkers(d, { filter: {}, startNs: 0, endNs: 1e12, buckets: 800 });
    expect(rows.all).toBe(0);
    const after = d.stats();
    expect(after.pinnedBytes - before.pinnedBytes).toBe(0);
    expect(after.bytes - before.bytes).toBe(0);
  });
});

describe('eventMarkers in the Interrupts modes apart and hidden', () => {
  // curl-5's read_it (0..60 µs) takes a timer interrupt at 10 µs that lasts 20 µs; its
  // irq_handler_entry is inside the interrupt, its sched_switch at 40 µs comes after it, and
  // copy_it runs at 50 µs. Apart and hidden lay curl-5 out without the interrupt: copy_it
  // starts 20 µs earlier (30 µs), and a marker drawn at the event's trace time would sit
  // 20 µs to the right of where it happened among the calls.
  const at = (us: number) => (1 + us / 1e6).toFixed(6);
  const line = (us: number, body: string) => `          curl-5     [000] ${at(us)}: ${body}`;
  const REPORT = [
    'cpus=1',
    line(0, 'funcgraph_entry:                   |  read_it() {'),
    line(10, 'funcgraph_entry:                   |    __sysvec_apic_timer_interrupt() {'),
    line(15, 'irq_handler_entry:    irq=0 name=timer'),
    line(20, 'funcgraph_entry:        2.000 us   |      hrtimer_interrupt();'),
    line(30, 'funcgraph_exit:       + 20.000 us  |    }'),
    line(40, 'sched_switch:         curl:5 [120] R ==> sh:6 [120]'),
    line(50, 'funcgraph_entry:        5.000 us   |    copy_it();'),
    line(60, 'funcgraph_exit:       + 60.000 us  |  }'),
    '',
  ].join('\n');
  const ns = (us: number) => 1e9 + us * 1000;

  async function markers(irq: 'in-place' | 'apart' | 'hidden') {
    const service = new TraceService();
    await service.loadText(REPORT);
    const d = service.derived({ irq });
    const copy = [...Array(d.model.calls.length).keys()].find((i) => d.model.strings.get(d.model.calls.func[i]) === 'copy_it')!;
    const m = service.eventMarkers({ filter: {}, irq, startNs: ns(-100), endNs: ns(200), buckets: 3000 });
    const of = (name: string) => {
      const r = [...m.ts.keys()].find((k) => m.names[m.name[k]] === name)!;
      return { at: m.ts[r], traceTs: m.traceTs[r] };
    };
    // The Events view's rows: their time as printed, and where a click on them jumps in the flame chart.
    const rows = service.eventRows({ filter: {}, irq, from: 0, to: 10 });
    const row = (name: string) => {
      const r = [...rows.ts.keys()].find((k) => rows.names[rows.name[k]] === name)!;
      return { at: rows.at[r], traceTs: rows.ts[r] };
    };
    expect(row('sched_switch')).toEqual(of('sched_switch'));
    expect(row('irq_handler_entry')).toEqual(of('irq_handler_entry'));
    return { copyStart: d.times().start[copy], switch: of('sched_switch'), irq: of('irq_handler_entry') };
  }

  it('in place, every marker is at its trace time', async () => {
    const m = await markers('in-place');
    expect(m.copyStart).toBe(ns(50));
    expect(m.switch).toEqual({ at: ns(40), traceTs: ns(40) });
    expect(m.irq).toEqual({ at: ns(15), traceTs: ns(15) });
  });

  it('apart: a marker moves with its task\'s calls, and one inside the interrupt goes with it to [interrupts]', async () => {
    const m = await markers('apart');
    expect(m.copyStart).toBe(ns(30));
    // 10 µs before copy_it, as in the trace; its text still says when it happened.
    expect(m.switch).toEqual({ at: ns(20), traceTs: ns(40) });
    // The frame now runs in curl-5's [interrupts] root, after read_it (0..40 µs laid out): 5 µs into it.
    expect(m.irq).toEqual({ at: ns(45), traceTs: ns(15) });
  });

  it('the Events view\'s time range is on the same axis: the range picked on the laid-out overview keeps the events laid out in it', async () => {
    const names = async (irq: 'in-place' | 'apart') => {
      const service = new TraceService();
      await service.loadText(REPORT);
      const rows = service.eventRows({ filter: { range: [ns(15), ns(25)] }, irq, from: 0, to: 10 });
      return [...rows.name].map((id) => rows.names[id]);
    };
    // In place, 15..25 µs holds the interrupt (its irq_handler_entry); apart, it holds what
    // curl-5 did from 35 to 45 µs of trace time: its sched_switch (40 µs), laid out at 20 µs.
    expect(await names('in-place')).toEqual(['irq_handler_entry']);
    expect(await names('apart')).toEqual(['sched_switch']);
  });

  it('hidden: a marker inside the dropped interrupt sits where it was cut out', async () => {
    const m = await markers('hidden');
    expect(m.copyStart).toBe(ns(30));
    expect(m.switch).toEqual({ at: ns(20), traceTs: ns(40) });
    expect(m.irq).toEqual({ at: ns(10), traceTs: ns(15) });
  });
});
