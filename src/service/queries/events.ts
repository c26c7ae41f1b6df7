/**
 * The Events view's and the event markers' questions. The view asks for the rows
 * [from, to) of the events a filter keeps and gets only those (with the counts), so a
 * trace of a million events sends what is on screen. The markers ask for one tick per
 * pixel column and lane in a time window.
 *
 * Events keep their trace times whatever the Interrupts mode (the rows say when they
 * happened). The markers are drawn on the time axis of the calls around them: in `apart`
 * and `hidden` that axis lays each task out without its interrupts, so a marker is placed
 * as its task's calls were moved (core irq-time-layout.ts), its trace time kept for its text.
 */
import { taskLabel } from '../../core/model/tables';
import type { IrqMode } from '../../core/model/interrupt-mode';
import { placeInLayout } from '../../core/model/irq-time-layout';
import {
  computeEventFacts,
  computeEventSelection,
  EventKind,
  firstAfter,
  firstAtOrAfter,
  type EventFacts,
  type EventFilter,
} from '../../core/query/events';
import { bytesOf } from '../derived/budgeted-memo';
import type { DerivedData } from '../derived/derived-data';

export type { EventFilter };

/** Most rows one answer carries. */
export const MAX_EVENT_ROWS = 1000;

export interface EventRowsRequest {
  filter: EventFilter;
  /** The views' Interrupts mode: `at` places each row on the flame chart's axis under it; in place when missing. */
  irq?: IrqMode;
  from: number;
  to: number;
}

/** Rows [from, from + length) of the events the filter keeps, column by column. */
export interface EventRows {
  /** Events the filter keeps. */
  total: number;
  /** Events in the trace. */
  all: number;
  from: number;
  /** Index into the model's EventTable (stable for the trace). */
  index: Int32Array;
  ts: Float64Array;
  /**
   * Where each event lies on the flame chart's time axis: `ts`, or in `apart` and `hidden`
   * its time laid out as its task's calls are (core irq-time-layout.ts): where a jump to it goes.
   */
  at: Float64Array;
  cpu: Int32Array;
  /** Task id (index into the model's tasks), -1 when unknown. */
  task: Int32Array;
  /** Task label (`comm-pid`), per row. Trace text: render as text only. */
  taskLabel: string[];
  /** 1 when the row's task has calls (the flame chart can show it), per row. */
  taskHasCalls: Uint8Array;
  /** Index into `names`, per row. */
  name: Int32Array;
  /** The fields as printed (trace text: render as text only). */
  text: string[];
  /** 1-based input line. */
  line: Int32Array;
  /** Every event name of the trace with its count (the name filter's choices). */
  names: string[];
  nameCounts: number[];
}

export function eventFacts(derived: DerivedData): EventFacts {
  return derived.keepPinned('eventFacts', () => computeEventFacts(derived.model), (f) =>
    bytesOf(f.nameId, f.nameKind, f.nameCounts, f.order ?? undefined) + f.names.reduce((s, n) => s + 2 * n.length + 16, 0),
  );
}

/** Canonical key of an event filter (sorted lists, absent empties). */
export function eventFilterKey(f: EventFilter): string {
  const sorted = (l?: readonly number[]) => (l?.length ? [...l].sort((a, b) => a - b) : undefined);
  return JSON.stringify({
    n: f.names?.length ? [...f.names].sort() : undefined,
    t: sorted(f.tasks),
    c: sorted(f.cpus),
    r: f.range ?? undefined,
  });
}

/** The events the filter keeps, in time order (kept for the next page). */
export function eventSelection(derived: DerivedData, filter: EventFilter): Int32Array {
  const facts = eventFacts(derived);
  return derived.keep('eventSelection', eventFilterKey(filter), () => computeEventSelection(derived.model, facts, filter), bytesOf);
}

export function eventRows(derived: DerivedData, req: EventRowsRequest): EventRows {
  const model = derived.model;
  const ev = model.events;
  const facts = eventFacts(derived);
  const sel = eventSelection(derived, req.filter);
  const from = Math.max(0, Math.min(sel.length, Math.floor(req.from) || 0));
  const to = Math.max(from, Math.min(sel.length, from + MAX_EVENT_ROWS, Math.floor(req.to) || 0));
  const n = to - from;
  const layout = model.interrupts?.layout;
  const rows: EventRows = {
    total: sel.length,
    all: ev.length,
    from,
    index: sel.slice(from, to),
    ts: new Float64Array(n),
    at: new Float64Array(n),
    cpu: new Int32Array(n),
    task: new Int32Array(n),
    taskLabel: [],
    taskHasCalls: new Uint8Array(n),
    name: new Int32Array(n),
    text: [],
    line: new Int32Array(n),
    names: facts.names,
    nameCounts: Array.from(facts.nameCounts),
  };
  for (let r = 0; r < n; r++) {
    const i = rows.index[r];
    const t = ev.task[i];
    rows.ts[r] = ev.ts[i];
    rows.at[r] = layout ? placeInLayout(layout, t, ev.ts[i]) : ev.ts[i];
    rows.cpu[r] = ev.cpu[i];
    rows.task[r] = t;
    const known = t >= 0 && t < model.tasks.length;
    rows.taskLabel.push(known ? taskLabel(model.tasks[t]) : '?');
    rows.taskHasCalls[r] = known && model.tasks[t].calls > 0 ? 1 : 0;
    rows.name[r] = facts.nameId[i];
    rows.text.push(ev.text[i]);
    rows.line[r] = ev.line[i];
  }
  return rows;
}

/** The row of the first event at or after `ns` among those the filter keeps. */
export function eventRowAt(derived: DerivedData, filter: EventFilter, ns: number): number {
  return firstAtOrAfter(derived.model, eventSelection(derived, filter), ns);
}

export interface EventMarkersRequest {
  /** Tasks and CPUs (the range is the window below). */
  filter: EventFilter;
  /** The Interrupts mode of the axis the markers are drawn on (the views' filter's); in place when missing. */
  irq?: IrqMode;
  startNs: number;
  endNs: number;
  /** Pixel columns: at most one tick per column and lane. */
  buckets: number;
}

/** One tick per pixel column and lane: the first event there, with how many it stands for. */
export interface EventMarkers {
  /** Where each tick lies on the axis of the calls: the event's time, laid out as its task's calls are in `apart` and `hidden`. */
  ts: Float64Array;
  /** The event's time in the trace (what its text says). */
  traceTs: Float64Array;
  kind: Uint8Array;
  /** Index into `names`. */
  name: Int32Array;
  /** Index into `tasks`. */
  task: Int32Array;
  /** Events the tick stands for (1 or more). */
  count: Uint32Array;
  names: string[];
  /** Task labels the ticks name (trace text: render as text only). */
  tasks: string[];
}

const LANES = 5;

export function eventMarkers(derived: DerivedData, req: EventMarkersRequest): EventMarkers {
  const model = derived.model;
  const ev = model.events;
  const facts = eventFacts(derived);
  const buckets = Math.max(1, Math.min(8192, Math.floor(req.buckets) || 1));
  const [a, b] = [req.startNs, Math.max(req.startNs, req.endNs)];
  const empty = (): EventMarkers => ({
    ts: new Float64Array(0),
    traceTs: new Float64Array(0),
    kind: new Uint8Array(0),
    name: new Int32Array(0),
    task: new Int32Array(0),
    count: new Uint32Array(0),
    names: facts.names,
    tasks: [],
  });
  if (ev.length === 0 || !(b >= a)) return empty();
  // Kept per filter (tasks, CPUs); the window is cut here by binary search, so panning reuses it.
  const sel = eventSelection(derived, { tasks: req.filter.tasks, cpus: req.filter.cpus });
  // Laid out without interrupts (apart, hidden), a task's events move with its calls: no
  // longer in time order, so every event of the selection is placed and the window tested.
  const layout = model.interrupts?.layout;
  const at = (i: number): number => (layout ? placeInLayout(layout, ev.task[i], ev.ts[i]) : ev.ts[i]);
  const lo = layout ? 0 : firstAtOrAfter(model, sel, a);
  const hi = layout ? sel.length : firstAfter(model, sel, b);
  const firstOf = new Int32Array(buckets * LANES).fill(-1);
  const count = new Uint32Array(buckets * LANES);
  const span = b - a || 1;
  for (let k = lo; k < hi; k++) {
    const i = sel[k];
    const kind = facts.nameKind[facts.nameId[i]];
    if (kind === EventKind.Other) continue;
    const x = at(i);
    if (!(x >= a && x <= b)) continue;
    const col = Math.min(buckets - 1, Math.floor(((x - a) / span) * buckets));
    const slot = col * LANES + kind;
    if (firstOf[slot] < 0) firstOf[slot] = i;
    count[slot]++;
  }
  let m = 0;
  for (const i of firstOf) if (i >= 0) m++;
  const out = empty();
  out.ts = new Float64Array(m);
  out.traceTs = new Float64Array(m);
  out.kind = new Uint8Array(m);
  out.name = new Int32Array(m);
  out.task = new Int32Array(m);
  out.count = new Uint32Array(m);
  const labels = new Map<number, number>();
  let r = 0;
  for (let slot = 0; slot < firstOf.length; slot++) {
    const i = firstOf[slot];
    if (i < 0) continue;
    const t = ev.task[i];
    let label = labels.get(t);
    if (label === undefined) {
      label = out.tasks.length;
      labels.set(t, label);
      out.tasks.push(t >= 0 && t < model.tasks.length ? taskLabel(model.tasks[t]) : '?');
    }
    out.ts[r] = at(i);
    out.traceTs[r] = ev.ts[i];
    out.kind[r] = slot % LANES;
    out.name[r] = facts.nameId[i];
    out.task[r] = label;
    out.count[r] = count[slot];
    r++;
  }
  return out;
}
