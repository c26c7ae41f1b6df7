/**
 * The call tree as an ARIA treegrid: one row per call path, indented by depth, with total,
 * self, calls and share of the whole view. Virtualized: rows have one fixed height and only
 * those in the scrolled window are in the DOM, so 100k open rows cost what a screenful does.
 *
 * Focus: the grid element keeps the keyboard focus and points at the focused row with
 * aria-activedescendant. The focused row IS explore.focusPath (names from the root), so a
 * permalink or a search step that sets it from outside opens the way to it and scrolls it
 * into view. Keys: Up/Down, Right (expand / first child), Left (collapse / parent), Enter
 * (toggle and select), `*` (expand the whole subtree, capped), Home/End, PageUp/PageDown, and
 * type-ahead: printable characters move to the next row whose name starts with them
 * (`type-ahead.ts`).
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { setCallersPane, setExplore, useAppStore } from '../../state/store';
import { showFirstMatch } from '../../state/tree-queries';
import type { MatchedSearch } from '../use-matched-funcs';
import { MAX_SUBTREE_ROWS } from '../../lib/limits';
import { formatCount, formatDuration, formatShare, unknownTimeTitle } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { isMenuKey, useFrameMenu } from '../context-menu/FrameMenu';
import { ancestorsOfHits, pathOf, type TreeData, type TreeNode } from './tree-data';
import { noCallsText } from '../no-calls';
import { scrollRowIntoView, useViewport, visibleRange } from './useViewport';
import { isTypeAheadKey, NO_TYPE_AHEAD, typeAheadAfter, typeAheadMatch } from './type-ahead';
import { isTextField } from '../toolbar/keys';
import { samePath } from '../../lib/same-path';

/** Row height in CSS pixels (matches .ct-row in styles.css). */
const ROW_HEIGHT = 24;
/** Height of the sticky column header row. */
const HEADER_HEIGHT = 28;
/** Indent per depth level. */
const INDENT = 14;

export interface CallTreeGridProps {
  data: TreeData;
  /** Function ids the search matches (and the pattern they answer); null = no search. */
  matched: MatchedSearch | null;
  /** Called with a status message (expansion capped, …) for the live region. */
  onNotice: (text: string) => void;
}

export function CallTreeGrid({ data, matched: matchedSearch, onNotice }: CallTreeGridProps) {
  const version = useSyncExternalStore(data.subscribe, data.getVersion);
  const matched = matchedSearch?.funcs ?? null;
  const search = useAppStore((s) => s.explore.search);
  const focusPath = useAppStore((s) => s.explore.focusPath);
  const trace = useAppStore((s) => s.session.summary);
  /** The focus path whose row has been found (so the focus is what it will stay). */
  const [settledPath, setSettledPath] = useState<readonly string[] | null>(null);
  const selectedFunction = useAppStore((s) => s.explore.selectedFunction);
  const scroller = useRef<HTMLDivElement>(null);
  const [vp] = useViewport(scroller);
  const [focus, setFocus] = useState<TreeNode | null>(null);
  /** The focus path this grid wrote itself (so its own moves do not go through `reveal`). */
  const ownPath = useRef<string[] | null>(null);
  /** Scroll the focused row into view after the next render (set when the focus moves). */
  const wantScroll = useRef(false);

  useEffect(() => {
    void data.loadRoots();
  }, [data]);

  /** Focuses a row because the user moved there: the row is on screen, no reveal needed. */
  const moveTo = useCallback((node: TreeNode | null) => {
    setFocus(node);
    wantScroll.current = true;
    const p = node ? pathOf(node) : [];
    ownPath.current = p;
    setSettledPath(p);
    setExplore({ focusPath: p });
  }, []);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => data.visibleRows(), [data, version]);
  const indexOf = useMemo(() => {
    const m = new Map<TreeNode, number>();
    rows.forEach((n, k) => m.set(n, k));
    return m;
  }, [rows]);

  // Another tree (filter, inversion, trace): the focus path must be found again in it.
  useEffect(() => {
    ownPath.current = null;
  }, [data]);

  // The focus path changed outside (search step, permalink, another tree): open the way to it.
  useEffect(() => {
    if (ownPath.current && samePath(ownPath.current, focusPath)) return;
    ownPath.current = null;
    let live = true;
    if (focusPath.length === 0) {
      setFocus(null);
      setSettledPath(focusPath);
      return;
    }
    void data.reveal(focusPath).then((node) => {
      if (!live) return;
      setFocus(node);
      wantScroll.current = true;
      if (node && !samePath(pathOf(node), focusPath)) {
        // Only part of the path is in this tree: focus (and record) the deepest part that is.
        const p = pathOf(node);
        ownPath.current = p;
        setSettledPath(p);
        setExplore({ focusPath: p });
      } else {
        setSettledPath(focusPath);
      }
    });
    return () => {
      live = false;
    };
  }, [data, focusPath]);

  // The open rows (explore.openPaths, in the link). Asked from outside (a link, Back or
  // Forward, the tree of another filter): opened here; while that runs the rows opening are
  // not written back. Then every open or close of a row writes them.
  const openPaths = useAppStore((s) => s.explore.openPaths);
  const applyingOpen = useRef(0);
  const writeOpenPaths = useCallback(() => {
    const e = useAppStore.getState().explore;
    // The way to the focus opens with it: only what is open beyond it is written.
    const paths = data.openLeafPaths().filter((p) => !(p.length < e.focusPath.length && samePath(p, e.focusPath.slice(0, p.length))));
    if (paths.length !== e.openPaths.length || paths.some((p, k) => !samePath(p, e.openPaths[k]))) setExplore({ openPaths: paths });
  }, [data]);
  useEffect(() => {
    const missing = openPaths.filter((p) => !data.isPathOpen(p));
    if (missing.length === 0) return;
    applyingOpen.current++;
    void Promise.all(missing.map((p) => data.openPath(p))).finally(() => {
      applyingOpen.current--;
      if (applyingOpen.current === 0) writeOpenPaths();
    });
  }, [data, openPaths, writeOpenPaths]);
  useEffect(() => {
    if (applyingOpen.current === 0 && data.roots) writeOpenPaths();
  }, [data, version, writeOpenPaths]);

  // A focused row that was collapsed away (its ancestor closed) hands the focus to that ancestor.
  useEffect(() => {
    if (!focus || indexOf.has(focus)) return;
    // A row of another tree (the key just changed): the reveal effect refocuses; leave focusPath be.
    let top = focus;
    while (top.parent) top = top.parent;
    if (!data.roots?.includes(top)) return;
    let p = focus.parent;
    while (p && !indexOf.has(p)) p = p.parent;
    moveTo(p);
  }, [indexOf]); // eslint-disable-line react-hooks/exhaustive-deps

  // A search with matches shows the first one at once (no Enter needed): the worker finds
  // it, the focus path moves there and the reveal above opens the way. Not when the focused
  // row already is a match (a permalink's, a step's), and once per search (showFirstMatch).
  const focusSettled = settledPath === focusPath;
  useEffect(() => {
    if (!matchedSearch || matchedSearch.pattern !== search || matchedSearch.funcs.size === 0 || !focusSettled) return;
    if (focus && !focus.isTask && matchedSearch.funcs.has(focus.func)) return;
    void showFirstMatch();
  }, [matchedSearch, search, focusSettled, focus]);

  // The loaded rows above a match stay readable (not dimmed): the path being looked for.
  const aboveHits = useMemo(
    () => (matched ? ancestorsOfHits(data.roots, (n) => !n.isTask && matched.has(n.func)) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, version, matched],
  );

  useEffect(() => {
    if (!wantScroll.current || !focus || !scroller.current) return;
    const i = indexOf.get(focus);
    if (i === undefined) return;
    wantScroll.current = false;
    scrollRowIntoView(scroller.current, i, ROW_HEIGHT, HEADER_HEIGHT);
  }, [focus, indexOf]);

  const select = useCallback((node: TreeNode) => {
    if (!node.isTask) setExplore({ selectedFunction: node.name });
  }, []);

  const toggle = useCallback(
    (node: TreeNode) => {
      if (data.isExpanded(node)) data.collapse(node);
      else void data.expand(node);
    },
    [data],
  );

  /** A row whose subtree was just opened with `*`: scroll so that as much of it shows as fits. */
  const showSubtree = useRef<TreeNode | null>(null);
  useEffect(() => {
    const node = showSubtree.current;
    const el = scroller.current;
    const i = node ? indexOf.get(node) : undefined;
    if (!node || !el || i === undefined) return;
    showSubtree.current = null;
    let end = i + 1;
    while (end < rows.length && rows[end].depth > node.depth) end++;
    const visible = el.clientHeight - HEADER_HEIGHT;
    if (end * ROW_HEIGHT > el.scrollTop + visible) el.scrollTop = Math.min(i * ROW_HEIGHT, end * ROW_HEIGHT - visible);
  }, [indexOf, rows]);

  const expandAll = useCallback(
    async (node: TreeNode) => {
      onNotice(`Expanding ${node.name}…`);
      // Set before: the rows may re-render inside expandSubtree, before it resolves.
      showSubtree.current = node;
      const complete = await data.expandSubtree(node, MAX_SUBTREE_ROWS);
      onNotice(
        complete
          ? `Expanded everything under ${node.name}.`
          : `Expanded ${node.name} level by level up to ${formatCount(MAX_SUBTREE_ROWS)} rows; expand deeper rows one by one.`,
      );
    },
    [data, onNotice],
  );

  /** The type-ahead prefix typed so far (a ref: it changes no render). */
  const typeAhead = useRef(NO_TYPE_AHEAD);

  const frameMenu = useFrameMenu();
  /** The context menu of a row, at (x, y) in the viewport. */
  const openMenu = (node: TreeNode, x: number, y: number) => {
    const path = pathOf(node);
    frameMenu.open({
      name: node.name,
      stack: data.key.inverted ? [...path].reverse() : path,
      x,
      y,
      onHookPoints: node.isTask
        ? undefined
        : () => {
            setExplore({ selectedFunction: node.name });
            setCallersPane(true);
          },
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isMenuKey(e) && focus) {
      e.preventDefault();
      const row = document.getElementById(`ct-row-${focus.id}`)?.getBoundingClientRect();
      openMenu(focus, row ? row.left + 24 : 0, row ? row.bottom : 0);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const i = focus ? (indexOf.get(focus) ?? -1) : -1;
    const page = Math.max(1, Math.floor((vp.height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const at = (k: number) => rows[Math.max(0, Math.min(rows.length - 1, k))] ?? null;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(i < 0 ? at(0) : at(i + 1));
        break;
      case 'ArrowUp':
        moveTo(i < 0 ? at(0) : at(i - 1));
        break;
      case 'PageDown':
        moveTo(at(i + page));
        break;
      case 'PageUp':
        moveTo(at(i - page));
        break;
      case 'Home':
        moveTo(at(0));
        break;
      case 'End':
        moveTo(at(rows.length - 1));
        break;
      case 'ArrowRight':
        if (!focus) moveTo(at(0));
        else if (focus.childCount > 0 && !data.isExpanded(focus)) void data.expand(focus);
        else if (data.isExpanded(focus) && focus.children?.length) moveTo(focus.children[0]);
        break;
      case 'ArrowLeft':
        if (!focus) moveTo(at(0));
        else if (data.isExpanded(focus)) data.collapse(focus);
        else if (focus.parent) moveTo(focus.parent);
        break;
      case 'Enter':
        if (focus) {
          toggle(focus);
          select(focus);
        }
        break;
      case '*':
        if (focus) void expandAll(focus);
        break;
      default:
        handled = false;
    }
    // Another key of the tree ends the name being typed: the next letter starts a new one.
    if (handled) typeAhead.current = NO_TYPE_AHEAD;
    else if (!e.nativeEvent.isComposing && !isTextField(e.target) && isTypeAheadKey(e.key)) {
      // Matched over `rows`: the rows the UI already has (roots and the loaded children of
      // open rows), the rows the tree shows; the worker is never asked for the rest of the tree.
      handled = true;
      typeAhead.current = typeAheadAfter(typeAhead.current, e.key, e.timeStamp);
      const hit = typeAheadMatch(rows.map((n) => n.name), i, typeAhead.current.prefix);
      if (hit >= 0) moveTo(rows[hit]);
    }
    if (handled) e.preventDefault();
  };

  const [first, last] = visibleRange({ scrollTop: vp.scrollTop, height: vp.height - HEADER_HEIGHT }, ROW_HEIGHT, rows.length);
  const searching = matched !== null;

  if (data.error) return <p className="error-text ct-message">Could not read the call tree: {data.error}</p>;

  return (
    <div
      ref={scroller}
      className={`ct-grid${searching ? ' ct-searching' : ''}`}
      role="treegrid"
      aria-label="Call tree"
      aria-rowcount={rows.length + 1}
      aria-colcount={5}
      aria-activedescendant={focus && indexOf.has(focus) ? `ct-row-${focus.id}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="ct-head">
        <div role="row" className="ct-row ct-head-row" aria-rowindex={1}>
          <div role="columnheader" className="ct-cell ct-name-cell">
            Function
          </div>
          <div role="columnheader" className="ct-cell num" title="Time in the calls of this path, callees included">
            Total
          </div>
          <div role="columnheader" className="ct-cell num" title="Time in the function itself, callees excluded">
            Self
          </div>
          <div role="columnheader" className="ct-cell num" title="Calls of this path; on a task row, its root calls (made at the task's top level)">
            Calls
          </div>
          <div role="columnheader" className="ct-cell num" title="Share of the total time of all roots in view">
            % of all
          </div>
        </div>
      </div>
      {data.roots === null && <p className="muted ct-message">Building the call tree…</p>}
      {data.roots?.length === 0 && <p className="muted ct-message">{noCallsText(trace, 'No calls in view: check the filters.')}</p>}
      <div role="rowgroup" className="ct-body" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((node, k) => {
          const index = first + k;
          const expandable = node.childCount > 0;
          const expanded = expandable && data.isExpanded(node);
          const isFocus = node === focus;
          const hit = searching && !node.isTask && matched.has(node.func);
          const cls = [
            'ct-row',
            isFocus ? 'ct-focus' : '',
            node.isTask ? 'ct-task' : '',
            hit ? 'ct-hit' : aboveHits?.has(node) ? 'ct-above-hit' : searching ? 'ct-dim' : '',
            !node.isTask && node.name === selectedFunction ? 'ct-selected-fn' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <div
              key={node.id}
              id={`ct-row-${node.id}`}
              role="row"
              className={cls}
              aria-level={node.depth + 1}
              aria-expanded={expandable ? expanded : undefined}
              aria-selected={isFocus}
              aria-rowindex={index + 2}
              style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
              onClick={() => {
                moveTo(node);
                select(node);
              }}
              onDoubleClick={() => toggle(node)}
              onContextMenu={(e) => {
                e.preventDefault();
                moveTo(node);
                openMenu(node, e.clientX, e.clientY);
              }}
            >
              <div role="gridcell" className="ct-cell ct-name-cell" style={{ paddingLeft: 4 + node.depth * INDENT }}>
                <span
                  className={`ct-twisty${expandable ? '' : ' ct-leaf'}`}
                  aria-hidden="true"
                  onClick={(e) => {
                    if (!expandable) return;
                    e.stopPropagation();
                    moveTo(node);
                    toggle(node);
                  }}
                >
                  {expandable ? (expanded ? '▾' : '▸') : ''}
                </span>
                <span className="ct-fn" title={node.name}>
                  {node.name}
                </span>
                {!node.isTask && <SourceLink name={node.name} tabIndex={-1} />}
              </div>
              {/* NaN (no call of the row returned in the trace) prints as "—" with a tooltip saying why. */}
              <div role="gridcell" className="ct-cell num" title={unknownTimeTitle(node.total)}>
                {formatDuration(node.total)}
              </div>
              {/* Task roots have no self time; bottom-up callers carry none by definition. */}
              {node.isTask || (data.key.inverted && node.depth > 0) ? (
                <div role="gridcell" className="ct-cell num" />
              ) : (
                <div role="gridcell" className="ct-cell num" title={unknownTimeTitle(node.self)}>
                  {formatDuration(node.self)}
                </div>
              )}
              {/* A task row counts its root calls only, not all its calls (the task picker's count): say so. */}
              <div
                role="gridcell"
                className="ct-cell num"
                title={node.isTask ? `${formatCount(node.calls)} root calls: calls made at the task's top level` : undefined}
              >
                {formatCount(node.calls)}
                {node.isTask && <span className="count-kind">root</span>}
              </div>
              <div role="gridcell" className="ct-cell num ct-share">
                <span
                  className="ct-share-bar"
                  aria-hidden="true"
                  style={{ width: `${data.rootTotal > 0 && node.total > 0 ? Math.min(100, (100 * node.total) / data.rootTotal) : 0}%` }}
                />
                <span className="ct-share-text">{formatShare(node.total, data.rootTotal)}</span>
              </div>
            </div>
          );
        })}
      </div>
      {frameMenu.menu}
    </div>
  );
}
