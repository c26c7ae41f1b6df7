/**
 * The trace's instant events (sched_switch, sched_wakeup, irq and softirq entries and
 * exits, local timers, …: the model's EventTable) as the Events view and the event markers
 * read them.
 *
 * The model keeps each event's name and printed fields as strings, one per event. What is
 * derived here is compact: the names interned once (an id per event in an Int32Array), a
 * marker kind per event (a byte), and the events in time order (an Int32Array, null when
 * the input order already is). A trace without events derives empty arrays: nothing per call.
 */
import type { Nanoseconds } from '../model/call-table';
import type { TraceModel } from '../model/tables';
import { placeInLayout } from '../model/irq-time-layout';

/**
 * The marker lanes: what the overview and the flame chart draw as ticks. Other (migrations,
 * prints, stacks…) is listed in the Events view only. A plain object (isolatedModules).
 */
export const EventKind = { Other: 0, Switch: 1, Wakeup: 2, IrqEntry: 3, IrqExit: 4 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** The kind of an event name (the marker lane it is drawn in). */
export function eventKindOf(name: string): EventKind {
  // context_switch and wakeup: the wakeup tracers' own records (parse/ctx-wake.ts).
  if (name === 'sched_switch' || name === 'context_switch') return EventKind.Switch;
  if (name === 'sched_wakeup' || name === 'sched_wakeup_new' || name === 'sched_waking' || name === 'wakeup') return EventKind.Wakeup;
  if (name === 'irq_handler_entry' || name === 'softirq_entry' || name === 'local_timer_entry') return EventKind.IrqEntry;
  if (name === 'irq_handler_exit' || name === 'softirq_exit' || name === 'local_timer_exit') return EventKind.IrqExit;
  return EventKind.Other;
}

export interface EventFacts {
  /** Distinct event names, in order of first appearance. */
  names: string[];
  /** Per event: index into `names`. */
  nameId: Int32Array;
  /** Per event name: how many events carry it. */
  nameCounts: Uint32Array;
  /** Per event name: its EventKind. */
  nameKind: Uint8Array;
  /** Event indices in time order (ties and untimed events in input order, untimed last); null when the input order is. */
  order: Int32Array | null;
}

export function computeEventFacts(model: TraceModel): EventFacts {
  const ev = model.events;
  const n = ev.length;
  const ids = new Map<string, number>();
  const names: string[] = [];
  const nameId = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const name = ev.name[i];
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    nameId[i] = id;
  }
  const nameCounts = new Uint32Array(names.length);
  for (let i = 0; i < n; i++) nameCounts[nameId[i]]++;
  const nameKind = Uint8Array.from(names, eventKindOf);
  return { names, nameId, nameCounts, nameKind, order: timeOrder(ev.ts) };
}

/** NaN (no timestamp) sorts after every time. */
const key = (t: number): number => (Number.isNaN(t) ? Number.POSITIVE_INFINITY : t);

function timeOrder(ts: readonly Nanoseconds[]): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < ts.length && sorted; i++) if (key(ts[i]) < key(ts[i - 1])) sorted = false;
  if (sorted) return null;
  const order = Int32Array.from(ts, (_t, i) => i);
  order.sort((a, b) => key(ts[a]) - key(ts[b]) || a - b);
  return order;
}

/** What the Events view keeps. Empty or missing lists keep everything. */
export interface EventFilter {
  /** Event names (as printed). */
  names?: readonly string[];
  /** Task ids (indices into model.tasks). */
  tasks?: readonly number[];
  cpus?: readonly number[];
  /**
   * [startNs, endNs], closed; an event without a timestamp is kept only when no range is set.
   * On the time axis of the model's calls: in the Interrupts modes apart and hidden, where a
   * task's calls are laid out without its interrupts (and the range is picked on that axis),
   * an event is placed as its task's calls were moved (model/irq-time-layout.ts).
   */
  range?: readonly [Nanoseconds, Nanoseconds];
}

/** The events the filter keeps, in time order (indices into the EventTable). */
export function computeEventSelection(model: TraceModel, facts: EventFacts, filter: EventFilter): Int32Array {
  const ev = model.events;
  const n = ev.length;
  let keepName: Uint8Array | null = null;
  if (filter.names?.length) {
    keepName = new Uint8Array(facts.names.length);
    const wanted = new Set(filter.names);
    facts.names.forEach((name, id) => {
      if (wanted.has(name)) keepName![id] = 1;
    });
  }
  const tasks = filter.tasks?.length ? new Set(filter.tasks) : null;
  const cpus = filter.cpus?.length ? new Set(filter.cpus) : null;
  const range = filter.range;
  const layout = model.interrupts?.layout;
  const out = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = facts.order ? facts.order[k] : k;
    if (keepName && !keepName[facts.nameId[i]]) continue;
    if (tasks && !tasks.has(ev.task[i])) continue;
    if (cpus && !cpus.has(ev.cpu[i])) continue;
    if (range) {
      const t = layout ? placeInLayout(layout, ev.task[i], ev.ts[i]) : ev.ts[i];
      // NaN fails both: an untimed event is outside every range.
      if (!(t >= range[0] && t <= range[1])) continue;
    }
    out[m++] = i;
  }
  return out.slice(0, m);
}

/**
 * The first position in `selection` (time ordered) whose event is at or after `ns`
 * (selection.length when none): where a list scrolled to a time starts.
 */
export function firstAtOrAfter(model: TraceModel, selection: Int32Array, ns: Nanoseconds): number {
  return search(model.events.ts, selection, (t) => t < ns);
}

/** The first position in `selection` whose event is after `ns` (selection.length when none). */
export function firstAfter(model: TraceModel, selection: Int32Array, ns: Nanoseconds): number {
  return search(model.events.ts, selection, (t) => t <= ns);
}

/** The first position where `before` (monotone over the time order) stops holding. */
function search(ts: readonly Nanoseconds[], selection: Int32Array, before: (t: number) => boolean): number {
  let lo = 0;
  let hi = selection.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(key(ts[selection[mid]]))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
