/**
 * How the two sides are compared: the quantity (self time, total time, calls) and the
 * normalisation (raw; B scaled to A's total; per call of a chosen function on each side,
 * e.g. per `__x64_sys_sendto` call: the data are exact counts, so one connection compares
 * with one connection whatever each trace recorded).
 */
import { useState } from 'react';
import type { CompareQuantity } from '../../core/query/compare';
import { setCompare, useAppStore } from '../../state/store';

export function CompareSettings() {
  const quantity = useAppStore((s) => s.compare.quantity);
  const norm = useAppStore((s) => s.compare.normalisation);
  const zoomPath = useAppStore((s) => s.compare.zoomPath);
  const [root, setRoot] = useState(norm.kind === 'perCall' ? norm.root : '');
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
      {norm.kind === 'perCall' && (
        <form
          className="toolbar-field"
          onSubmit={(e) => {
            e.preventDefault();
            applyRoot(root);
          }}
        >
          <input
            className="cmp-root"
            aria-label="Per call of function"
            placeholder="__x64_sys_sendto"
            value={root}
            spellCheck={false}
            onChange={(e) => setRoot(e.target.value)}
            onBlur={() => applyRoot(root)}
          />
        </form>
      )}
    </div>
  );
}
