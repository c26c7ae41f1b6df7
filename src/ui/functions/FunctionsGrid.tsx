/**
 * Every function with a call in view, with its call count, total and self time and its
 * duration percentiles, and the interrupt time inside its calls (the same in every
 * Interrupts mode; above the grid, what the mode did with that time). A grid (rows are
 * selectable): sorted by clicking a column header (total descending at first; aria-sort
 * says how), virtualized like the call tree. The selected row is explore.selectedFunction;
 * arrow keys move it.
 *
 * The toolbar's search (the one search box of the app) brings the functions it matches to
 * the top, marked, in the column's order, and dims the rest below them; "Only matches"
 * hides the rest.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { setExplore, setFunctionsOnlyMatches, setFunctionsSort, useAppStore } from '../../state/store';
import type { FunctionColumn, FunctionsSort } from '../../state/slices/view';
import { fetchFunctionTable, type FunctionTable } from '../../state/tree-queries';
import { scrollRowIntoView, useViewport, visibleRange } from '../call-tree/useViewport';
import { useMatchedFuncs } from '../use-matched-funcs';
import { useViewFilter } from '../use-view-filter';
import { formatCount, formatDuration, unknownTimeTitle } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { isMenuKey, useFrameMenu } from '../context-menu/FrameMenu';
import { listKeyTarget } from '../list-keys';
import { percentileTitle } from './percentile-titles';
import { openScroll } from './open-scroll';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 30;

/** The columns' ids live in the view slice: a permalink carries the table's order. */
type Column = FunctionColumn;

const COLUMNS: readonly { key: Column; label: string; title: string }[] = [
  { key: 'name', label: 'Function', title: 'Function name' },
  { key: 'calls', label: 'Calls', title: 'Calls in view' },
  { key: 'total', label: 'Total', title: 'Summed duration of the calls (recursive calls counted each time)' },
  { key: 'self', label: 'Self', title: 'Time in the function itself, callees excluded' },
  { key: 'min', label: 'Min', title: 'Shortest call' },
  { key: 'p50', label: 'p50', title: percentileTitle(50) },
  { key: 'p95', label: 'p95', title: percentileTitle(95) },
  { key: 'p99', label: 'p99', title: percentileTitle(99) },
  { key: 'max', label: 'Max', title: 'Longest call' },
  {
    key: 'irq',
    label: 'Irq inside',
    title: 'Interrupt time inside: the time of the interrupt frames nested in the calls (with interrupts apart or hidden, the time the total no longer holds)',
  },
];

/** What the Interrupts switch did with the time of the table's interrupt frames. */
function interruptsNote(t: FunctionTable): string {
  const { mode, frames, ns } = t.interrupts;
  if (frames === 0) return 'No interrupt frames';
  const time = `${formatDuration(ns)} of interrupts (${formatCount(frames)} frames)`;
  return mode === 'apart' ? `${time} moved to [interrupts]` : mode === 'hidden' ? `${time} hidden` : `${time} in place`;
}

type Sort = FunctionsSort;

/** Matches first (each part keeps the sort order), or matches only. */
export function matchesFirst(rows: readonly number[], isMatch: (row: number) => boolean, onlyMatches: boolean): number[] {
  const hits = rows.filter(isMatch);
  return onlyMatches ? hits : hits.concat(rows.filter((r) => !isMatch(r)));
}

/** Row order for a sort: numbers with missing values (NaN) last either way; names A→Z. */
function sortRows(t: FunctionTable, rows: number[], sort: Sort): number[] {
  const out = rows.slice();
  const dir = sort.descending ? -1 : 1;
  if (sort.column === 'name') {
    out.sort((a, b) => dir * (t.names[a] < t.names[b] ? -1 : t.names[a] > t.names[b] ? 1 : 0));
    return out;
  }
  const col = t[sort.column];
  // Ties: the larger total first (an unknown total, NaN, after every known one), then row order.
  const total = (r: number) => (Number.isNaN(t.total[r]) ? -1 : t.total[r]);
  const byTotal = (a: number, b: number) => total(b) - total(a) || a - b;
  out.sort((a, b) => {
    const x = col[a];
    const y = col[b];
    const nx = Number.isNaN(x);
    const ny = Number.isNaN(y);
    if (nx || ny) return nx === ny ? byTotal(a, b) : nx ? 1 : -1;
    return dir * (x - y) || byTotal(a, b);
  });
  return out;
}

/** "1,463 functions", or with a search "2 of 1,463 functions match "tcp_sendmsg", listed first". */
function functionCount(all: number, matches: number | null, search: string): string {
  const functions = `${formatCount(all)} function${all === 1 ? '' : 's'}`;
  if (matches === null) return functions;
  return `${formatCount(matches)} of ${functions} match "${search}"${matches > 0 ? ', listed first' : ''}`;
}

export function FunctionsGrid() {
  const trace = useAppStore((s) => s.session.traceId);
  const filter = useViewFilter();
  const selected = useAppStore((s) => s.explore.selectedFunction);
  const search = useAppStore((s) => s.explore.search);
  const matched = useMatchedFuncs(filter, search);
  const [table, setTable] = useState<FunctionTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  // In the store (kept across tabs, carried by links): the order and "Only matches".
  const sort = useAppStore((s) => s.view.functionsSort);
  const onlyMatches = useAppStore((s) => s.view.functionsOnlyMatches);
  const scroller = useRef<HTMLDivElement>(null);
  const [vp] = useViewport(scroller);
  const wantScroll = useRef(true);

  useEffect(() => {
    if (!trace) return;
    let live = true;
    fetchFunctionTable(filter).then(
      (t) => {
        if (live && t) {
          setTable(t);
          setError(null);
        }
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [trace, filter]);

  const sorted = useMemo(() => (table ? sortRows(table, Array.from(table.names, (_, r) => r), sort) : []), [table, sort]);
  const rows = useMemo(
    () => (table && matched ? matchesFirst(sorted, (r) => matched.has(table.func[r]), onlyMatches) : sorted),
    [table, sorted, matched, onlyMatches],
  );
  const matchCount = useMemo(() => (table && matched ? table.func.reduce((n, f) => n + (matched.has(f) ? 1 : 0), 0) : 0), [table, matched]);
  const selectedIndex = useMemo(() => (table && selected !== null ? rows.findIndex((r) => table.names[r] === selected) : -1), [rows, table, selected]);

  // The first scroll, as the tab opens, keeps a search's matches in view (open-scroll.ts);
  // the later ones (arrow keys) follow the selected row.
  const opening = useRef(true);
  const searchReady = matched !== null;
  useEffect(() => {
    if (!wantScroll.current || !scroller.current) return;
    const to = opening.current ? openScroll(selectedIndex, { active: search.trim() !== '', ready: searchReady, matches: matchCount }) : selectedIndex;
    if (to === 'wait' || (typeof to === 'number' && to < 0)) return;
    wantScroll.current = false;
    opening.current = false;
    if (to === 'top') scroller.current.scrollTop = 0;
    else scrollRowIntoView(scroller.current, to, ROW_HEIGHT, HEADER_HEIGHT);
  }, [selectedIndex, search, searchReady, matchCount]);

  // A new search lists its matches first: they are shown from the top. Without it, coming
  // back to the tab scrolled to the selected function (wantScroll) once the table came,
  // which could be after the search, leaving the first matches out of view.
  const lastSearch = useRef(search);
  useEffect(() => {
    if (lastSearch.current === search) return;
    lastSearch.current = search;
    wantScroll.current = false;
    if (search !== '' && scroller.current) scroller.current.scrollTop = 0;
  }, [search]);

  const selectRow = (index: number) => {
    if (!table || rows.length === 0) return;
    const r = rows[Math.max(0, Math.min(rows.length - 1, index))];
    wantScroll.current = true;
    opening.current = false;
    setExplore({ selectedFunction: table.names[r] });
  };

  const frameMenu = useFrameMenu();
  /** The context menu of a function: no stack (a row stands for every call path of it). */
  const openMenu = (name: string, x: number, y: number) =>
    frameMenu.open({ name, x, y, onHookPoints: () => setExplore({ selectedFunction: name }) });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isMenuKey(e) && table && selectedIndex >= 0) {
      e.preventDefault();
      const row = document.getElementById(`fn-row-${rows[selectedIndex]}`)?.getBoundingClientRect();
      openMenu(table.names[rows[selectedIndex]], row ? row.left + 24 : 0, row ? row.bottom : 0);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor((vp.height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const i = selectedIndex;
    const target = listKeyTarget(e.key, i, page, rows.length);
    if (target !== null) {
      e.preventDefault();
      selectRow(target);
    }
  };

  const onSort = (column: Column) =>
    setFunctionsSort(sort.column === column ? { column, descending: !sort.descending } : { column, descending: column !== 'name' });

  const [first, last] = visibleRange({ scrollTop: vp.scrollTop, height: vp.height - HEADER_HEIGHT }, ROW_HEIGHT, rows.length);

  return (
    <section className="fn-table" aria-label="Functions table">
      <div className="fn-toolbar">
        <label className="toolbar-switch fn-only-matches" title="Hide the functions the toolbar's search does not match">
          <input
            type="checkbox"
            role="switch"
            checked={onlyMatches}
            disabled={matched === null}
            onChange={(e) => setFunctionsOnlyMatches(e.target.checked)}
          />
          <span>Only matches</span>
        </label>
        <span className="muted fn-count" aria-live="polite">
          {table ? functionCount(table.names.length, matched ? matchCount : null, search) : error ? '' : 'Loading…'}
        </span>
        {table && (
          <span className="muted fn-interrupts" data-irq={table.interrupts.mode}>
            {interruptsNote(table)}
          </span>
        )}
      </div>
      {error && <p className="error-text">Could not compute the statistics: {error}</p>}
      <div
        ref={scroller}
        className="fn-grid"
        role="grid"
        aria-label="Functions"
        aria-rowcount={rows.length + 1}
        aria-colcount={COLUMNS.length}
        aria-activedescendant={selectedIndex >= 0 && table ? `fn-row-${rows[selectedIndex]}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="fn-head">
          <div role="row" className="fn-row fn-head-row" aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <div
                key={c.key}
                role="columnheader"
                className={`fn-cell${c.key === 'name' ? ' fn-name-cell' : ' num'}`}
                aria-sort={sort.column === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" className="sort-button" title={c.title} onClick={() => onSort(c.key)}>
                  {c.label}
                  <span aria-hidden="true">{sort.column === c.key ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
                </button>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="fn-body" style={{ height: rows.length * ROW_HEIGHT }}>
          {table &&
            rows.slice(first, last).map((r, k) => {
              const index = first + k;
              const name = table.names[r];
              const isSel = index === selectedIndex;
              const mark = matched === null ? '' : matched.has(table.func[r]) ? ' fn-hit' : ' fn-dim';
              return (
                <div
                  key={r}
                  id={`fn-row-${r}`}
                  role="row"
                  className={`fn-row${isSel ? ' fn-selected' : ''}${mark}`}
                  aria-rowindex={index + 2}
                  aria-selected={isSel}
                  style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
                  onClick={() => setExplore({ selectedFunction: name })}
                  onContextMenu={(e) => {
                    e.preventDefault();
                    setExplore({ selectedFunction: name });
                    openMenu(name, e.clientX, e.clientY);
                  }}
                >
                  <div role="gridcell" className="fn-cell fn-name-cell">
                    <span className="fn-name" title={name}>
                      {name}
                    </span>
                    <SourceLink name={name} tabIndex={-1} />
                  </div>
                  <div role="gridcell" className="fn-cell num">
                    {formatCount(table.calls[r])}
                  </div>
                  {/* NaN: no call of the function returned in the trace ("—", the tooltip says why). */}
                  {[table.total, table.self, table.min, table.p50, table.p95, table.p99, table.max, table.irq].map((column, c) => (
                    <div key={c} role="gridcell" className="fn-cell num" title={unknownTimeTitle(column[r])}>
                      {formatDuration(column[r])}
                    </div>
                  ))}
                </div>
              );
            })}
        </div>
      </div>
      {frameMenu.menu}
    </section>
  );
}
