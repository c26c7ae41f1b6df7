/** Test helpers: a model's calls written out as text, and its per-task self-time balance. */
import { CallFlag } from '../core/model/call-table';
import type { TraceModel } from '../core/model/tables';

/** `name total self [flags]` per call, indented by tree depth, children by start. */
export function callTreeLines(m: TraceModel): string[] {
  const c = m.calls;
  const level = (i: number): number => (c.parent[i] < 0 ? 0 : 1 + level(c.parent[i]));
  const out: string[] = [];
  const visit = (p: number) => {
    const kids = [...Array(c.length).keys()].filter((i) => c.parent[i] === p).sort((a, b) => c.start[a] - c.start[b] || a - b);
    for (const i of kids) {
      const flags = Object.entries(CallFlag).filter(([, v]) => c.flags[i] & v).map(([k]) => k).join(',');
      out.push(`${'  '.repeat(level(i))}${m.strings.get(c.func[i])} ${c.duration[i]} ${c.self[i]}${flags ? ` [${flags}]` : ''}`);
      visit(i);
    }
  };
  visit(-1);
  return out;
}

/** Per task, [the self times summed, the outermost calls' durations summed]. */
export function selfAndOuter(m: TraceModel): [number, number][] {
  const c = m.calls;
  const sums = m.tasks.map((): [number, number] => [0, 0]);
  for (let i = 0; i < c.length; i++) {
    sums[c.task[i]][0] += c.self[i];
    if (c.parent[i] < 0) sums[c.task[i]][1] += c.duration[i];
  }
  return sums;
}
