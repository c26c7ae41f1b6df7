/**
 * How the two sides are compared: the quantity (self time, total time, calls) and the
 * normalisation (raw; B scaled to A's total; per call of a chosen function on each side,
 * e.g. per `__x64_sys_sendto` call: the data are exact counts, so one connection compares
 * with one connection whatever each trace recorded); where the paths start ("Paths
 * from": the first frame, or a function both sides reach by different callers); and how
 * names meet ("Names": across builds, a clone named apart by two kernel builds being one
 * function, core/query/build-names.ts; or exactly).
 */
import { FunctionNameField } from './FunctionNameField';
import { useState } from 'react';
import type { CompareQuantity } from '../../core/query/compare';
import { setCompare, useAppStore } from '../../state/store';
import { setPathsFrom } from '../../state/compare-actions';

export function CompareSettings() {
  const quantity = useAppStore((s) => s.compare.quantity);
  const norm = useAppStore((s) => s.compare.normalisation);
  const zoomPath = useAppStore((s) => s.compare.zoomPath);
  const [root, setRoot] = useState(norm.kind === 'perCall' ? norm.root : '');
  // The function the box shows follows the store too: a link's or a Back step's "per call of"
  // is applied after this mounted (side B ready), and the box stayed empty under figures per
  // call of a function it did not name.
  const storeRoot = norm.kind === 'perCall' ? norm.root : null;
  const [shownRoot, setShownRoot] = useState(storeRoot);
  if (shownRoot !== storeRoot) {
    setShownRoot(storeRoot);
    if (storeRoot !== null) setRoot(storeRoot);
  }
  const pathsFrom = useAppStore((s) => s.compare.pathsFrom);
  const exactNames = useAppStore((s) => s.compare.exactNames);
  // "A function…" chosen, its name not given yet (the store keeps only a chosen function).
  const [fromPicked, setFromPicked] = useState(false);
  const [fromText, setFromText] = useState(pathsFrom ?? '');
  // The name the box shows follows the store (Compare from here, the chip's clear, a link).
  const [shownFrom, setShownFrom] = useState(pathsFrom);
  if (shownFrom !== pathsFrom) {
    setShownFrom(pathsFrom);
    setFromText(pathsFrom ?? '');
    setFromPicked(false);
  }
  const fromFunction = pathsFrom !== null || fromPicked;
  const applyRoot = (name: string) => {
    const r = name.trim();
    if (r !== '') setCompare({ normalisation: { kind: 'perCall', root: r } });
  };
  return (
    <div className="cmp-settings">
      <label className="toolbar-field">
        <span className="toolbar-label">Compare</span>
        <select
          className="toolbar-select"
          aria-label="Compared quantity"
          value={quantity}
          onChange={(e) => setCompare({ quantity: e.target.value as CompareQuantity })}
        >
          <option value="self">Self time</option>
          <option value="total">Total time</option>
          <option value="calls">Calls</option>
        </select>
      </label>
      <label className="toolbar-field">
        <span className="toolbar-label">Normalise</span>
        <select
          className="toolbar-select"
          aria-label="Normalisation"
          value={norm.kind}
          onChange={(e) => {
            const kind = e.target.value;
            if (kind === 'raw' || kind === 'scaled') setCompare({ normalisation: { kind } });
            else {
              const r = root.trim() || zoomPath[zoomPath.length - 1] || '';
              setRoot(r);
              if (r) applyRoot(r);
              else setCompare({ normalisation: { kind: 'perCall', root: '' } });
            }
          }}
        >
          <option value="raw">Raw figures</option>
          <option value="scaled">B scaled to A&apos;s total</option>
          <option value="perCall">Per call of…</option>
        </select>
      </label>
      <label className="toolbar-field" title="Where every compared path starts: the first frame below the task, or a function (only the calls inside it, on both sides)">
        <span className="toolbar-label">Paths from</span>
        <select
          className="toolbar-select"
          aria-label="Paths from"
          value={fromFunction ? 'function' : 'first'}
          onChange={(e) => {
            if (e.target.value === 'first') {
              setFromPicked(false);
              setPathsFrom(null);
            } else {
              const f = fromText.trim() || zoomPath[zoomPath.length - 1] || '';
              setFromText(f);
              setFromPicked(true);
              if (f) setPathsFrom(f);
            }
          }}
        >
          <option value="first">The first frame</option>
          <option value="function">A function…</option>
        </select>
      </label>
      <label
        className="toolbar-field"
        title="Across builds: a name one side lacks meets the other side's one clone of it at the same place (tcp_sendmsg_locked.isra.0 in A, .isra.1 or no suffix in B: two kernel builds), named as in A with B's name beside. Exact: names meet only as written."
      >
        <span className="toolbar-label">Names</span>
        <select
          className="toolbar-select"
          aria-label="Names"
          value={exactNames ? 'exact' : 'builds'}
          onChange={(e) => setCompare({ exactNames: e.target.value === 'exact' })}
        >
          <option value="builds">Across builds (foo.isra.0 = foo.isra.1)</option>
          <option value="exact">Exact</option>
        </select>
      </label>
      {fromFunction && (
        <FunctionNameField
          label="Paths from function"
          placeholder="tcp_sendmsg"
          value={fromText}
          onChange={setFromText}
          onApply={(name) => {
            if (name.trim()) setPathsFrom(name.trim());
          }}
        />
      )}
      {norm.kind === 'perCall' && <FunctionNameField label="Per call of function" placeholder="__x64_sys_sendto" value={root} onChange={setRoot} onApply={applyRoot} />}
    </div>
  );
}
