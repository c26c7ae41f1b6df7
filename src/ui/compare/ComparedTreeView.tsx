/**
 * The "Compared call tree" tab: the merged top-down tree of the two sides (paths matched
 * by names), with A's and B's figures of the compared quantity, the change, and each
 * side's calls. Rows on one side only are marked ("only in A", "only in B"). An ARIA
 * treegrid with the call tree's keys: Up/Down, Right (expand / first child), Left
 * (collapse / parent), Enter (toggle), Home/End. The focused row is compare.focusPath
 * (names from the root), so a link reopens it. The legend's filter and the search dim
 * the other rows. A right click or the menu key opens the frame menu, with Compare from here.
 */
import { NameInB } from './NameInB';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { fetchComparedTreeLevels, presenceList, type ComparedTreeRows } from '../../state/compare-queries';
import { setCompare, setExplore, useAppStore } from '../../state/store';
import { formatCount } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { formatDelta, formatQuantity, QUANTITY_LABEL } from './compare-format';
import { flattenRows, pathKey, pathOfKey, treeMove } from './compared-tree-rows';
import { compareRequest, useCompareQuestion } from './use-compare-question';
import { isMenuKey, useFrameMenu } from '../context-menu/FrameMenu';
import { compareFromHere } from './compare-from-here';

const INDENT = 14;

/** Every prefix of a path (the rows to open to show it). */
const prefixes = (path: readonly string[]) => path.slice(0, -1).map((_, i) => path.slice(0, i + 1));

export function ComparedTreeView() {
  const question = useCompareQuestion();
  const focusPath = useAppStore((s) => s.compare.focusPath);
  const presence = useAppStore((s) => s.compare.presence);
  const [levels, setLevels] = useState<Map<string, ComparedTreeRows>>(new Map());
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(prefixes(focusPath).map(pathKey)));
  const [error, setError] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;

  // A new question: the roots and every open path again, in one request.
  useEffect(() => {
    let live = true;
    const paths = [[], ...[...expandedRef.current].map(pathOfKey)];
    fetchComparedTreeLevels(compareRequest(question), paths).then(
      (t) => {
        if (!live || !t) return;
        const next = new Map<string, ComparedTreeRows>();
        t.levels.forEach((l, i) => l && next.set(pathKey(paths[i]), l));
        setLevels(next);
        setError(null);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [question]);

  const rows = useMemo(() => flattenRows(levels, expanded), [levels, expanded]);
  const focusKey = pathKey(focusPath);
  const focus = rows.findIndex((r) => r.key === focusKey);

  const expand = (path: string[]) => {
    const key = pathKey(path);
    setExpanded((old) => new Set(old).add(key));
    if (levels.has(key)) return;
    fetchComparedTreeLevels(compareRequest(question), [path]).then(
      (t) => {
        const l = t?.levels[0];
        if (l) setLevels((old) => new Map(old).set(key, l));
      },
      () => undefined,
    );
  };
  const collapse = (key: string) =>
    setExpanded((old) => {
      const next = new Set(old);
      next.delete(key);
      return next;
    });

  useEffect(() => {
    if (focus >= 0) document.getElementById(`cmp-row-${focus}`)?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const frameMenu = useFrameMenu();
  const openMenu = (name: string, path: readonly string[], x: number, y: number) =>
    frameMenu.open({ name, stack: path, x, y, onHookPoints: () => setExplore({ selectedFunction: name }), actions: compareFromHere(name) });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isMenuKey(e) && focus >= 0) {
      e.preventDefault();
      const box = document.getElementById(`cmp-row-${focus}`)?.getBoundingClientRect();
      openMenu(rows[focus].level.names[rows[focus].r], rows[focus].path, box ? box.left + 24 : 0, box ? box.bottom : 0);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = treeMove(rows, focus, e.key);
    if (!move) return;
    e.preventDefault();
    if ('to' in move) setCompare({ focusPath: rows[move.to].path });
    else if ('expand' in move) expand(rows[move.expand].path);
    else collapse(rows[move.collapse].key);
  };

  const q = question.quantity;
  const keep = presenceList(presence);
  const searching = question.search.trim() !== '';
  return (
    <section className="cmp-tree" aria-label="Compared call tree view">
      {error && <p className="error-text">Could not compare the call trees: {error}</p>}
      <div
        ref={grid}
        className="ct-grid cmp-tree-grid"
        role="treegrid"
        aria-label="Compared call tree"
        aria-activedescendant={focus >= 0 ? `cmp-row-${focus}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="row" className="ct-row ct-head-row">
          <div role="columnheader" className="ct-cell ct-name-cell">
            Call path
          </div>
          <div role="columnheader" className="ct-cell num" title={`A's ${QUANTITY_LABEL[q]}`}>
            A
          </div>
          <div role="columnheader" className="ct-cell num" title={`B's ${QUANTITY_LABEL[q]}`}>
            B
          </div>
          <div role="columnheader" className="ct-cell num" title="B − A">
            Change
          </div>
          <div role="columnheader" className="ct-cell num">
            A calls
          </div>
          <div role="columnheader" className="ct-cell num">
            B calls
          </div>
        </div>
        {rows.map((row, i) => {
          const { level: l, r } = row;
          const p = l.presence[r];
          const dim = (keep.length > 0 && !keep.includes(p as 1 | 2 | 3)) || (searching && l.matched[r] === 0);
          const cls = ['ct-row', i === focus ? 'ct-focus' : '', p === 1 ? 'ct-only-a' : p === 2 ? 'ct-only-b' : '', dim ? 'ct-dim' : '', searching && l.matched[r] ? 'ct-hit' : '']
            .filter(Boolean)
            .join(' ');
          return (
            <div
              key={row.key}
              id={`cmp-row-${i}`}
              role="row"
              className={cls}
              data-presence={p}
              aria-level={row.depth + 1}
              aria-expanded={row.expandable ? row.expanded : undefined}
              aria-selected={i === focus}
              onClick={() => {
                setCompare({ focusPath: row.path });
                setExplore({ selectedFunction: l.names[r] });
                grid.current?.focus();
              }}
              onDoubleClick={() => (row.expanded ? collapse(row.key) : row.expandable && expand(row.path))}
              onContextMenu={(e) => {
                e.preventDefault();
                setCompare({ focusPath: row.path });
                setExplore({ selectedFunction: l.names[r] });
                openMenu(l.names[r], row.path, e.clientX, e.clientY);
              }}
            >
              <div role="gridcell" className="ct-cell ct-name-cell" style={{ paddingLeft: 4 + row.depth * INDENT }}>
                <span
                  className={`ct-twisty${row.expandable ? '' : ' ct-leaf'}`}
                  aria-hidden="true"
                  onClick={(e) => {
                    e.stopPropagation();
                    if (row.expanded) collapse(row.key);
                    else if (row.expandable) expand(row.path);
                  }}
                >
                  {row.expandable ? (row.expanded ? '▾' : '▸') : ''}
                </span>
                <span className="ct-fn ct-name" title={l.names[r]}>
                  {l.names[r]}
                </span>
                <NameInB name={l.namesB[r]} />
                {p !== 3 && <span className="visually-hidden">{p === 1 ? ' (only in A)' : ' (only in B)'}</span>}
                <SourceLink name={l.names[r]} tabIndex={-1} />
              </div>
              <div role="gridcell" className="ct-cell num">
                {formatQuantity(l.valueA[r], q)}
              </div>
              <div role="gridcell" className="ct-cell num">
                {formatQuantity(l.valueB[r], q)}
              </div>
              <div role="gridcell" className={`ct-cell num ${l.delta[r] > 0 ? 'more' : l.delta[r] < 0 ? 'less' : ''}`}>
                {formatDelta(l.delta[r], q)}
              </div>
              <div role="gridcell" className="ct-cell num">
                {formatCount(l.callsA[r])}
              </div>
              <div role="gridcell" className="ct-cell num">
                {formatCount(l.callsB[r])}
              </div>
            </div>
          );
        })}
        {levels.size > 0 && rows.length === 0 && <p className="muted ct-message">No calls in view on either side.</p>}
      </div>
      {frameMenu.menu}
    </section>
  );
}
