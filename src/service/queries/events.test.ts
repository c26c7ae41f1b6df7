import { describe, expect, it } from 'vitest';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { seed } from '../../test-utils/service-views';
import { DerivedData } from '../derived/derived-data';
import { eventMarkers, eventRowAt, eventRows, MAX_EVENT_ROWS } from './events';

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
