/**
 * Side B's own time range (compare mode): from and to, in milliseconds from the start of
 * B's calls (its filter's task, CPU and syscalls applied), set with Enter or "Set". A's
 * range is the overview's brush, as in every view; "Take A's time range" (SideBFilters)
 * copies it for one trace against itself. The range travels in the link (`br`).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { fetchTimelineB, sideFilter, type TimelineB } from '../../state/compare-queries';
import { setCompare, useAppStore } from '../../state/store';
import { formatDuration } from '../format';
import { rangeFromMs, rangeToMs } from '../../lib/range-ms';

export function SideBRange() {
  const filterB = useAppStore((s) => s.compare.filterB);
  const irq = useAppStore((s) => s.explore.irq);
  const epoch = useAppStore((s) => s.compare.epoch);
  const [span, setSpan] = useState<TimelineB | null>(null);
  const { tasks, cpus, syscallsOnly } = filterB;
  useEffect(() => {
    let live = true;
    fetchTimelineB(sideFilter({ tasks, cpus, syscallsOnly, range: null }, irq)).then(
      (t) => live && t && setSpan(t),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [tasks, cpus, syscallsOnly, irq, epoch]);
  const start = span?.startNs ?? 0;
  const [shownFrom, shownTo] = rangeToMs(filterB.range, start);
  const [from, setFrom] = useState(shownFrom);
  const [to, setTo] = useState(shownTo);
  // A range set elsewhere (a link, "Take A's time range", clear) shows in the inputs.
  useEffect(() => {
    setFrom(shownFrom);
    setTo(shownTo);
  }, [shownFrom, shownTo]);
  if (!span?.hasTimestamps) return null;
  const whole = span.endNs - span.startNs;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const range = rangeFromMs(from, to, span.startNs, span.endNs);
    if (range) setCompare({ filterB: { ...filterB, range }, zoomPath: [], focusPath: [] });
  };
  return (
    <form className="cmp-side-b-range" onSubmit={submit} aria-label="Side B time range">
      <label className="toolbar-field" title={`Milliseconds from the start of B's calls (B spans ${formatDuration(whole)})`}>
        <span>B from</span>
        <input
          type="number"
          className="cmp-ms"
          aria-label="Side B range from (ms)"
          min={0}
          step="any"
          value={from}
          placeholder="0"
          onChange={(e) => setFrom(e.target.value)}
        />
      </label>
      <label className="toolbar-field">
        <span>to</span>
        <input
          type="number"
          className="cmp-ms"
          aria-label="Side B range to (ms)"
          min={0}
          step="any"
          value={to}
          placeholder={(whole / 1e6).toFixed(3)}
          onChange={(e) => setTo(e.target.value)}
        />
        <span>ms</span>
      </label>
      <button type="submit" className="button small">
        Set B&apos;s range
      </button>
    </form>
  );
}
