/**
 * The "Compared functions" tab: every function on either side with calls, total, self, p50
 * and p95 for A and for B, and the change of the compared quantity (absolute and ratio),
 * after normalisation. Filtered by the legend (only in A / only in B / in both), by "changed
 * by more than N %", by the search box, and, when the differential flame graph is zoomed,
 * optionally to what runs under its zoom root. Sortable on every column.
 *
 * A plain <table> (role table), virtualized as the Functions grid is: only the rows in the
 * scroller's view (and a margin) are in the DOM, between two spacer rows that hold the
 * others' height, so a comparison of thousands of functions scrolls and sorts at once.
 * Keys (the scroller has the focus): ↑ ↓ PageUp PageDown Home End move the selected
 * function (explore.selectedFunction: the Hook points panel's), scrolled into view; a right
 * click or the menu key opens the frame menu, with Compare from here (compare.pathsFrom).
 */
import { NameInB } from './NameInB';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { fetchComparedFunctions, presenceList, type ComparedFunctionRows } from '../../state/compare-queries';
import { setCompare, setExplore, useAppStore } from '../../state/store';
import { formatCount, formatDuration } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { formatDelta, formatRatio, QUANTITY_LABEL, underMissingNote } from './compare-format';
import { sortComparedRows, type ComparedColumn } from './compared-sort';
import { compareRequest, useCompareQuestion } from './use-compare-question';
import { scrollRowIntoView, useViewport, visibleRange } from '../call-tree/useViewport';
import { listKeyTarget } from '../list-keys';
import { isMenuKey, useFrameMenu } from '../context-menu/FrameMenu';
import { compareFromHere } from './compare-from-here';

/** A row's height until one is measured (the CSS fixes it: .cmp-table tbody tr). */
const ROW_HEIGHT = 24;
const PRESENCE_BADGE = ['', 'only in A', 'only in B', ''];

const SIDE_COLUMNS = [
  ['calls', 'calls'],
  ['total', 'total'],
  ['self', 'self'],
  ['p50', 'p50'],
  ['p95', 'p95'],
] as const;

export function ComparedFunctionsView() {
  const question = useCompareQuestion();
  const presence = useAppStore((s) => s.compare.presence);
  const minChange = useAppStore((s) => s.compare.minChangePercent);
  const underZoom = useAppStore((s) => s.compare.underZoom);
  const zoomPath = useAppStore((s) => s.compare.zoomPath);
  const [table, setTable] = useState<ComparedFunctionRows | null>(null);
  // The "Only under" path the table on screen was asked for (its underFound is about that one).
  const [tableUnder, setTableUnder] = useState<readonly string[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // In the store (kept across the compare views, carried by links).
  const sort = useAppStore((s) => s.compare.tableSort);
  const selected = useAppStore((s) => s.explore.selectedFunction);
  const scroller = useRef<HTMLDivElement>(null);
  const [vp] = useViewport(scroller);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT);
  const [headerHeight, setHeaderHeight] = useState(ROW_HEIGHT);
  const wantScroll = useRef(false);
  const under = underZoom && zoomPath.length > 0 ? zoomPath : undefined;

  useEffect(() => {
    let live = true;
    const key = compareRequest(question);
    const rows = { presence: presenceList(presence), ...(minChange !== null ? { minChangePercent: minChange } : {}) };
    fetchComparedFunctions({ ...key, rows, under }).then(
      (t) => {
        if (live && t) {
          setTable(t);
          setTableUnder(under);
          setError(null);
        }
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [question, presence, minChange, under]);

  const order = useMemo(() => (table ? sortComparedRows(table, sort) : []), [table, sort]);
  const q = question.quantity;
  const selectedIndex = useMemo(() => (table && selected !== null ? order.findIndex((r) => table.names[r] === selected) : -1), [order, table, selected]);
  const [first, last] = visibleRange({ scrollTop: vp.scrollTop, height: vp.height - headerHeight }, rowHeight, order.length);
  const shown = order.slice(first, last);

  // The rows' and the header's real heights (fonts differ): the spacers and the keys use them.
  const hasRows = shown.length > 0;
  useLayoutEffect(() => {
    const el = scroller.current;
    const row = el?.querySelector<HTMLElement>('tbody tr[data-presence]');
    const head = el?.querySelector<HTMLElement>('thead');
    if (row && row.offsetHeight > 0 && row.offsetHeight !== rowHeight) setRowHeight(row.offsetHeight);
    if (head && head.offsetHeight > 0 && head.offsetHeight !== headerHeight) setHeaderHeight(head.offsetHeight);
  }, [hasRows, rowHeight, headerHeight]);

  useEffect(() => {
    if (!wantScroll.current || selectedIndex < 0 || !scroller.current) return;
    wantScroll.current = false;
    scrollRowIntoView(scroller.current, selectedIndex, rowHeight, headerHeight);
  }, [selectedIndex, rowHeight, headerHeight]);

  const frameMenu = useFrameMenu();
  /** The context menu of a function (no stack: a row stands for every path of it), with Compare from here. */
  const openMenu = (name: string, x: number, y: number) =>
    frameMenu.open({ name, x, y, onHookPoints: () => setExplore({ selectedFunction: name }), actions: compareFromHere(name) });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isMenuKey(e) && table && selectedIndex >= 0) {
      e.preventDefault();
      const row = e.currentTarget.querySelector('tr[data-selected="true"]')?.getBoundingClientRect();
      openMenu(table.names[order[selectedIndex]], row ? row.left + 24 : 0, row ? row.bottom : 0);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || !table || order.length === 0) return;
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((vp.height - headerHeight) / rowHeight) - 1);
    const i = selectedIndex;
    const target = listKeyTarget(e.key, i, page, order.length);
    if (target === null) return;
    e.preventDefault();
    wantScroll.current = true;
    setExplore({ selectedFunction: table.names[order[target]] });
  };

  const header = (column: ComparedColumn, label: string, title: string, className = column === 'name' ? 'cmp-name' : 'num') => (
    <th
      key={column}
      scope="col"
      aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      className={className}
    >
      <button
        type="button"
        className="sort-button"
        title={title}
        onClick={() =>
          setCompare({ tableSort: sort.column === column ? { column, descending: !sort.descending } : { column, descending: column !== 'name' } })
        }
      >
        {label}
        <span aria-hidden="true">{sort.column === column ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
      </button>
    </th>
  );

  return (
    <section className="cmp-functions" aria-label="Compared functions view">
      <div className="fn-toolbar">
        <label className="toolbar-field" title="Keep functions whose compared quantity changed by more than this share of A's">
          <span>Changed by more than</span>
          <input
            type="number"
            min={0}
            step={5}
            className="cmp-percent"
            aria-label="Changed by more than (percent)"
            value={minChange ?? ''}
            placeholder="any"
            onChange={(e) => setCompare({ minChangePercent: e.target.value === '' ? null : Math.max(0, Number(e.target.value)) })}
          />
          <span>%</span>
        </label>
        <label className="toolbar-switch" title="Only the functions that run under the differential flame graph's zoomed frame, with their figures there">
          <input
            type="checkbox"
            role="switch"
            checked={underZoom}
            aria-checked={underZoom}
            disabled={zoomPath.length === 0}
            onChange={(e) => setCompare({ underZoom: e.target.checked })}
          />
          <span>{zoomPath.length > 0 ? `Only under ${zoomPath[zoomPath.length - 1]}` : 'Only under the zoomed frame'}</span>
        </label>
        <span className="muted fn-count" aria-live="polite">
          {table
            ? `${formatCount(table.length)} function${table.length === 1 ? '' : 's'}; change of ${QUANTITY_LABEL[q]}`
            : error
              ? ''
              : 'Loading…'}
        </span>
      </div>
      {error && <p className="error-text">Could not compare the functions: {error}</p>}
      {table && underMissingNote(tableUnder, table.underFound) && (
        <p className="flame-note" role="status">
          {underMissingNote(tableUnder, table.underFound)}
        </p>
      )}
      <div
        ref={scroller}
        className="cmp-table-scroll"
        tabIndex={0}
        onKeyDown={onKeyDown}
        role="region"
        aria-label="Compared functions rows"
        title="Arrow keys, Page Up/Down, Home and End move the selected function"
      >
        <table className="cmp-table" aria-label="Compared functions" aria-rowcount={order.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              {header('name', 'Function', 'Function name')}
              {SIDE_COLUMNS.map(([key, label]) => header(`a.${key}`, `A ${label}`, `Side A: ${label}`, 'num side-a'))}
              {SIDE_COLUMNS.map(([key, label]) => header(`b.${key}`, `B ${label}`, `Side B: ${label}`, 'num side-b'))}
              {header('delta', 'Change', `B − A of the ${QUANTITY_LABEL[q]}, normalised`)}
              {header('ratio', 'Ratio', 'B / A of the compared quantity')}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr aria-hidden="true" className="cmp-spacer" style={{ height: first * rowHeight }} />}
            {table &&
              shown.map((r, k) => {
                const name = table.names[r];
                const p = table.presence[r];
                const isSel = first + k === selectedIndex;
                return (
                  <tr
                    key={name}
                    data-presence={p}
                    aria-rowindex={first + k + 2}
                    data-selected={isSel ? 'true' : undefined}
                    className={`cmp-row${p === 1 ? ' only-a' : p === 2 ? ' only-b' : ''}${isSel ? ' cmp-selected' : ''}`}
                    // A click anywhere on the row selects it, as in the Functions table and the
                    // compared call tree (only the name did: a click on a figure did nothing).
                    onClick={() => setExplore({ selectedFunction: name })}
                    onContextMenu={(e) => {
                      e.preventDefault();
                      setExplore({ selectedFunction: name });
                      openMenu(name, e.clientX, e.clientY);
                    }}
                  >
                    <th scope="row" className="cmp-name">
                      <button type="button" className="name-button cmp-fn" title="Show its hook points on both sides" onClick={() => setExplore({ selectedFunction: name })}>
                        {name}
                      </button>
                      <NameInB name={table.namesB[r]} />
                      {PRESENCE_BADGE[p] && <span className={`presence-badge p${p}`}>{PRESENCE_BADGE[p]}</span>}
                      <SourceLink name={name} />
                    </th>
                    {(['a', 'b'] as const).map((side) =>
                      SIDE_COLUMNS.map(([key]) => (
                        <td key={`${side}-${key}`} className="num" data-col={`${side}.${key}`}>
                          {key === 'calls' ? formatCount(table[side].calls[r]) : formatDuration(table[side][key][r])}
                        </td>
                      )),
                    )}
                    <td className={`num ${table.delta[r] > 0 ? 'more' : table.delta[r] < 0 ? 'less' : ''}`} data-col="delta">
                      {formatDelta(table.delta[r], q)}
                    </td>
                    <td className="num" data-col="ratio">
                      {formatRatio(table.ratio[r])}
                    </td>
                  </tr>
                );
              })}
            {last < order.length && <tr aria-hidden="true" className="cmp-spacer" style={{ height: (order.length - last) * rowHeight }} />}
          </tbody>
        </table>
      </div>
      {frameMenu.menu}
    </section>
  );
}
