/**
 * The "Events" tab: the trace's instant events (sched_switch, sched_wakeup, irq and softirq
 * entries and exits, local timers, and every other event line the parser kept), in time
 * order: absolute time, CPU, task, event and its fields as printed.
 *
 * Filtered by the event name picked here and by the filter bar's task, CPUs and time range.
 * Virtualized: the worker sends only the rows on screen (a page around them), with the
 * counts. A click (or Enter on the active row) shows that time in the flame chart, on the
 * event's task when it has calls.
 *
 * Every string here is trace text: rendered as React text, never as HTML.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { IrqMode } from '../../core/model/interrupt-mode';
import { fetchEventRows, jumpToTime, type EventFilter, type EventRows } from '../../state/event-queries';
import { setEventName, useAppStore } from '../../state/store';
import { useFillHeight } from '../call-tree/useFillHeight';
import { scrollRowIntoView, useViewport, visibleRange } from '../call-tree/useViewport';
import { formatCount } from '../format';
import { useViewFilter } from '../use-view-filter';
import { eventNameOfOption, eventNameOption, formatTraceTime } from './event-format';
import { listKeyTarget } from '../list-keys';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;
/** Rows asked for at a time: a page starts at a multiple of PAGE and covers two more. */
const PAGE = 100;

/** "12,155 events", or "3,402 of 12,155 events" when a filter keeps some. */
function eventCount(rows: EventRows | null): string {
  if (!rows) return 'Loading…';
  const all = `${formatCount(rows.all)} event${rows.all === 1 ? '' : 's'}`;
  return rows.total === rows.all ? all : `${formatCount(rows.total)} of ${all}`;
}

export function EventsView() {
  const trace = useAppStore((s) => s.session.traceId);
  const viewFilter = useViewFilter();
  const irq = viewFilter.irq;
  /** The event name picked, null for all of them ('' is a name: function_graph comments have it); a link carries it. */
  const name = useAppStore((s) => s.view.eventName);
  const filter = useMemo<EventFilter>(
    () => ({ names: name === null ? undefined : [name], tasks: viewFilter.tasks, cpus: viewFilter.cpus, range: viewFilter.range }),
    [name, viewFilter],
  );
  const root = useRef<HTMLElement>(null);
  const height = useFillHeight(root, 24, 320);
  const scroller = useRef<HTMLDivElement>(null);
  const [vp] = useViewport(scroller);
  const [page, setPage] = useState<{ filter: EventFilter; irq: IrqMode | undefined; rows: EventRows } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(-1);

  const rows = page?.rows ?? null;
  const total = rows?.total ?? 0;
  const [first, last] = visibleRange({ scrollTop: vp.scrollTop, height: vp.height - HEADER_HEIGHT }, ROW_HEIGHT, total);
  const pageFrom = Math.floor(first / PAGE) * PAGE;
  const covered = page !== null && page.filter === filter && page.irq === irq && first >= page.rows.from && last <= page.rows.from + page.rows.ts.length;

  // A new filter starts at the top.
  useEffect(() => {
    setActive(-1);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [filter]);

  useEffect(() => {
    if (!trace || covered) return;
    let live = true;
    fetchEventRows(filter, pageFrom, pageFrom + 3 * PAGE, irq).then(
      (r) => {
        if (live && r) {
          setPage({ filter, irq, rows: r });
          setError(null);
        }
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [trace, filter, irq, pageFrom, covered]);

  const rowAt = (index: number): number => (rows && index >= rows.from && index < rows.from + rows.ts.length ? index - rows.from : -1);

  const jump = (index: number) => {
    const r = rowAt(index);
    if (!rows || r < 0) return;
    // Where the event is on the flame chart's axis (laid out without interrupts in apart and hidden).
    jumpToTime(rows.task[r], rows.at[r], rows.taskHasCalls[r] === 1);
  };

  const moveTo = (index: number) => {
    if (total === 0) return;
    const i = Math.max(0, Math.min(total - 1, index));
    setActive(i);
    if (scroller.current) scrollRowIntoView(scroller.current, i, ROW_HEIGHT, HEADER_HEIGHT);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const pageRows = Math.max(1, Math.floor((vp.height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const target = listKeyTarget(e.key, active, pageRows, total, first);
    if (target !== null) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      jump(active);
    }
  };

  const names = rows?.names ?? [];
  const onScreen: number[] = [];
  if (rows) for (let i = first; i < last; i++) if (rowAt(i) >= 0) onScreen.push(i);

  return (
    <section ref={root} className="events-view" aria-label="Events view" style={{ height }}>
      <div className="ev-toolbar">
        <label className="ev-name-filter">
          <span>Event</span>
          <select value={name === null ? '' : eventNameOption(name).value} onChange={(e) => setEventName(eventNameOfOption(e.target.value))} data-testid="event-name-filter">
            <option value="">All events</option>
            {rows && name !== null && !names.includes(name) && (
              // A link's name this trace has no event of: shown as what is picked (a select
              // showing "All events" over an empty list would say the trace has no events).
              <option value={eventNameOption(name).value}>{`${eventNameOption(name).label} (none in this trace)`}</option>
            )}
            {names.map((n, id) => {
              const option = eventNameOption(n);
              return (
                <option key={id} value={option.value}>{`${option.label} (${formatCount(rows!.nameCounts[id])})`}</option>
              );
            })}
          </select>
        </label>
        <span className="muted ev-count" aria-live="polite" data-testid="event-count" data-total={rows?.total} data-all={rows?.all}>
          {error ? '' : eventCount(rows)}
        </span>
        <span className="muted ev-hint">The filter bar&apos;s task, CPUs and time range apply. Click an event to see its time in the flame chart.</span>
      </div>
      {error && <p className="error-text">Could not list the events: {error}</p>}
      {rows && rows.all === 0 && <p className="muted ev-empty">This trace has no events besides its calls.</p>}
      <div
        ref={scroller}
        className="ev-grid"
        role="grid"
        aria-label="Events"
        aria-rowcount={total + 1}
        aria-colcount={5}
        aria-activedescendant={active >= 0 && rowAt(active) >= 0 ? `ev-row-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => active < 0 && total > 0 && setActive(first)}
      >
        <div role="rowgroup" className="ev-head">
          <div role="row" className="ev-row ev-head-row" aria-rowindex={1}>
            <div role="columnheader" className="ev-cell num">Time (s)</div>
            <div role="columnheader" className="ev-cell num">CPU</div>
            <div role="columnheader" className="ev-cell">Task</div>
            <div role="columnheader" className="ev-cell">Event</div>
            <div role="columnheader" className="ev-cell">Fields</div>
          </div>
        </div>
        <div role="rowgroup" className="ev-body" style={{ height: total * ROW_HEIGHT }}>
          {rows &&
            onScreen.map((index) => {
              const r = index - rows.from;
              const eventName = names[rows.name[r]] ?? '';
              return (
                <div
                  key={rows.index[r]}
                  id={`ev-row-${index}`}
                  role="row"
                  className={`ev-row${index === active ? ' ev-active' : ''}`}
                  aria-rowindex={index + 2}
                  aria-selected={index === active}
                  data-event={eventName}
                  data-ts={rows.ts[r]}
                  data-task={rows.taskLabel[r]}
                  style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
                  onClick={() => {
                    setActive(index);
                    jump(index);
                  }}
                >
                  <div role="gridcell" className="ev-cell num">
                    {formatTraceTime(rows.ts[r])}
                  </div>
                  <div role="gridcell" className="ev-cell num">
                    {rows.cpu[r] >= 0 ? rows.cpu[r] : '?'}
                  </div>
                  <div role="gridcell" className="ev-cell" title={rows.taskLabel[r]}>
                    {rows.taskLabel[r]}
                  </div>
                  <div role="gridcell" className="ev-cell ev-name">
                    {eventName}
                  </div>
                  <div role="gridcell" className="ev-cell ev-fields" title={rows.text[r]}>
                    {rows.text[r]}
                  </div>
                </div>
              );
            })}
        </div>
      </div>
    </section>
  );
}
