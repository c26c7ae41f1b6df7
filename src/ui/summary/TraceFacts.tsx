/** One row of headline numbers: format, lines (a trace.dat's records), calls, tasks, functions, events, load time. */
import { useAppStore } from '../../state/store';
import { formatCount, formatElapsed } from '../format';
import { capitalized, inputUnit } from '../input-unit';

export function TraceFacts() {
  const summary = useAppStore((s) => s.session.summary);
  const info = useAppStore((s) => s.session.info);
  if (!summary || !info) return null;
  const facts: [string, string][] = [
    ['Format', info.formatLabel],
    [capitalized(inputUnit(info.format).many), formatCount(summary.lines)],
    ['Calls', formatCount(summary.calls)],
    ['Tasks', formatCount(summary.tasks.length)],
    ['Functions', formatCount(summary.functionCount)],
    ['Events', formatCount(summary.events)],
    ['Loaded in', formatElapsed(info.elapsedMs)],
  ];
  if (summary.kernelRelease) facts.splice(1, 0, ['Kernel', summary.kernelRelease]);
  return (
    <dl className="facts" aria-label="Trace facts">
      {facts.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd data-fact={label.toLowerCase()}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
